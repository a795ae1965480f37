"""Line up a theme's passages across articles: the same fact or quote on the same row.

Passages are compared by the content words they share, weighted by how rare each word is
among the theme's passages (tf-idf cosine). The most similar passages of different articles
join one row (never two passages of one article on a row); rows are then ordered so that
each is followed by the row most like it, which keeps related rows (the pipeline deal, then
gas in general) next to each other. Plain functions; no database.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from articles.text.words import folded_words

SAME_ROW = 0.3
NEARBY = 0.08
# In large sets, words in more than this share of the passages add little to a cosine and
# most of the pairs to compute: they are left out of the candidate search.
COMMON_SHARE = 0.05
COMMON_FROM = 200


@dataclass(frozen=True)
class PassageText:
    key: Hashable
    article: int
    text: str
    position: float = 0.0  # where in its article the passage stands, 0–1


def content_words(text: str) -> list[str]:
    return [_stem(w) for w in folded_words(text) if w not in STOP_WORDS and len(w) > 1]


def _stem(word: str) -> str:
    for suffix in ("ing", "ies", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _vectors(passages: Sequence[PassageText]) -> list[dict[str, float]]:
    counts = [Counter(content_words(p.text)) for p in passages]
    document_frequency = Counter(word for count in counts for word in count)
    total = len(passages)
    vectors = []
    for count in counts:
        vector = {w: n * math.log(1 + total / document_frequency[w]) for w, n in count.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors.append({w: v / norm for w, v in vector.items()})
    return vectors


def similarities(passages: Sequence[PassageText]) -> dict[tuple[int, int], float]:
    """Cosine similarity of every pair of passages sharing a content word (by index); in
    large sets the words most passages share are left out of the sum.
    """
    vectors = _vectors(passages)
    postings: dict[str, list[int]] = defaultdict(list)
    for index, vector in enumerate(vectors):
        for word in vector:
            postings[word].append(index)
    scores: dict[tuple[int, int], float] = defaultdict(float)
    limit = len(passages) * COMMON_SHARE if len(passages) >= COMMON_FROM else len(passages)
    for word, indexes in postings.items():
        if len(indexes) > limit:
            continue
        for i, first in enumerate(indexes):
            weight = vectors[first][word]
            for second in indexes[i + 1 :]:
                scores[(first, second)] += weight * vectors[second][word]
    return dict(scores)


def align_rows(passages: Sequence[PassageText]) -> dict[Hashable, int]:
    """The row (0, 1, …, in display order) of every passage."""
    if not passages:
        return {}
    scores = similarities(passages)
    rows = {index: {index} for index in range(len(passages))}
    row_of = list(range(len(passages)))
    for (first, second), score in sorted(scores.items(), key=lambda item: -item[1]):
        if score < SAME_ROW:
            break
        a, b = row_of[first], row_of[second]
        if a == b:
            continue
        articles_a = {passages[i].article for i in rows[a]}
        if any(passages[i].article in articles_a for i in rows[b]):
            continue
        rows[a] |= rows.pop(b)
        for index in rows[a]:
            row_of[index] = a
    order = _order_rows(passages, rows, row_of, scores)
    return {passages[i].key: number for number, row in enumerate(order) for i in rows[row]}


def _order_rows(passages, rows, row_of, scores) -> list[int]:
    """Start with the row most articles share; follow each row with its most similar."""
    neighbours: dict[int, dict[int, float]] = defaultdict(dict)
    for (first, second), score in scores.items():
        a, b = row_of[first], row_of[second]
        if a != b and score >= NEARBY:
            neighbours[a][b] = max(score, neighbours[a].get(b, 0.0))
            neighbours[b][a] = max(score, neighbours[b].get(a, 0.0))

    def weight(row: int) -> tuple:
        members = rows[row]
        mean_position = sum(passages[i].position for i in members) / len(members)
        return (-len(members), mean_position, min(members))

    remaining = sorted(rows, key=weight)
    placed: list[int] = []
    done: set[int] = set()
    pointer = 0
    while len(placed) < len(rows):
        while remaining[pointer] in done:
            pointer += 1
        current = remaining[pointer]
        while current is not None:
            placed.append(current)
            done.add(current)
            options = [(s, row) for row, s in neighbours[current].items() if row not in done]
            current = (
                max(options, key=lambda option: (option[0], -option[1]))[1] if options else None
            )
    return placed
