"""Scoring the compare grid's rows against passages labelled by hand: is "same row" what a
reader would say (precision and recall of same-row pairs), and does a passage placed
incrementally (``compare.reach``, as after an import) get the row-mates a full rebuild
(``align``) gives it? Plain functions over the labelled file; no database."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from compare.alignment import PassageText, align, content_words, join_rows, similarities

from .polnear import share

LABELLED = Path(__file__).resolve().parent.parent / "data" / "alignment_labelled.json"


@dataclass(frozen=True)
class Passage:
    key: tuple[str, int]
    article: str
    fact: str
    text: str


@dataclass
class PairScore:
    """Same-row pairs of passages of different articles: predicted against labelled."""

    right: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return share(self.right, self.predicted)

    @property
    def recall(self) -> float:
        return share(self.right, self.gold)

    def add(self, predicted: set, gold: set) -> None:
        self.right += len(predicted & gold)
        self.predicted += len(predicted)
        self.gold += len(gold)


def labelled_events(path: Path = LABELLED) -> list[tuple[str, list[Passage]]]:
    events = json.loads(path.read_text(encoding="utf-8"))["events"]
    return [
        (
            event["name"],
            [
                Passage((article["id"], n), article["id"], p["fact"], p["text"])
                for article in event["articles"]
                for n, p in enumerate(article["passages"])
            ],
        )
        for event in events
    ]


def _texts(passages: list[Passage]) -> list[PassageText]:
    numbers = {article: i for i, article in enumerate(dict.fromkeys(p.article for p in passages))}
    counts = Counter(p.article for p in passages)
    return [
        PassageText(p.key, numbers[p.article], p.text, p.key[1] / counts[p.article])
        for p in passages
    ]


def same_row_pairs(rows: dict, passages: list[Passage]) -> set[frozenset]:
    by_row = defaultdict(list)
    for passage in passages:
        by_row[rows[passage.key]].append(passage)
    return {
        frozenset((a.key, b.key))
        for members in by_row.values()
        for a, b in combinations(members, 2)
        if a.article != b.article
    }


def gold_pairs(passages: list[Passage]) -> set[frozenset]:
    return {
        frozenset((a.key, b.key))
        for a, b in combinations(passages, 2)
        if a.article != b.article and a.fact == b.fact
    }


def placed_incrementally(passages: list[Passage], article: str) -> dict:
    """The rows after aligning every other article, then adding ``article``'s passages as
    an import does (``compare.reach``): the part of the rows they reach realigned by the
    rows' own rule, every score weighed with the stored vocabulary (the others')."""
    others = [p for p in passages if p.article != article]
    texts = {t.key: t for t in _texts(passages)}
    base = align([texts[p.key] for p in others])
    vectors = {p.key: base.vocabulary.vector(Counter(content_words(p.text))) for p in passages}
    keys = [p.key for p in passages]
    scores = {
        (first, second): score
        for (i, j), score in similarities([vectors[k] for k in keys], base.vocabulary).items()
        for first, second in [(keys[i], keys[j])]
    }
    row_of, _ = join_rows({p.key: texts[p.key].article for p in passages}, scores)
    return row_of


def mates(rows: dict, key) -> set:
    return {other for other, row in rows.items() if row == rows[key] and other != key}


@dataclass
class AlignmentReport:
    full: PairScore
    incremental: PairScore
    agreeing: int  # passages placed incrementally with the row-mates a rebuild gives them
    placed: int


def score_alignment(path: Path = LABELLED) -> AlignmentReport:
    full, incremental = PairScore(), PairScore()
    agreeing = placed = 0
    for _name, passages in labelled_events(path):
        gold = gold_pairs(passages)
        rows = align(_texts(passages)).rows
        full.add(same_row_pairs(rows, passages), gold)
        for article in dict.fromkeys(p.article for p in passages):
            after = placed_incrementally(passages, article)
            touching = {pair for pair in gold if any(k[0] == article for k in pair)}
            predicted = {
                pair
                for pair in same_row_pairs(after, passages)
                if any(k[0] == article for k in pair)
            }
            incremental.add(predicted, touching)
            for passage in (p for p in passages if p.article == article):
                placed += 1
                agreeing += mates(after, passage.key) == mates(rows, passage.key)
    return AlignmentReport(full, incremental, agreeing, placed)
