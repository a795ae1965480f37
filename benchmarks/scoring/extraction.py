"""Body-extraction scoring: word-shingle precision and recall per page, averaged.

The same measure as the Zyte/Scrapinghub article-extraction benchmark's ``evaluate.py``
(MIT licence, https://github.com/scrapinghub/article-extraction-benchmark): the text is cut
into ``\\w+`` tokens, every run of four tokens is a shingle, true and false positives and
negatives are counted over shingles with their multiplicity and normalised per page (so a
long page weighs no more than a short one); precision and recall are the means over pages,
F1 is taken from the two means. Reimplemented here (no bootstrap intervals) so that our dev
datasets are scored exactly as that benchmark scores its pages.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

TOKEN = re.compile(r"\w+")
SHINGLE_WORDS = 4


def shingles(text: str, size: int = SHINGLE_WORDS) -> Counter[tuple[str, ...]]:
    """Runs of ``size`` tokens, counted; a text shorter than that is one shingle."""
    tokens = TOKEN.findall(text or "")
    runs = (tuple(tokens[i : i + size]) for i in range(max(1, len(tokens) - size + 1)))
    return Counter(run for run in runs if run)


def page_counts(true: str, predicted: str) -> tuple[float, float, float]:
    """(tp, fp, fn) over shingles, divided by their sum."""
    gold, found = shingles(true), shingles(predicted)
    tp = sum(min(gold[key], found[key]) for key in gold.keys() | found.keys())
    fp = sum(max(0, found[key] - gold[key]) for key in found)
    fn = sum(max(0, gold[key] - found[key]) for key in gold)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


@dataclass
class ExtractionScore:
    """Pages scored so far; ``precision``/``recall`` are means over pages, as evaluate.py."""

    pages: list[tuple[float, float, float]] = field(default_factory=list)

    def add(self, true: str, predicted: str) -> tuple[float, float, float]:
        counts = page_counts(true, predicted)
        self.pages.append(counts)
        return counts

    @property
    def precision(self) -> float:
        scored = [_precision(*page) for page in self.pages if page[0] + page[1] > 0]
        return statistics.mean(scored) if scored else 0.0

    @property
    def recall(self) -> float:
        scored = [_recall(*page) for page in self.pages if page[0] + page[2] > 0]
        return statistics.mean(scored) if scored else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0
