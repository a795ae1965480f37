"""The one spaCy loader: an installed pipeline package by name, once per process.

The caller passes the name (the apps pass their ``SPACY_MODEL`` setting); nothing is ever
downloaded. ``sentence_pipeline`` is the cheap variant for work that needs sentences only.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

PARAGRAPHS = "summit_paragraph_breaks"
# What a sentence-only pipeline leaves out: the statistical segmenter (``senter``) gives the
# parser's boundaries at a fifth of the time.
NOT_FOR_SENTENCES = ("tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


class PipelineNotInstalled(LookupError):
    """``name`` is not an installed spaCy pipeline package."""


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


def _installed(name: str, exclude: tuple[str, ...] | list[str]) -> Language:
    try:
        return spacy.load(name, exclude=list(exclude))
    except OSError as exc:
        raise PipelineNotInstalled(
            f"{name!r} is not an installed spaCy pipeline package: {exc}"
        ) from exc


@lru_cache(maxsize=4)
def load_pipeline(name: str, exclude: tuple[str, ...] = ()) -> Language:
    """The installed pipeline package ``name`` without the components in ``exclude``, with
    the paragraph-break component before its NER. Raises ``PipelineNotInstalled``."""
    nlp = _installed(name, exclude)
    nlp.max_length = max(nlp.max_length, 5_000_000)
    if PARAGRAPHS not in nlp.pipe_names:
        anchor = "ner" if "ner" in nlp.pipe_names else None
        nlp.add_pipe(PARAGRAPHS, before=anchor) if anchor else nlp.add_pipe(PARAGRAPHS)
    return nlp


@lru_cache(maxsize=2)
def sentence_pipeline(name: str) -> Language:
    """The package's tokenizer and sentence segmenter only; a package without ``senter``
    falls back to spaCy's rule-based ``sentencizer``."""
    probe = _installed(name, NOT_FOR_SENTENCES)
    if "senter" in probe.component_names:
        if "senter" in probe.disabled:
            probe.enable_pipe("senter")
        return probe
    blank = _installed(name, probe.component_names)
    blank.add_pipe("sentencizer")
    return blank
