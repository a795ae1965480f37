"""Each new kind of furniture line (issue 37) at its edges: what is one and what only looks
like one — lines written for these tests, about other events."""

from __future__ import annotations

import pytest

from newsnlp.pages import context, furniture
from newsnlp.pages.cleaning import clean_article
from newsnlp.pages.restore import put_back

RUNNING = (
    "The river Santerno burst its banks near Imola in the early hours, flooding farmland and "
    "cutting roads to a dozen villages. Officials said two people were missing."
)
SECOND = (
    "Engineers inspected bridges along the valley on Wednesday. The army sent amphibious "
    "vehicles to reach farms that the water had cut off from the main road."
)
THIRD = "Schools across the province stayed closed while crews cleared mud from the streets."
INJECTED = "Taylor Swift announces extra concert dates in Tokyo"


@pytest.mark.parametrize(
    ("line", "expected"),
    [("Video: Rescuers reach Faenza by boat", True), ("Watch the ceremony in full", False),
     ("Update: the river rose again overnight", False),
     ("The ceremony lasted 2:31.", False), ("Faenza floods explained 2:31", True),
     (" ".join(["word"] * 29) + " 2:31", True), (" ".join(["word"] * 30) + " 2:31", False),
     ("Video: " + " ".join(["word"] * 16), False)],
)  # fmt: skip
def test_media_player_lines(line, expected):
    assert furniture.is_media_line(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [("AFP", True), ("Reuters.", True), ("(IANS)", True), ("IANS", False), ("IANS.", False),
     ("[IRI]", False), ("abc", False),
     ("Reporting by Anna Rossi in Rome and Marco Bianchi in Milan with additional work from "
      "the team in Florence and Bologna; Editing by Jane Doe and John Roe in London", True),
     ("Reporting by Anna Rossi in Rome and Marco Bianchi in Milan with additional work from "
      "the team in Florence and Bologna and Editing by Jane Doe and John Roe in London", False)],
)  # fmt: skip
def test_wire_credits(line, expected):
    assert furniture.is_wire_credit(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [("Residents wade through a flooded street in Faenza, Italy, May 17, 2023.", True),
     ("The flood came at night. It was the worst in a century, May 17, 2023.", False),
     ("The flood came at night. Mayor Isola, left, visits Faenza, May 17, 2023.", True),
     (" ".join(["word"] * 38) + " in Faenza, May 17, 2023.", False),
     ("Residents wade through a flooded street in Faenza, Italy.", False)],
)  # fmt: skip
def test_dated_captions(line, expected):
    assert furniture.is_dated_caption(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [("World News /", True), ("Home › Europe › Italy", True), ("Home › Europe › Ends here.", False),
     ("Add-ons / Web Extensions", False),
     (" › ".join(["Section"] * 13), False)],
)  # fmt: skip
def test_breadcrumbs(line, expected):
    assert furniture.is_breadcrumb(line) is expected


def injected(lines: list[str], index: int) -> bool:
    return context.is_injected_headline(lines, index)


def test_an_injected_headline_needs_a_paragraph_on_each_side():
    assert injected([RUNNING, INJECTED, SECOND], 1) is True
    assert injected([INJECTED, RUNNING, SECOND], 0) is False
    assert injected([RUNNING, SECOND, INJECTED], 2) is False
    assert injected([RUNNING, INJECTED, "It rained."], 1) is False
    assert injected(["It rained.", INJECTED, RUNNING], 1) is False


def test_an_injected_headline_shares_no_word_with_the_paragraph_before_or_two_after():
    assert injected([RUNNING, "Engineers inspect every bridge in Tokyo", SECOND], 1) is False
    shares_third = "Schools reopen across Emilia this Monday"
    assert injected([RUNNING, shares_third, SECOND, THIRD], 1) is False
    assert injected([THIRD, RUNNING, shares_third, SECOND], 2) is True  # two before: too far
    assert injected([RUNNING, shares_third, SECOND, RUNNING, THIRD], 1) is True  # third after


@pytest.mark.parametrize("end", [":", ",", ";", " -", " –", " —"])
def test_a_line_ending_as_an_introduction_is_no_headline(end):
    assert injected([RUNNING, INJECTED + end, SECOND], 1) is False


def test_how_many_words_an_injected_headline_may_have():
    four_stems = "Taylor Swift plays Tokyo"
    three_stems = "Swift plays Tokyo"
    fourteen = "Taylor Swift announces extra concert dates in Tokyo and Osaka for the autumn tour"
    fifteen = fourteen + " again"
    assert [injected([RUNNING, line, SECOND], 1) for line in
            (four_stems, three_stems, fourteen, fifteen)] == [True, False, True, False]  # fmt: skip


def test_trailing_links_follow_the_last_paragraph():
    twenty = (
        "Why Italy's floods are getting worse every year and what the government plans to do next"
    )
    assert context.trailing_links([RUNNING, SECOND, twenty]) == 1
    assert context.trailing_links([RUNNING, "Italy floods explained", INJECTED]) == 2
    assert context.trailing_links([RUNNING, "• Flood map", INJECTED]) == 0
    assert context.trailing_links([RUNNING, "Italy floods"]) == 0  # two content words
    assert context.trailing_links([INJECTED]) == 0


def test_a_header_of_fragments_only_gives_headline_standfirst_and_body():
    cleaned = clean_article("Floods in Italy\n\nThousands leave their homes\n\nLive updates follow")
    assert (cleaned.title, cleaned.subtitle, cleaned.body) == (
        "Floods in Italy",
        "Thousands leave their homes",
        "Live updates follow",
    )


def test_furniture_between_headline_and_dek_is_passed_over():
    text = "\n\n".join(["Floods in Italy", "Photo: Getty Images", "Thousands leave their homes",
                       "Regions ask for help", RUNNING])  # fmt: skip
    cleaned = clean_article(text)
    assert cleaned.subtitle == "Thousands leave their homes"
    assert cleaned.paragraphs == ["Regions ask for help", RUNNING]


def test_put_back_into_an_empty_body_and_a_dateline_past_the_end():
    assert put_back("", [{"text": "A line.", "rule": "x", "before": 0, "prefix": False}], 0) == (
        "A line.",
        [],
    )
    stray = {"text": "ROME —", "rule": "dateline", "before": 3, "prefix": True}
    assert put_back("One.\n\nTwo.", [stray], 0) == ("One.\n\nTwo.\n\nROME —", [])
