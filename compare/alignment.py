"""Line up a theme's passages across articles: the same fact or quote on the same row.

Passages are compared by the content words they share, weighted by how rare each word is
among the theme's passages (tf-idf cosine). The most similar passages of different articles
join one row (never two passages of one article on a row); rows are then ordered so that
each is followed by the row most like it, which keeps related rows (the pipeline deal, then
gas in general) next to each other. Plain functions; no database.

Two ways to get rows, meant to agree:

- ``align``: every passage of a theme at once (a full rebuild). It also returns the
  ``Vocabulary`` (each word's document frequency) that fixed the term weights.
- ``place``: a few new passages among rows already stored (an article or an annotation
  changed), scored with the stored vocabulary, so the weights do not drift between
  rebuilds, against candidates from a word index. New rows go after the existing ones.

Words in more than ``MAX_POSTINGS`` passages (or ``COMMON_SHARE`` of them, in sets of
``COMMON_FROM`` or more) are *common*: they still weigh in each vector's length but propose
no pair and add nothing to a score. This bounds the work per passage whatever the size of
the corpus, and both ways apply the same rule.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from spacy.lang.en.stop_words import STOP_WORDS

from newsnlp.text.words import folded_words

SAME_ROW = 0.15
NEARBY = 0.08
COMMON_SHARE = 0.05
COMMON_FROM = 200
MAX_POSTINGS = 100

Vector = dict[str, float]


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


@dataclass(frozen=True)
class Vocabulary:
    """How many of a theme's passages hold each word: the term weights."""

    passages: int
    frequency: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, counts: Sequence[Counter]) -> Vocabulary:
        return cls(len(counts), Counter(word for count in counts for word in count))

    @property
    def common_above(self) -> float:
        if self.passages < COMMON_FROM:
            return float(self.passages)
        return min(self.passages * COMMON_SHARE, MAX_POSTINGS)

    def is_common(self, word: str) -> bool:
        return self.frequency.get(word, 1) > self.common_above

    def vector(self, count: Counter) -> Vector:
        """A passage's unit tf-idf vector (a word never seen counts as seen once)."""
        total = max(self.passages, 1)
        raw = {w: n * math.log(1 + total / self.frequency.get(w, 1)) for w, n in count.items()}
        norm = math.sqrt(sum(v * v for v in raw.values())) or 1.0
        return {w: v / norm for w, v in raw.items()}

    def scored_words(self, vector: Vector) -> Vector:
        """The part of a vector that can score: its words that are not common."""
        return {w: v for w, v in vector.items() if not self.is_common(w)}


def similarities(vectors: Sequence[Vector], vocabulary: Vocabulary) -> dict[tuple[int, int], float]:
    """Score of every pair of passages (by index) sharing a word that is not common."""
    postings: dict[str, list[int]] = defaultdict(list)
    for index, vector in enumerate(vectors):
        for word in vocabulary.scored_words(vector):
            postings[word].append(index)
    scores: dict[tuple[int, int], float] = defaultdict(float)
    for word, indexes in postings.items():
        for i, first in enumerate(indexes):
            weight = vectors[first][word]
            for second in indexes[i + 1 :]:
                scores[(first, second)] += weight * vectors[second][word]
    return dict(scores)


@dataclass
class Alignment:
    rows: dict[Hashable, int]
    vectors: list[Vector]
    vocabulary: Vocabulary


def align(passages: Sequence[PassageText]) -> Alignment:
    """The row (0, 1, …, in display order) of every passage, with what weighed them."""
    counts = [Counter(content_words(p.text)) for p in passages]
    vocabulary = Vocabulary.of(counts)
    vectors = [vocabulary.vector(count) for count in counts]
    if not passages:
        return Alignment({}, vectors, vocabulary)
    scores = similarities(vectors, vocabulary)
    row_of, rows = join_rows({index: p.article for index, p in enumerate(passages)}, scores)
    order = _order_rows(passages, rows, row_of, scores)
    numbers = {passages[i].key: number for number, row in enumerate(order) for i in rows[row]}
    return Alignment(numbers, vectors, vocabulary)


def join_rows(
    articles: Mapping[Hashable, int], scores: Mapping[tuple[Hashable, Hashable], float]
) -> tuple[dict[Hashable, Hashable], dict[Hashable, set[Hashable]]]:
    """The rule that makes rows, for a whole theme (``align``) and for the part of it an
    article's change reaches (``compare.passages``): strongest pair first, pairs scoring
    at least ``SAME_ROW``, never two passages of one article on a row. Returns each
    passage's row (named by one of its passages) and each row's passages."""
    rows = {key: {key} for key in articles}
    row_of = {key: key for key in articles}
    for (first, second), score in sorted(scores.items(), key=lambda item: -item[1]):
        if score < SAME_ROW:
            break
        a, b = row_of[first], row_of[second]
        if a == b:
            continue
        held = {articles[key] for key in rows[a]}
        if any(articles[key] in held for key in rows[b]):
            continue
        rows[a] |= rows.pop(b)
        for key in rows[a]:
            row_of[key] = a
    return row_of, rows


def align_rows(passages: Sequence[PassageText]) -> dict[Hashable, int]:
    """The row (0, 1, …, in display order) of every passage."""
    return align(passages).rows


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


# --- placing new passages among stored rows -----------------------------------------------


@dataclass(frozen=True)
class Stored:
    """A passage already on a row: its row and its article."""

    row: int
    article: int


@dataclass
class Placement:
    rows: dict[Hashable, int]  # new passage key → row
    merged: dict[int, int]  # row → the row it joined (two rows one new passage links)


def place(
    new: Sequence[tuple[Hashable, int]],
    links: Mapping[tuple[Hashable, Hashable], float],
    stored: Mapping[Hashable, Stored],
    row_articles: Mapping[int, Iterable[int]],
    next_row: int,
) -> Placement:
    """Rows for new passages (key, article) given their scores (``links``: (new key, stored
    key) → score) against stored passages, as the full alignment would join them: strongest
    link first, never two passages of one article on a row; a new passage linking two rows
    of disjoint articles joins them. Passages with no link ≥ ``SAME_ROW`` start new rows.
    """
    articles = dict(new)
    members = {row: set(found) for row, found in row_articles.items()}
    merged: dict[int, int] = {}

    def current(row: int) -> int:
        while row in merged:
            row = merged[row]
        return row

    placed: dict[Hashable, int] = {}
    for (key, other), score in sorted(links.items(), key=lambda item: (-item[1], repr(item[0]))):
        if score < SAME_ROW:
            break
        target = current(stored[other].row)
        held = members.setdefault(target, set())
        if key not in placed:
            if articles[key] not in held:
                placed[key] = target
                held.add(articles[key])
            continue
        mine = current(placed[key])
        if mine == target or members[mine] & held:
            continue
        keep, gone = min(mine, target), max(mine, target)
        members[keep] |= members.pop(gone)
        merged[gone] = keep
    for key, _ in new:
        if key in placed:
            placed[key] = current(placed[key])
        else:
            placed[key] = next_row
            next_row += 1
    return Placement(placed, merged)
