"""The engine's spaCy pipelines as this project configures them (the ``SPACY_MODEL``
setting): a missing package is a configuration error, reported as one."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from spacy.language import Language

from newsnlp.pipeline import PipelineNotInstalled
from newsnlp.pipeline import load_pipeline as _load
from newsnlp.pipeline import sentence_pipeline as _sentences


def _configured(load: Callable[[str], Language], name: str | None) -> Language:
    model = name or settings.SPACY_MODEL
    try:
        return load(model)
    except PipelineNotInstalled as exc:
        raise ImproperlyConfigured(f"SPACY_MODEL={model!r}: {exc}") from exc


def full_pipeline(name: str | None = None) -> Language:
    """The parser, tagger and NER the quote pipeline runs on."""
    return _configured(_load, name)


def sentence_pipeline(name: str | None = None) -> Language:
    """Sentences only (theme suggestions): cheap to load and to run."""
    return _configured(_sentences, name)
