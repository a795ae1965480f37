"""Nothing of the article lost (issue 37): a plain-text lead stays in the body, a standfirst
only where the source marks one, and each kind of furniture recognised by the kind of line it
is, on pages written for these tests about other events."""

from __future__ import annotations

import pytest

from articles.ingest.preparation import prepare_text
from newsnlp.pages.cleaning import clean_article
from newsnlp.pages.webpages import extract_web_page
from newsnlp.quotes.extraction import extract_from_doc
from newsnlp.quotes.speakers import Gazetteer

HEADLINE = "Floods force thousands from homes in northern Italy"
LEADS = [
    "Rescue teams evacuated more than 5,000 people from villages in Emilia-Romagna on Tuesday.",
    '"We have never seen water rise this fast," regional president Stefano Bonaccini said.',
    "Forecasters warned that more rain would fall overnight.",
]
RUNNING = (
    "The river Santerno burst its banks near Imola in the early hours, flooding farmland and "
    "cutting roads to a dozen villages. Officials said two people were missing and that "
    "schools across the province would stay closed for the rest of the week."
)
SECOND = (
    "Engineers inspected bridges along the Santerno valley on Wednesday. The army sent "
    "amphibious vehicles to reach farms that the water had cut off from the main road."
)


def page(*lines: str) -> str:
    return "\n\n".join(lines)


@pytest.mark.parametrize("byline", [[], ["By Giulia Rossi"]], ids=["no byline", "byline"])
def test_one_sentence_leads_of_a_txt_stay_in_the_body_and_the_quote_is_found(nlp, byline):
    cleaned = clean_article(page(HEADLINE, *byline, *LEADS, RUNNING))
    assert cleaned.title == HEADLINE
    assert cleaned.subtitle == ""
    assert cleaned.paragraphs == [*LEADS, RUNNING]
    quotes = extract_from_doc(nlp(cleaned.body), Gazetteer()).quotes
    found = [(q.text, q.speaker.name if q.speaker else None) for q in quotes]
    assert found == [("We have never seen water rise this fast,", "Stefano Bonaccini")]


def test_a_dek_without_sentence_punctuation_under_the_headline_is_the_standfirst():
    dek = "Thousands leave villages as the Santerno bursts its banks"
    cleaned = clean_article(page(HEADLINE, dek, "By Giulia Rossi", *LEADS, RUNNING))
    assert (cleaned.title, cleaned.subtitle, cleaned.byline) == (HEADLINE, dek, "Giulia Rossi")
    assert cleaned.paragraphs == [*LEADS, RUNNING]


def test_only_one_dek_a_second_line_without_punctuation_is_body():
    dek = "Thousands leave villages as the Santerno bursts its banks"
    other = "Regional officials call for national help"
    cleaned = clean_article(page(HEADLINE, dek, other, *LEADS))
    assert cleaned.subtitle == dek
    assert cleaned.paragraphs == [other, *LEADS]


def test_a_web_page_standfirst_is_the_line_repeating_its_description():
    dek = "Thousands leave villages as the river bursts its banks."
    text = page(HEADLINE, dek, *LEADS)
    marked = clean_article(text, known_title=HEADLINE, known_standfirst=dek)
    assert (marked.subtitle, marked.paragraphs) == (dek, LEADS)
    unmarked = clean_article(text, known_title=HEADLINE, known_standfirst="Another summary.")
    assert (unmarked.subtitle, unmarked.paragraphs) == ("", [dek, *LEADS])


def test_a_description_that_is_the_lead_paragraph_leaves_it_in_the_body():
    text = page(HEADLINE, RUNNING, SECOND)
    cleaned = clean_article(text, known_title=HEADLINE, known_standfirst=RUNNING)
    assert (cleaned.subtitle, cleaned.paragraphs) == ("", [RUNNING, SECOND])


def test_a_one_line_text_is_its_own_body_and_title():
    cleaned = clean_article(HEADLINE)
    assert (cleaned.title, cleaned.paragraphs) == (HEADLINE, [HEADLINE])


def test_a_headline_and_a_dek_alone_keep_the_dek_as_the_body():
    dek = "Thousands leave villages as the Santerno bursts its banks"
    cleaned = clean_article(page(HEADLINE, dek))
    assert (cleaned.title, cleaned.subtitle, cleaned.paragraphs) == (HEADLINE, "", [dek])


def test_a_page_of_one_short_line_keeps_it_and_a_page_of_links_has_no_text():
    one_line = extract_web_page("<html><body><p>Evacuation ordered</p></body></html>")
    assert one_line.text == "Evacuation ordered"
    assert clean_article(one_line.text).paragraphs == ["Evacuation ordered"]
    menu = extract_web_page(
        "<html><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav></body></html>"
    )
    assert menu.text == ""
    button = extract_web_page(
        "<html><body><a href='javascript:'><p>Evacuation ordered</p></a></body></html>"
    )
    assert button.text == "Evacuation ordered"  # a script link leads nowhere: not a menu


def removed_rules(raw: str) -> list[tuple[str, str]]:
    return [(removal.rule, removal.text) for removal in clean_article(raw).removed]


def test_a_breadcrumb_never_becomes_the_title():
    for crumb in ["World News /", "Home › Europe › Italy", "News > World > Europe"]:
        cleaned = clean_article(page(crumb, HEADLINE, *LEADS, RUNNING))
        assert (cleaned.title, cleaned.subtitle) == (HEADLINE, "")
        assert ("breadcrumb", crumb) in [(r.rule, r.text) for r in cleaned.removed]
        assert cleaned.paragraphs == [*LEADS, RUNNING]


@pytest.mark.parametrize(
    "line",
    [
        "Watch: Rescuers pull residents from flooded homes 02:31",
        "Floodwater sweeps through Faenza (1:04)",
        "Listen to this article",
        "This article is narrated by an AI voice.",
        "Audio: Bonaccini on the floods | 4:12",
    ],
)
def test_media_player_lines_are_not_the_standfirst_nor_the_body(line):
    cleaned = clean_article(page(HEADLINE, line, *LEADS, RUNNING))
    assert cleaned.subtitle == ""
    assert ("media player", line) in [(r.rule, r.text) for r in cleaned.removed]
    assert cleaned.paragraphs == [*LEADS, RUNNING]


def test_a_dated_caption_and_an_inline_credit_inside_the_body_go():
    caption = "Residents wade through a flooded street in Faenza, Italy, May 17, 2023."
    credit = "Photo: Getty Images"
    positioned = "Stefano Bonaccini, left, speaks to rescuers in Imola, May 17, 2023."
    cleaned = clean_article(page(HEADLINE, *LEADS, caption, RUNNING, positioned, credit, SECOND))
    assert cleaned.paragraphs == [*LEADS, RUNNING, SECOND]
    rules = {r.text: r.rule for r in cleaned.removed}
    assert (rules[caption], rules[positioned], rules[credit]) == (
        "photo caption",
        "photo caption",
        "photo credit",
    )


@pytest.mark.parametrize(
    ("dateline", "place"),
    [("ROME, May 17 (Reuters) - ", "ROME"), ("Rome, May 17 — ", "Rome"),
     ("Bologna, Italy, 17 May 2023 – ", "Bologna")],
)  # fmt: skip
def test_a_dateline_in_any_case_leaves_the_first_paragraph(dateline, place):
    cleaned = clean_article(page(HEADLINE, dateline + RUNNING, SECOND))
    assert cleaned.paragraphs == [RUNNING, SECOND]
    assert [r.rule for r in cleaned.removed] == ["dateline"]
    assert cleaned.removed[0].text.startswith(place)


def test_a_dateline_under_a_summary_sentence_goes_and_dates_the_article():
    cleaned = clean_article(page(HEADLINE, LEADS[0], "Bologna, Italy, 17 May 2023 – " + RUNNING))
    assert cleaned.paragraphs == [LEADS[0], RUNNING]
    assert str(cleaned.published) == "2023-05-17"


def test_an_injected_headline_goes_and_a_real_subheading_stays():
    injected = "Taylor Swift announces extra concert dates in Tokyo"
    subheading = "Farmland under water"
    follows = (
        "Farmers in the valley said the water had ruined the wheat harvest, and that the "
        "farmland would take years to recover from the mud the floods left behind."
    )
    cleaned = clean_article(page(HEADLINE, RUNNING, injected, SECOND, subheading, follows))
    assert cleaned.paragraphs == [RUNNING, SECOND, subheading, follows]
    assert [(r.rule, r.text) for r in cleaned.removed] == [("injected headline", injected)]


def test_a_trailing_related_story_link_goes_but_a_closing_quote_stays():
    link = "Why Italy's floods are getting worse every year"
    cleaned = clean_article(page(HEADLINE, RUNNING, SECOND, link))
    assert cleaned.paragraphs == [RUNNING, SECOND]
    assert [(r.rule, r.text) for r in cleaned.removed] == [("related link", link)]
    closing = '"We will rebuild every bridge"'
    assert clean_article(page(HEADLINE, RUNNING, closing)).paragraphs == [RUNNING, closing]


def test_code_after_an_upper_case_line_is_not_a_footer():
    code = ["SELECT", "avg(level) AS mean_level", "FROM readings;"]
    after = [RUNNING, SECOND, LEADS[0] + " " + LEADS[2]]
    cleaned = clean_article(page(HEADLINE, RUNNING, *code, *after))
    assert cleaned.paragraphs[-3:] == after
    assert [r.rule for r in cleaned.removed if r.rule == "site footer"] == []


@pytest.mark.parametrize(
    "line",
    ["Picture-in-Picture", "Add-ons / Web Extensions", "abc", "[IRI]",
     "Header, footer and sidebar are gone.", "4.3333333333333333"],
)  # fmt: skip
def test_lines_that_only_look_like_furniture_stay(line):
    cleaned = clean_article(page(HEADLINE, RUNNING, line, SECOND))
    assert cleaned.paragraphs == [RUNNING, line, SECOND]
    assert cleaned.removed == ()


def test_a_one_line_txt_is_imported_not_refused():
    prepared = prepare_text("flash.txt", "Evacuation ordered in Imola\n")
    assert (prepared.fields["title"], prepared.body) == (
        "Evacuation ordered in Imola",
        "Evacuation ordered in Imola",
    )
