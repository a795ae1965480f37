"""The reported-speech scorer of ``make bench-attribution`` (issue 30's definitions), on
attributions written for these tests: which PolNeAR attributions are gold, what matches,
and the four figures."""

from __future__ import annotations

import pytest

from benchmarks.scoring.polnear import Attribution, Prediction
from benchmarks.scoring.reported import (
    ReportedScore,
    covers,
    gold_statements,
    is_saying_cue,
    score_reported,
)


@pytest.mark.parametrize(
    ("cue", "saying"),
    [
        ("said", True),
        ("has warned", True),
        ("denies", True),
        ("admitted", True),  # a doubled consonant
        ("according to", True),
        ("continued to call for", True),
        ("called", False),  # "call" counts only as "call for"
        ("believes", False),
        ("wants", False),
        ("according", False),
    ],
)
def test_a_cue_holds_a_verb_of_saying_in_any_form(cue, saying):
    assert is_saying_cue(cue) is saying


def _attribution(content: str, source: str = "Ana Ruiz", cue: str = "said") -> Attribution:
    return Attribution(source, content, ((0, len(content)),), cue)


def test_gold_is_unquoted_content_of_three_words_with_a_saying_cue():
    attributions = [
        _attribution("the pool would reopen in June"),
        _attribution("“the pool would reopen”"),  # quoted: a direct quote
        _attribution("it reopens"),  # two words
        _attribution("the pool would reopen in June", cue="believes"),
        _attribution("the budget was balanced", source="she"),  # not named
    ]
    gold = gold_statements(attributions)
    assert [(g.text, g.named) for g in gold] == [
        ("the pool would reopen in June", True),
        ("the budget was balanced", False),
    ]


def test_a_match_covers_half_of_each_others_words():
    assert covers("the pool would reopen", "the pool would reopen in June")
    assert not covers("the pool", "the pool would reopen in June next year")
    assert not covers("", "the pool would reopen")


def test_the_four_figures_of_one_article():
    attributions = [
        _attribution("the pool would reopen in June"),
        _attribution("the budget was balanced this year", source="Tom Reed"),
        _attribution("taxes would rise", source="she"),
        _attribution("the city wants a new stadium", cue="wants"),  # not gold, still content
    ]
    predicted = [
        Prediction("the pool would reopen in June", "Ana Ruiz"),  # right
        Prediction("the budget was balanced", "Ana Ruiz"),  # found, wrong speaker
        Prediction("the city wants a new stadium", None),  # matches a content, no speaker
        Prediction("nothing anybody said at all", "Tom Reed"),  # matches nothing
    ]
    score = score_reported(attributions, predicted, "test")
    assert (score.gold, score.found, score.named, score.named_right) == (3, 2, 2, 1)
    assert (score.predicted, score.predicted_right) == (4, 3)
    assert (score.attributed, score.attributed_right) == (2, 1)
    total = ReportedScore()
    total.add(score)
    total.add(score)
    assert (total.recall, total.attribution, total.precision, total.speaker_precision) == (
        pytest.approx(2 / 3),
        0.5,
        0.75,
        0.5,
    )
    assert len(total.errors) == 4  # one wrong speaker and one extra, twice
