"""Anchors: validation of a selection and re-anchoring after the text changes (no database)."""

from __future__ import annotations

from annotations.anchoring import Anchor, anchor_for, reanchor, validate_selection

TEXT = (
    "The leaders met in Beijing on Thursday. One notable uncompleted agreement was the "
    "Power of Siberia 2 pipeline, intended to carry gas to China. Talks went on late.\n\n"
    "Energy dominated the second day, and the pipeline came up again in the evening."
)


def anchor_of(text: str, phrase: str, occurrence: int = 1) -> Anchor:
    start = -1
    for _ in range(occurrence):
        start = text.index(phrase, start + 1)
    return anchor_for(text, start, start + len(phrase))


def test_anchor_keeps_32_characters_of_context():
    anchor = anchor_of(TEXT, "Power of Siberia 2")
    assert len(anchor.prefix) == 32
    assert len(anchor.suffix) == 32
    assert TEXT.endswith(anchor_for(TEXT, len(TEXT) - 5, len(TEXT)).exact)


def test_selection_validation():
    assert validate_selection(TEXT, 0, 3, "The") is None
    assert "outside the article" in validate_selection(TEXT, 10, 10**6, "x")
    assert "outside the article" in validate_selection(TEXT, 5, 5, "")
    assert "does not match" in validate_selection(TEXT, 0, 3, "Tha")
    assert "whitespace" in validate_selection("a   b", 1, 4, "   ")


def test_unchanged_text_keeps_the_position():
    anchor = anchor_of(TEXT, "Power of Siberia 2")
    assert reanchor(TEXT, anchor).method == "position"


def test_a_word_inserted_before_moves_the_anchor():
    anchor = anchor_of(TEXT, "Power of Siberia 2")
    edited = TEXT.replace("The leaders met", "The two leaders met")
    placed = reanchor(edited, anchor)
    assert edited[placed.start : placed.end] == "Power of Siberia 2"
    assert placed.method == "quote"


def test_of_two_occurrences_the_context_decides():
    anchor = anchor_of(TEXT, "the pipeline", occurrence=1)
    edited = "Preface added here. " + TEXT
    placed = reanchor(edited, anchor)
    assert placed.start == edited.index("the pipeline came up")


def test_a_small_edit_inside_the_passage_is_found_fuzzily():
    anchor = anchor_of(
        TEXT, "One notable uncompleted agreement was the Power of Siberia 2 pipeline"
    )
    edited = TEXT.replace("uncompleted agreement", "unfinished agreement")
    placed = reanchor(edited, anchor)
    assert placed.method == "fuzzy"
    assert edited[placed.start : placed.end].startswith("One notable unfinished")


def test_a_deleted_passage_cannot_be_placed():
    anchor = anchor_of(TEXT, "Talks went on late.")
    edited = TEXT.replace(" Talks went on late.", "")
    assert reanchor(edited, anchor) is None


def test_characters_outside_the_basic_plane_count_once():
    text = "Emoji 😀 then Putin spoke at length about 𠀋 things."
    anchor = anchor_of(text, "Putin spoke")
    edited = "🇨🇳 " + text
    placed = reanchor(edited, anchor)
    assert edited[placed.start : placed.end] == "Putin spoke"
