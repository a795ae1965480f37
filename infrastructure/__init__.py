"""What every app shares and no app owns: race-safe writes and version checks (``db``),
background work (``background``), answers (``responses``), access checks (``access``), the
undo guard (``undo``) and the spaCy pipelines as configured (``nlp``). Imports no app."""
