"""The compare rows' benchmark against hand-labelled passages (issue 36, item 6): what a
gold pair is, what a predicted pair is, and the figures of a tiny labelled file."""

from __future__ import annotations

import json

from benchmarks.scoring.alignment import (
    PairScore,
    Passage,
    gold_pairs,
    labelled_events,
    same_row_pairs,
    score_alignment,
)


def passage(article: str, number: int, fact: str) -> Passage:
    return Passage((article, number), article, fact, f"text {article} {number}")


def test_gold_pairs_join_one_fact_across_articles_only():
    passages = [passage("a", 0, "x"), passage("a", 1, "x"), passage("b", 0, "x"),
                passage("b", 1, "y")]  # fmt: skip
    assert gold_pairs(passages) == {
        frozenset({("a", 0), ("b", 0)}),
        frozenset({("a", 1), ("b", 0)}),
    }


def test_predicted_pairs_are_rows_across_articles():
    passages = [passage("a", 0, "x"), passage("b", 0, "x"), passage("b", 1, "y")]
    rows = {("a", 0): 0, ("b", 0): 0, ("b", 1): 0}
    assert same_row_pairs(rows, passages) == {
        frozenset({("a", 0), ("b", 0)}),
        frozenset({("a", 0), ("b", 1)}),
    }


def test_precision_and_recall_of_pairs():
    score = PairScore()
    score.add({1, 2, 3}, {2, 3, 4, 5})
    assert (score.right, score.predicted, score.gold) == (2, 3, 4)
    assert (round(score.precision, 3), score.recall) == (0.667, 0.5)
    assert (PairScore().precision, PairScore().recall) == (1.0, 1.0)


def test_a_tiny_labelled_file_scores_as_a_reader_would(tmp_path):
    same = "The Kavala pipeline will carry Norwegian gas to Poland from next October."
    bread, prize = "Bakers in Lyon raised bread prices.", "A violinist won the Sibelius prize."
    labelled = {"events": [{"name": "e", "articles": [
        {"id": "a", "passages": [{"fact": "pipe", "text": same},
                                 {"fact": "a-only", "text": bread}]},
        {"id": "b", "passages": [{"fact": "pipe", "text": same.replace("next", "this")},
                                 {"fact": "b-only", "text": prize}]},
    ]}]}  # fmt: skip
    path = tmp_path / "labelled.json"
    path.write_text(json.dumps(labelled), encoding="utf-8")
    report = score_alignment(path)
    assert (report.full.right, report.full.predicted, report.full.gold) == (1, 1, 1)
    assert (report.incremental.right, report.incremental.gold) == (2, 2)
    assert (report.agreeing, report.placed) == (4, 4)


def test_the_labelled_set_covers_several_events_with_pairs_to_find():
    events = labelled_events()
    assert len(events) >= 3
    assert sum(len(gold_pairs(passages)) for _, passages in events) >= 20
