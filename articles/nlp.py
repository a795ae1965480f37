"""The spaCy pipeline, loaded once per process from the installed package ``SPACY_MODEL``."""

from __future__ import annotations

from functools import lru_cache

import spacy
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from spacy.language import Language


@lru_cache(maxsize=2)
def load_pipeline(name: str | None = None) -> Language:
    """Load an installed pipeline package; never downloads anything."""
    model = name or settings.SPACY_MODEL
    try:
        nlp = spacy.load(model)
        nlp.max_length = max(nlp.max_length, 5_000_000)  # a 1 MB article must not raise
        return nlp
    except OSError as exc:
        raise ImproperlyConfigured(
            f"SPACY_MODEL={model!r} is not an installed spaCy pipeline package: {exc}"
        ) from exc
