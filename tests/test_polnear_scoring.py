"""The PolNeAR loader and scorer behind make bench-attribution, on a tiny brat sample written
for these tests (tests/data/brat: one article, two annotators)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.scoring.polnear import (
    Prediction,
    load_split,
    matches,
    read_ann,
    score,
    source_names,
)

SAMPLE = Path(__file__).parent / "data" / "brat"


def test_the_first_annotator_by_name_is_read_and_its_quotes_are_the_gold():
    ((name, body, gold),) = load_split(SAMPLE, "dev")
    assert name == "senate_2016-01-01_vote"
    assert body.startswith("Senate vote delayed")
    assert [(g.text, g.source, g.named) for g in gold] == [
        ("a step backwards for every family in the state.", "Senator Jane Roe", True),
        ("We will not give up on this fight,", "he", False),
        ("a gift to the largest companies around.", "critics", False),  # two fragments
    ]


def test_relations_join_source_and_content_spans():
    (first,) = read_ann("T1\tSource 0 3\tBob\nT2\tContent 4 9\thello\nE1\tContent:T2 Source:T1\n")
    assert (first.source, first.content, first.content_fragments) == ("Bob", "hello", ((4, 9),))
    assert read_ann("T2\tContent 4 9\thi\nE1\tContent:T2\n")[0].source == ""  # no source


@pytest.mark.parametrize(
    ("source", "names"),
    [
        ("Senator Jane Roe", {"Jane", "Roe"}),
        ("The White House’s spokesman", {"White", "House"}),
        ("He", set()),
        ("critics of the plan", set()),
        ("Mr. Trump", {"Trump"}),
    ],
)
def test_a_source_is_named_by_capitalised_words_that_are_not_pronouns_articles_or_titles(
    source, names
):
    assert source_names(source) == names


def test_a_prediction_matches_by_containment_or_word_overlap():
    gold = "a step backwards for every family in the state."
    assert matches("a step backwards for every family in the state", gold)
    assert matches("step backwards for every family in the", gold)  # contained, < half shorter
    assert not matches("a step backwards", gold)  # contained, but under half of it
    assert matches("every family in the state took a step backwards", gold)  # words overlap
    assert not matches("nothing like it at all", gold)


def test_found_attribution_and_precision():
    ((_, _, gold),) = load_split(SAMPLE, "dev")
    predicted = [
        Prediction("a step backwards for every family in the state.", "Jane Roe"),
        Prediction("We will not give up on this fight,", "Jane Roe"),  # unnamed source
        Prediction("a gift to the largest companies around.", None),  # unattributed
        Prediction("Senate vote delayed again today", "Senate"),  # matches no gold
    ]
    result = score(gold, predicted, "sample")
    assert (result.gold, result.found, result.named, result.named_right) == (3, 3, 1, 1)
    assert (result.attributed, result.attributed_right) == (1, 1)
    wrong = score(gold, [Prediction(gold[0].text, "Critics", "pronoun")], "sample")
    assert (wrong.named_right, wrong.attributed, wrong.attributed_right) == (0, 1, 0)
    assert wrong.by_rule == {"pronoun": [1, 0]}  # where the precision is lost
    assert "Senator Jane Roe" in wrong.errors[0]


def test_a_possessive_is_the_same_word_on_both_sides():
    """A predicted "Ryan’s office" names the Source "Ryan’s office" ("Ryan" either way)."""
    ((_, _, gold),) = load_split(SAMPLE, "dev")
    quote = gold[0]
    office = type(quote)(quote.text, "Roe’s office", source_names("Roe’s office"))
    assert score([office], [Prediction(quote.text, "Roe’s office")]).named_right == 1
    assert score([office], [Prediction(quote.text, "Doe’s office")]).named_right == 0


def test_the_test_split_is_never_read():
    with pytest.raises(ValueError, match="test split"):
        load_split(SAMPLE, "test")
