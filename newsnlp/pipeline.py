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
    """A paragraph break is never part of an entity, and a blank line starts a sentence.

    Without this the NER can join a subheading to the name that starts the next paragraph
    ("Few Pledges\\n\\nHelen Marsh"), and the parser can run a heading or a paragraph
    without a final stop into the next paragraph's sentence ("Taking Aim at a World Order
    \\n\\nXi and Putin used …", whose subject then hangs on "Taking"). Only the first word
    after a blank line is marked, and the word after it as inside that sentence (else the
    parser can make "Xi" a sentence of its own); every other boundary is the parser's.
    """
    breaks = [token for token in doc if token.is_space and "\n" in token.text]
    if breaks:
        doc.set_ents([], blocked=[doc[t.i : t.i + 1] for t in breaks], default="unmodified")
    for token in doc[:-1]:
        blank_line = "\n\n" in token.whitespace_ or (token.is_space and "\n\n" in token.text)
        introduced = token.i > 0 and doc[token.i - 1 if token.is_space else token.i].text == ":"
        if blank_line and not introduced:  # "X said:\n\n“…”" stays one sentence
            doc[token.i + 1].is_sent_start = True
            second = token.i + 2  # never a paragraph's first word alone as a sentence
            if second < len(doc) and not (doc[second].is_space or doc[second].is_punct):
                doc[second].is_sent_start = False
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
    the paragraph-break component before its parser (or its NER, or last).
    Raises ``PipelineNotInstalled``."""
    nlp = _installed(name, exclude)
    nlp.max_length = max(nlp.max_length, 5_000_000)
    if PARAGRAPHS not in nlp.pipe_names:
        anchor = next((n for n in ("parser", "ner") if n in nlp.pipe_names), None)
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
