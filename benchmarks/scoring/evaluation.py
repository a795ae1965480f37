"""Score quote extraction against labels: recall, precision, speaker accuracy, by rule.

A prediction matches a labelled quote when their spans overlap by at least half of their
union. Precision counts a prediction as right only when it matches a labelled quote *and*
names the same speaker (no speaker where the label has none counts as right too).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from articles.quotes.curated import summit_gazetteer
from newsnlp.quotes.speakers import PERSON, Gazetteer

MIN_OVERLAP = 0.5


@dataclass(frozen=True)
class Labelled:
    start: int
    end: int
    speaker: str | None
    kind: str


@dataclass(frozen=True)
class Predicted:
    start: int
    end: int
    speaker: str | None
    kind: str
    rule: str = ""


@dataclass
class Score:
    labelled: int = 0
    predicted: int = 0
    found: int = 0
    right: int = 0
    person_quotes: int = 0
    person_right: int = 0
    blocks: int = 0
    blocks_right: int = 0
    by_rule: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    errors: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.labelled if self.labelled else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 1.0

    @property
    def person_accuracy(self) -> float:
        return self.person_right / self.person_quotes if self.person_quotes else 1.0

    @property
    def block_accuracy(self) -> float:
        return self.blocks_right / self.blocks if self.blocks else 1.0


def locate(body: str, label: dict) -> Labelled:
    """The span of a labelled quote given by the words it starts and ends with."""
    start = -1
    for _ in range(label.get("occurrence", 1)):
        start = body.index(label["starts"], start + 1)
    end = body.index(label["ends"], start) + len(label["ends"])
    return Labelled(start, end, label.get("speaker"), label.get("kind", "direct"))


def is_person(name: str | None, gazetteer: Gazetteer) -> bool:
    if not name or " and " in name:
        return False
    known = gazetteer.lookup(name)
    return known is None or known.kind == PERSON


def overlap(a, b) -> float:
    inter = min(a.end, b.end) - max(a.start, b.start)
    union = max(a.end, b.end) - min(a.start, b.start)
    return inter / union if inter > 0 and union else 0.0


def score_article(
    labels: list[Labelled], predictions: list[Predicted], score: Score, name: str = ""
) -> Score:
    gazetteer = summit_gazetteer()
    unmatched = list(predictions)
    score.labelled += len(labels)
    score.predicted += len(predictions)
    matched_predictions: set[int] = set()
    for label in labels:
        best = max(unmatched, key=lambda p: overlap(label, p), default=None)
        person = is_person(label.speaker, gazetteer)
        score.person_quotes += person
        score.blocks += label.kind == "block"
        if best is None or overlap(label, best) < MIN_OVERLAP:
            score.errors.append(f"{name}: missed {label.speaker}'s quote at {label.start}")
            continue
        unmatched.remove(best)
        matched_predictions.add(id(best))
        score.found += 1
        correct = best.speaker == label.speaker
        score.right += correct
        score.person_right += person and correct
        score.blocks_right += label.kind == "block" and correct
        tally = score.by_rule[best.rule or "none"]
        tally[0] += 1
        tally[1] += correct
        if not correct:
            score.errors.append(
                f"{name}: quote at {label.start} by {label.speaker}, said {best.speaker} "
                f"({best.rule})"
            )
    for prediction in unmatched:
        score.errors.append(f"{name}: not a quote at {prediction.start} ({prediction.speaker})")
        tally = score.by_rule[prediction.rule or "none"]
        tally[0] += 1
    return score
