"""Theme suggestions: sentences containing a theme's lexicon terms, found with spaCy's
PhraseMatcher (case-insensitive, on tokens, so "gas" does not match "Gaza").

Sentences come from the ``SPACY_MODEL`` package's statistical sentence segmenter (``senter``)
alone, not the whole parser: the same boundaries at a fifth of the time (the engine's one
loader, ``newsnlp.pipeline.sentence_pipeline``). A model without
``senter`` falls back to spaCy's rule-based ``sentencizer``. Sentences never cross a
paragraph break. Plain functions over text; no database.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher

from infrastructure.nlp import sentence_pipeline


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int


@dataclass(frozen=True)
class Suggestion:
    """A sentence of an article that a theme's lexicon matched, and the terms it contains."""

    theme: int
    start: int
    end: int
    terms: tuple[str, ...]


def _paragraph_sentences(text: str, start: int, end: int) -> list[Sentence]:
    """Split one segmenter sentence at paragraph breaks and trim its whitespace."""
    pieces, cursor = [], start
    chunk = text[start:end]
    for part in chunk.split("\n\n"):
        lead = len(part) - len(part.lstrip())
        body = part.strip()
        if body:
            pieces.append(Sentence(cursor + lead, cursor + lead + len(body)))
        cursor += len(part) + 2
    return pieces


def _matcher(nlp: Language, lexicons: Mapping[int, list[str]]) -> PhraseMatcher:
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for theme, terms in lexicons.items():
        patterns = [nlp.make_doc(term) for term in terms if term.strip()]
        if patterns:
            matcher.add(str(theme), patterns)
    return matcher


def suggest_themes(
    texts: Mapping[int, str], lexicons: Mapping[int, list[str]], nlp: Language | None = None
) -> dict[int, list[Suggestion]]:
    """For each text (by key), one suggestion per (sentence, theme) with a lexicon match."""
    nlp = nlp or sentence_pipeline()
    matcher = _matcher(nlp, lexicons)
    keys = list(texts)
    found: dict[int, list[Suggestion]] = {}
    for key, doc in zip(keys, nlp.pipe(texts[k] for k in keys), strict=True):
        text = texts[key]
        sentences = [
            piece
            for sent in doc.sents
            for piece in _paragraph_sentences(text, sent.start_char, sent.end_char)
        ]
        starts = [sentence.start for sentence in sentences]
        hits: dict[tuple[int, int], set[str]] = defaultdict(set)
        for match_id, first, last in matcher(doc):
            span = doc[first:last]
            index = bisect_right(starts, span.start_char) - 1
            if index < 0 or sentences[index].end < span.end_char:
                continue  # a term across a sentence break is not a match
            theme = int(nlp.vocab.strings[match_id])
            hits[(index, theme)].add(span.text.lower())
        found[key] = [
            Suggestion(theme, sentences[index].start, sentences[index].end, tuple(sorted(terms)))
            for (index, theme), terms in sorted(hits.items())
        ]
    return found
