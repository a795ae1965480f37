"""The quote browser's filters as a newcomer meets them, in Chromium at both widths: a theme
filter that says what it counts, and an empty page that says which filter emptied it."""

from __future__ import annotations

import pytest

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
