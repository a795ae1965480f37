"""The quote browser's filters as a newcomer meets them, in Chromium at both widths: a theme
filter that says what it counts, and an empty page that says which filter emptied it."""

from __future__ import annotations

import pytest

from articles.models import Person, Quote
from compare.models import ThemeSuggestion
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"1366": {"width": 1366, "height": 900}, "390": {"width": 390, "height": 844}}


@pytest.mark.parametrize("width", WIDTHS)
def test_theme_ukraine_says_why_it_is_empty_and_offers_the_lexicons_suggestions(
    page, seeds, researcher, width
):
    """Issue 36, item 3: Theme = Ukraine gave "0 quotes · No quotes match these filters"."""
    assert ThemeSuggestion.objects.filter(theme__slug="ukraine").count() >= 3
    page.set_viewport_size(WIDTHS[width])
    browser_login(page, researcher.username)
    page.goto(f"{page.base_url}/quotes/")
    help_text = page.locator("#theme-help").inner_text()
    assert "by an editor" in help_text
    assert "unreviewed" in help_text
    with page.expect_response(lambda r: "theme=ukraine" in r.url):
        page.select_option("#id_theme", "ukraine")
    empty = page.locator("#quotes-empty")
    empty.wait_for()
    assert "Theme: Ukraine (in an editor’s highlight)" in empty.inner_text()
    with page.expect_response(lambda r: "theme_source=lexicon" in r.url):
        page.select_option("#id_theme_source", "lexicon")
    page.locator("#quote-results [id^=quote-row-]").first.wait_for()
    shown = page.locator("#quote-results [id^=quote-row-]").count()
    assert shown >= 2
    assert page.locator("#quotes-empty").count() == 0
    assert "theme_source=lexicon" in page.url  # the link restores the view
    page.reload()
    assert page.locator("#id_theme_source").input_value() == "lexicon"
    assert page.locator("#quote-results [id^=quote-row-]").count() == shown


@pytest.mark.parametrize("width", WIDTHS)
def test_a_name_typed_with_a_title_finds_the_speaker_and_an_unknown_one_says_so(
    page, seeds, researcher, width
):
    """Issue 36, item 7: "Mr. Xi" found nothing and said nothing."""
    xi = Person.objects.get(name="Xi Jinping")
    own = Quote.objects.filter(speaker=xi).count()
    assert own >= 2
    page.set_viewport_size(WIDTHS[width])
    browser_login(page, researcher.username)
    page.goto(f"{page.base_url}/quotes/")
    box = page.locator("#id_speaker_name")
    box.fill("Mr. Xi")
    with page.expect_response(lambda r: "speaker_name=Mr." in r.url):
        box.press("Enter")
    page.locator("#quote-results [id^=quote-row-]").first.wait_for()
    assert page.locator("#quote-results [role=alert]").count() == 0
    shown_speakers = page.locator("#quote-results [id^=quote-row-] .speaker").all_inner_texts()
    assert len(shown_speakers) >= own
    assert sum("Xi Jinping" in name for name in shown_speakers) == len(shown_speakers)
    box.fill("Mr. Nobody")
    with page.expect_response(lambda r: "Nobody" in r.url):
        box.press("Enter")
    alert = page.locator("#quote-results [role=alert]")
    alert.wait_for()
    assert "No speaker is called “Mr. Nobody”" in alert.inner_text()
    assert page.locator("#quote-results [id^=quote-row-]").count() == 0


def test_the_small_things_a_newcomer_meets(page, seeds, researcher):
    """Issue 36, item 12, from the user's side: the outlet filter offers Unknown outlet, and
    an unknown theme on the compare page is named, with the form to choose again."""
    page.set_viewport_size(WIDTHS["1366"])
    browser_login(page, researcher.username)
    page.goto(f"{page.base_url}/quotes/")
    with page.expect_response(lambda r: "outlet=unknown" in r.url):
        page.select_option("#id_outlet", "unknown")
    page.locator("#quote-results [id^=quote-row-]").first.wait_for()
    outlets = page.locator("#quote-results .quote-meta").all_inner_texts()
    assert len(outlets) >= 1
    assert sum("outlet unknown" in text for text in outlets) == len(outlets)
    response = page.goto(f"{page.base_url}/compare/?theme=nope")
    assert response.status == 404
    assert "There is no theme “nope”." in page.locator("#compare-errors").inner_text()
    assert page.locator("#id_theme").is_visible()
