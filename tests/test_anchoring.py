"""Anchors: validation of a selection and re-anchoring after the text changes (no database)."""

from __future__ import annotations

from newsnlp.anchoring import Anchor, anchor_for, reanchor, validate_selection

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


TWICE = (
    "The mayor promised a new bridge over the river in spring. Critics said the budget "
    "was thin.\n\nBy autumn the council had approved a new bridge over the river at last, "
    "and the mayor cut the ribbon."
)


def test_of_two_occurrences_the_context_decides():
    assert TWICE.count("a new bridge over the river") == 2
    anchor = anchor_of(TWICE, "a new bridge over the river", occurrence=2)
    edited = "Preface added here. " + TWICE
    placed = reanchor(edited, anchor)
    assert placed.method == "quote"
    assert placed.start == edited.index("a new bridge over the river at last")


def test_the_context_outweighs_the_nearer_occurrence():
    """The second occurrence is highlighted; a long insertion moves it far away while the
    first lands near the old offset. Its context still decides."""
    anchor = anchor_of(TWICE, "a new bridge over the river", occurrence=2)
    edited = "x" * (anchor.start - 19) + " " + TWICE
    placed = reanchor(edited, anchor)
    assert abs(edited.index("a new bridge") - anchor.start) < abs(placed.start - anchor.start)
    assert placed.start == edited.index("a new bridge over the river at last")


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


def test_a_text_cut_down_to_a_fragment_of_the_highlight_orphans_it():
    """rapidfuzz's partial alignment places the shorter string inside the longer: a text
    reduced to "talks" once scored 100 against the highlight "Kremlin talks"."""
    anchor = anchor_for("Kremlin talks ended.", 0, 13)
    assert reanchor("talks", anchor) is None


def test_the_context_starts_at_the_beginning_of_the_text_when_it_is_short():
    anchor = anchor_for("Hello world, again", 6, 11)
    assert (anchor.exact, anchor.prefix, anchor.suffix) == ("world", "Hello ", ", again")


def test_a_selection_may_end_at_the_last_character_and_messages_are_sentences():
    assert validate_selection("Hello world", 6, 11, "world") is None
    assert validate_selection("Hello world", 0, 3, "Hex") == (
        "The selected text does not match the article at those offsets."
    )
    assert validate_selection("a   b", 1, 4, "   ") == "The selection is only whitespace."


def test_the_first_of_two_occurrences_is_found_when_its_context_fits():
    anchor = anchor_of(TWICE, "a new bridge over the river", occurrence=1)
    edited = "Preface. " + TWICE
    placed = reanchor(edited, anchor)
    assert (placed.start, placed.method) == (edited.index("a new bridge"), "quote")


def test_the_prefix_alone_decides_between_occurrences_that_share_their_suffix():
    text = "North said: the fund grows. South said: the fund grows."
    anchor = anchor_for(text, text.index("the fund", 20), text.index("the fund", 20) + 8)
    edited = "Update. " + text
    placed = reanchor(edited, anchor)
    assert placed.start == edited.index("South said: the fund") + len("South said: ")


def test_the_suffix_alone_decides_between_occurrences_that_share_their_prefix():
    text = "The vote: passed in June. The vote: failed in July."
    second = text.index("vote", 10)
    anchor = anchor_for(text, second, second + 4)
    edited = "News. " + text
    placed = reanchor(edited, anchor)
    assert placed.start == edited.index("vote: failed")


def test_a_full_prefix_match_loses_to_a_good_match_on_both_sides():
    """Context is the mean of the prefix's and the suffix's similarity: one side perfect and
    the other wrong scores below both sides nearly right."""
    text = "Ann Lee wrote: the plan works well now. Bob Day wrote: the plan is dead."
    first = text.index("the plan")
    anchor = anchor_for(text, first, first + 8)
    edited = "Notes. Ann Lee wrote: the plan is dead. Ann Lei wrote: the plan works well now."
    placed = reanchor(edited, anchor)
    assert placed.start == edited.index("the plan works")


def test_of_occurrences_with_the_same_context_the_nearest_wins():
    paragraph = "The same sentence stands here twice in this text. "
    text = paragraph * 3
    second = len(paragraph) + text[len(paragraph) :].index("stands")
    anchor = anchor_for(text, second, second + 6)
    edited = "Lead. " + text
    placed = reanchor(edited, anchor)
    assert placed.start == second + len("Lead. ")


def test_overlapping_occurrences_are_all_candidates():
    text = "They hummed “mmm” and left."
    at = text.index("mmm") + 1
    anchor = anchor_for(text, at, at + 2)
    edited = "Then " + text
    placed = reanchor(edited, anchor)
    assert placed.start == at + len("Then ")


def test_a_similar_passage_in_a_changed_context_is_not_taken_for_the_highlight():
    anchor = anchor_of(TEXT, "Power of Siberia 2 pipeline")
    edited = (
        "In the museum the curator arranged old maps and sketches. Power of Siberia 3 plans, "
        "said the label, and visitors walked past."
    )
    assert reanchor(edited, anchor) is None


def test_a_placement_gives_the_anchor_of_its_place_in_the_new_text():
    placed = reanchor("Preface. " + TEXT, anchor_of(TEXT, "Power of Siberia 2"))
    anchor = placed.anchor_in("Preface. " + TEXT)
    assert (anchor.start, anchor.exact) == (placed.start, "Power of Siberia 2")
    assert anchor.prefix.endswith("agreement was the ")
