"""The body-extraction scorer of ``make bench-cleaning``: word shingles of four, counted per
page and normalised, precision and recall averaged over pages (as the Zyte benchmark's
``evaluate.py`` scores)."""

from __future__ import annotations

import pytest

from benchmarks.scoring.extraction import ExtractionScore, page_counts, shingles


def test_shingles_are_runs_of_four_words_with_their_counts():
    found = shingles("the talks ended, the talks ended")
    assert found[("the", "talks", "ended", "the")] == 1
    assert found[("talks", "ended", "the", "talks")] == 1
    assert sum(found.values()) == 3
    assert shingles("two words") == {("two", "words"): 1}


def test_a_page_counts_are_normalised_to_one():
    true = "one two three four five six"
    tp, fp, fn = page_counts(true, "one two three four five")
    assert (tp, fp, fn) == pytest.approx((2 / 3, 0.0, 1 / 3))


def test_precision_and_recall_are_means_over_pages_and_f1_of_the_means():
    score = ExtractionScore()
    score.add("a b c d e f", "a b c d e f")  # perfect
    score.add("a b c d e f", "a b c d x y z w")  # 1 of 3 true shingles, 1 of 5 predicted
    assert score.recall == pytest.approx((1 + 1 / 3) / 2)
    assert score.precision == pytest.approx((1 + 1 / 5) / 2)
    p, r = score.precision, score.recall
    assert score.f1 == pytest.approx(2 * p * r / (p + r))


def test_an_empty_prediction_has_no_precision_to_average_but_zero_recall():
    score = ExtractionScore()
    score.add("a b c d e", "")
    assert score.recall == 0.0
    assert score.precision == 0.0
