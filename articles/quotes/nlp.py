"""The spaCy pipeline, loaded once per process from the installed package ``SPACY_MODEL``."""

from __future__ import annotations

from functools import lru_cache

import spacy
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from spacy.language import Language
from spacy.tokens import Doc

PARAGRAPHS = "summit_paragraph_breaks"


@Language.component(PARAGRAPHS)
def paragraph_breaks(doc: Doc) -> Doc:
    """A paragraph break is never part of an entity.

    Without this the NER can join a subheading to the name that starts the next paragraph
    ("Few Pledges\\n\\nHelen Marsh"). Sentence boundaries are left to the parser: presetting
    them here made it split elsewhere instead.
    """
    breaks = [token for token in doc if token.is_space and "\n" in token.text]
    if breaks:
        doc.set_ents([], blocked=[doc[t.i : t.i + 1] for t in breaks], default="unmodified")
    return doc


@lru_cache(maxsize=2)
def load_pipeline(name: str | None = None) -> Language:
    """Load an installed pipeline package (never downloads anything) with our component."""
    model = name or settings.SPACY_MODEL
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ImproperlyConfigured(
            f"SPACY_MODEL={model!r} is not an installed spaCy pipeline package: {exc}"
        ) from exc
    nlp.max_length = max(nlp.max_length, 5_000_000)
    if PARAGRAPHS not in nlp.pipe_names:
        anchor = "ner" if "ner" in nlp.pipe_names else None
        nlp.add_pipe(PARAGRAPHS, before=anchor) if anchor else nlp.add_pipe(PARAGRAPHS)
    return nlp
