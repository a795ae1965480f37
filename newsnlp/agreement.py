"""Inter-coder agreement on highlights: Krippendorff's α over word units, and span matching.

The unit is a word of the article's text, a ``\\w+`` run (Python ``re``, Unicode), in order.
For a theme, a coder codes a word 1 when any of their spans carrying the theme covers any
character of it, else 0; a coder who has not marked the article done is missing for its
words (not 0). α is the ``krippendorff`` package's nominal α over coders × units, ``None``
where it cannot be computed (fewer than two coders with values, no variation, no unit two
coders coded). Span agreement, beside it, says *where* coders differ: a span of one coder is
found by another when a span of theirs with the same theme, in the same article, overlaps at
least half of the shorter span's characters.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

import krippendorff

WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class CodedSpan:
    """One coder's highlight: where, and the themes it carries (by slug)."""

    coder: str
    start: int
    end: int
    themes: frozenset[str]


@dataclass(frozen=True)
class ArticleCoding:
    """What the coders of a round did on one article."""

    key: str
    body: str
    done: frozenset[str]  # the coders who marked it done
    spans: tuple[CodedSpan, ...]


@dataclass(frozen=True)
class Alpha:
    alpha: float | None
    units: int
    coders: int

    def as_dict(self) -> dict:
        return {"alpha": self.alpha, "units": self.units, "coders": self.coders}


@dataclass(frozen=True)
class PairAgreement:
    """Coder ``b`` against coder ``a`` on one theme: ``recall`` is the share of a's spans b
    found, ``precision`` the share of b's spans a has; ``None`` where there is nothing to
    share (no span on that side)."""

    coders: tuple[str, str]
    theme: str
    precision: float | None
    recall: float | None
    f1: float | None

    def as_dict(self) -> dict:
        return {"coders": list(self.coders), "theme": self.theme, "precision": self.precision,
                "recall": self.recall, "f1": self.f1}  # fmt: skip


def word_units(body: str) -> list[tuple[int, int]]:
    """(start, end) of every word of the text, in order."""
    return [match.span() for match in WORD.finditer(body)]


def coded_words(words: Sequence[tuple[int, int]], spans: Iterable[CodedSpan]) -> list[int]:
    """1 for each word any of ``spans`` covers a character of, else 0."""
    coded = [0] * len(words)
    starts = [start for start, _ in words]
    for span in spans:
        # The first word ending after the span starts, up to the last starting before it ends.
        index = _first_word_ending_after(words, starts, span.start)
        while index < len(words) and words[index][0] < span.end:
            coded[index] = 1
            index += 1
    return coded


def _first_word_ending_after(words, starts: list[int], position: int) -> int:
    low, high = 0, len(words)
    while low < high:  # words are ordered and do not overlap: their ends are ordered too
        middle = (low + high) // 2
        if words[middle][1] <= position:
            low = middle + 1
        else:
            high = middle
    return low


def theme_rows(article: ArticleCoding, coders: Sequence[str], theme: str) -> list[list[float]]:
    """Coders × the article's words for one theme: 1, 0, or NaN (not done)."""
    words = word_units(article.body)
    rows = []
    for coder in coders:
        if coder not in article.done:
            rows.append([math.nan] * len(words))
            continue
        mine = [s for s in article.spans if s.coder == coder and theme in s.themes]
        rows.append([float(value) for value in coded_words(words, mine)])
    return rows


def alpha_of(rows: list[list[float]]) -> Alpha:
    """Nominal α of a coders × units matrix (NaN: missing), or None where it has no value."""
    units = len(rows[0]) if rows else 0
    coders = sum(1 for row in rows if any(not math.isnan(value) for value in row))
    if coders < 2 or not units:
        return Alpha(None, units, coders)
    try:
        value = krippendorff.alpha(reliability_data=rows, level_of_measurement="nominal")
    except ValueError:  # one value in the whole domain, or no unit two coders coded
        return Alpha(None, units, coders)
    return Alpha(None if math.isnan(value) else float(value), units, coders)


def _joined(parts: list[list[list[float]]], coders: int) -> list[list[float]]:
    """Matrices of the same coders side by side (more units)."""
    return [[value for part in parts for value in part[row]] for row in range(coders)]


def round_agreement(
    articles: Sequence[ArticleCoding], coders: Sequence[str], themes: Sequence[str]
) -> dict:
    """α per theme (per article and for the round), overall α pooling every (theme, word)
    unit, and each pair of coders' span agreement per theme."""
    coders = sorted(coders)
    by_article: dict[str, dict] = {}
    per_theme: dict[str, list[list[list[float]]]] = {theme: [] for theme in themes}
    for article in articles:
        found = {}
        for theme in themes:
            rows = theme_rows(article, coders, theme)
            per_theme[theme].append(rows)
            found[theme] = alpha_of(rows).as_dict()
        by_article[article.key] = {"themes": found}
    theme_alphas = {
        theme: alpha_of(_joined(parts, len(coders))).as_dict() for theme, parts in per_theme.items()
    }
    everything = [rows for parts in per_theme.values() for rows in parts]
    return {
        "themes": theme_alphas,
        "overall": alpha_of(_joined(everything, len(coders))).as_dict(),
        "articles": by_article,
        "pairs": [pair.as_dict() for pair in span_pairs(articles, coders, themes)],
    }


def _overlaps_enough(a: CodedSpan, b: CodedSpan) -> bool:
    shared = min(a.end, b.end) - max(a.start, b.start)
    shorter = min(a.end - a.start, b.end - b.start)
    return shared > 0 and 2 * shared >= shorter


def _found(spans: list[tuple[str, CodedSpan]], others: list[tuple[str, CodedSpan]]) -> int:
    return sum(
        any(key == other_key and _overlaps_enough(span, other) for other_key, other in others)
        for key, span in spans
    )


def span_pairs(
    articles: Sequence[ArticleCoding], coders: Sequence[str], themes: Sequence[str]
) -> list[PairAgreement]:
    """For each pair of coders and theme, on the articles both marked done."""
    pairs = []
    for a, b in combinations(sorted(coders), 2):
        shared = [article for article in articles if {a, b} <= article.done]
        for theme in themes:
            mine = [
                (x.key, s) for x in shared for s in x.spans if s.coder == a and theme in s.themes
            ]
            theirs = [(x.key, s) for x in shared for s in x.spans
                      if s.coder == b and theme in s.themes]  # fmt: skip
            recall = _found(mine, theirs) / len(mine) if mine else None
            precision = _found(theirs, mine) / len(theirs) if theirs else None
            f1 = (
                2 * precision * recall / (precision + recall)
                if precision is not None and recall is not None and precision + recall
                else (0.0 if precision == 0 and recall == 0 else None)
            )
            pairs.append(PairAgreement((a, b), theme, precision, recall, f1))
    return pairs
