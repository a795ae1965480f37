"""Finding quotation spans in plain text: no parser, no database."""

from __future__ import annotations

from newsnlp.quotes.spans import (
    BLOCK,
    find_block_quotes,
    find_direct_quotes,
    is_name_in_quotes,
    is_title,
    paragraphs_of,
)


def texts(body: str) -> list[str]:
    return [span.text_in(body) for span in find_direct_quotes(body)]


def test_curly_and_straight_double_quotes():
    body = 'He said “we are ready” and she said "so are we" today.'
    assert texts(body) == ["we are ready", "so are we"]


def test_offsets_point_into_the_body_without_the_marks():
    body = "Then “Power to the people,” he said."
    (span,) = find_direct_quotes(body)
    assert body[span.start : span.end] == "Power to the people,"
    assert body[span.outer_start] == "“"
    assert body[span.outer_end - 1] == "”"


def test_nested_single_quotes_stay_inside():
    body = "“We oppose the so-called ‘dual containment’ of our countries,” they said."
    assert texts(body) == ["We oppose the so-called ‘dual containment’ of our countries,"]


def test_a_quote_continues_into_a_paragraph_that_reopens_it():
    body = "“First paragraph of the speech.\n\n“Second paragraph, and the end,” she said."
    (quote,) = texts(body)
    assert quote.startswith("First paragraph")
    assert quote.endswith("and the end,")


def test_an_unclosed_mark_ends_with_its_paragraph():
    body = "“This never closes.\n\nThe next paragraph is narration.\n\nSo is this one."
    spans = find_direct_quotes(body)
    assert [s.text_in(body) for s in spans] == ["This never closes."]
    assert spans[0].closed is False


def test_a_second_opening_mark_closes_an_unbalanced_quote():
    body = "“One is open, and “another starts” here."
    assert texts(body) == ["One is open, and", "another starts"]


def test_marks_typed_the_wrong_way_round_still_close_the_quote():
    """An opening curly mark after a word closes ("“Yes,“ he said"); two closing single
    marks close a double quotation ("a “question’’ that …")."""
    body = "“It is unusual,“ said Larry Noble. “It is hard.”"
    assert texts(body) == ["It is unusual,", "It is hard."]
    body = "She came with a “question’’ that stung.\n\n“You have called them names,” she said."
    assert texts(body) == ["question", "You have called them names,"]


def test_paragraphs_are_blank_lines_or_one_newline_after_a_sentence():
    body = "First one.\n\nSecond one ends.\nThird starts and is\nwrapped mid-sentence."
    assert [p.text for p in paragraphs_of(body)] == [
        "First one.",
        "Second one ends.",
        "Third starts and is\nwrapped mid-sentence.",
    ]
    assert all(body[p.start : p.end] == p.text for p in paragraphs_of(body))


def test_straight_quotes_after_a_dash_or_bracket_open():
    body = 'A view—"the best in years"—was shared ("truly") by all.'
    assert texts(body) == ["the best in years", "truly"]


def test_empty_text_and_text_without_quotes():
    assert find_direct_quotes("") == []
    assert find_direct_quotes("No quotation here.\n\nNor here.") == []


def test_block_quote_runs_from_after_its_introduction_to_the_source_marker():
    body = (
        "As Jane Roe wrote for the Daily Example:\n\n"
        "The first quoted paragraph.\n\nThe second one. [Source]\n\nNarration resumes."
    )
    ((block, intro),) = find_block_quotes(body)
    assert block.kind == BLOCK
    assert block.text_in(body) == "The first quoted paragraph.\n\nThe second one."
    assert intro.text.startswith("As Jane Roe wrote")


def test_no_block_without_an_introduction():
    assert find_block_quotes("A single paragraph. [Source]") == []


def test_titles_and_names_in_quotation_marks_are_not_quotes():
    body = "She wrote an essay titled “The End of an Era.” It was read widely."
    (span,) = find_direct_quotes(body)
    assert is_title(body, span)
    assert is_name_in_quotes("Belt and Road Initiative")
    assert is_name_in_quotes("Nord Stream 2")
    assert not is_name_in_quotes("Cold War mentality")
    assert not is_name_in_quotes("We will win.")
