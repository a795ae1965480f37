"""Site furniture from outlets other than the seeds': each kind in several wordings around
short articles about other events (tests/data/furniture_corpus.py). The cleaner must find
the title, byline (names only), date and body exactly, and lose no paragraph."""

from __future__ import annotations

import pytest

from articles.ingest.preparation import prepare_text
from newsnlp.pages.cleaning import clean_article
from newsnlp.pages.dates import dates_in, timestamp
from tests.data.furniture_corpus import CASES, LOOKALIKES, Case


def _check(case: Case) -> None:
    cleaned = clean_article(case.raw)
    assert cleaned.title == case.title
    assert cleaned.body == case.body
    assert cleaned.byline == case.byline
    assert cleaned.published == case.published


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_furniture_is_removed_and_the_article_kept(case):
    _check(case)


def test_every_kind_has_at_least_five_wordings():
    kinds = {}
    for case in CASES:
        kinds[case.kind] = kinds.get(case.kind, 0) + 1
    expected = {"timestamp", "wire credit", "photo credit", "copyright credit", "related line",
                "link list", "share/subscribe/advert", "byline with place", "dateline"}  # fmt: skip
    assert expected <= kinds.keys()
    assert all(kinds[kind] >= 5 for kind in expected), kinds


@pytest.mark.parametrize("case", LOOKALIKES, ids=lambda case: case.id)
def test_paragraphs_that_look_like_furniture_stay_whole(case):
    _check(case)


def test_what_is_removed_is_reported_with_its_rule():
    case = next(c for c in CASES if c.kind == "whole page" and c.byline)
    removed = {r.rule: r.text for r in clean_article(case.raw).removed}
    assert removed["timestamp"] == "Published 3:45 PM GMT, Wed 13 Dec 2023"
    assert removed["dateline"] == "DUBAI, Dec 13 (Reuters) -"
    assert removed["photo credit"] == "© Reuters / Reuters"
    assert removed["wire credit"].startswith("(Reporting by")


def test_a_timestamp_line_fills_in_the_date_but_given_facts_win():
    case = next(c for c in CASES if c.kind == "whole page" and c.byline)
    assert prepare_text("x.txt", case.raw).fields["published"] == case.published
    given = prepare_text("x.txt", case.raw, {"published": "2023-12-12"})
    assert given.fields["published"].isoformat() == "2023-12-12"


def test_a_saved_pages_metadata_date_comes_before_its_timestamp_lines():
    paragraph = "Nearly 200 countries agreed at the climate summit to begin a transition. " * 4
    html = (
        '<html><head><meta property="article:published_time" content="2023-12-12T08:00:00Z">'
        '<meta property="article:modified_time" content="2023-12-14T08:00:00Z">'
        "<title>Climate deal</title></head><body><article><h1>Climate deal</h1>"
        "<p>Updated 14 December 2023</p>"
        f"<p>{paragraph}</p><p>{paragraph}</p></article></body></html>"
    )
    assert prepare_text("page.html", html).fields["published"].isoformat() == "2023-12-12"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("May 16, 2024", "2024-05-16"),
        ("16th May 2024", "2024-05-16"),
        ("2024-05-16T07:51", "2024-05-16"),
        ("16/05/2024", "2024-05-16"),
        ("05/16/2024", "2024-05-16"),
        ("05/06/2024", None),  # day and month could be either way round
        ("May 16", None),  # no year: not a date
        ("February 30, 2024", None),
    ],
)
def test_dates_are_read_only_when_certain(text, found):
    dates = dates_in(text)
    assert (dates[0][1].isoformat() if dates else None) == found


def test_a_sentence_that_starts_with_a_date_is_no_timestamp():
    assert timestamp("May 16, 2024 was a day to remember in Harbin.") is None
    assert timestamp("On May 16, 2024 at 10 a.m. the talks began") is None


def test_a_short_headline_above_an_unpunctuated_standfirst_stays_the_headline():
    raw = (
        "World\n\nXi meets Putin\n\nThe two leaders pledged deeper ties in Beijing on Thursday"
        "\n\nBy Jane Roe\n\n" + "The leaders met for talks that lasted several hours. " * 4
    )
    cleaned = clean_article(raw)
    assert cleaned.title == "Xi meets Putin"
    assert cleaned.subtitle == "The two leaders pledged deeper ties in Beijing on Thursday"
    assert cleaned.byline == "Jane Roe"
    assert [r.rule for r in cleaned.removed] == ["site navigation"]
