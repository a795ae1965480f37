"""End to end in Debian's Chromium: login, the article list's htmx filter, the reader's text.

Skipped only where /usr/bin/chromium is missing; CI sets SUMMIT_REQUIRE_BROWSER so that
a missing browser fails instead.
"""

from __future__ import annotations

import pytest

from articles.models import Article, Outlet
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY_TEXT = "document.querySelector('[data-article-body]').textContent"


def test_login_then_the_reader_text_equals_every_seed_body(page, seeds, researcher):
    browser_login(page, researcher.username)
    for article in seeds.values():
        page.goto(page.base_url + article.get_absolute_url())
        assert page.evaluate(BODY_TEXT) == article.body, article.source_name


def test_wrong_password_shows_an_error(page, researcher):
    page.goto(f"{page.base_url}/accounts/login/")
    page.fill("#id_username", researcher.username)
    page.fill("#id_password", "wrong")
    page.click("button[type=submit]")
    assert "did not match" in page.inner_text("main")


def test_outlet_filter_updates_in_place_and_back_restores(page, seeds, researcher):
    browser_login(page, researcher.username)
    page.evaluate("window.__sameDocument = true")
    page.select_option("#outlet-filter", Outlet.objects.get().slug)
    page.wait_for_url("**/?outlet=china-digital-times")
    assert page.inner_text("#article-table .count") == "1 article"
    assert page.evaluate("window.__sameDocument") is True, "the filter reloaded the page"
    page.go_back()
    page.wait_for_function(
        "document.querySelector('#article-table .count').textContent.trim() === '5 articles'"
    )


def test_code_point_offsets_agree_with_python_outside_the_basic_plane(page, researcher, db):
    """A selection after an emoji maps to the same offsets Python uses for Article.body."""
    body = "Emoji 😀 and 𠀋 first.\n\nThen Putin said “multipolar” twice 🇨🇳."
    article = Article.objects.create(title="Plane", body=body, raw=body, source_name="bmp.txt")
    browser_login(page, researcher.username)
    page.goto(page.base_url + article.get_absolute_url())
    for word in ["first", "multipolar", "🇨🇳"]:
        offsets = page.evaluate(
            """(word) => {
                const root = document.querySelector('[data-article-body]');
                const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
                while (walker.nextNode()) {
                    const at = walker.currentNode.data.indexOf(word);
                    if (at >= 0) {
                        const range = document.createRange();
                        range.setStart(walker.currentNode, at);
                        range.setEnd(walker.currentNode, at + word.length);
                        const selection = window.getSelection();
                        selection.removeAllRanges();
                        selection.addRange(range);
                        return window.SummitDesk.selectionOffsets(root);
                    }
                }
                return null;
            }""",
            word,
        )
        start = body.index(word)
        assert offsets == {"start": start, "end": start + len(word), "exact": word}
        assert body[offsets["start"] : offsets["end"]] == word


def test_a_quote_shows_its_speaker_on_focus(page, seeds, researcher):
    browser_login(page, researcher.username)
    page.goto(page.base_url + seeds["000"].get_absolute_url())
    quote = page.locator('[data-speaker="Alexandra Prokopenko"]').first
    quote.focus()
    shown = quote.evaluate("el => getComputedStyle(el, '::after').content")
    assert shown == '"Alexandra Prokopenko"'
    assert page.evaluate(BODY_TEXT) == seeds["000"].body


def test_quote_filters_update_in_place_and_back_restores_them(page, seeds, researcher):
    from articles.models import Person, Quote

    prokopenko = Person.objects.get(name="Alexandra Prokopenko")
    browser_login(page, researcher.username)
    page.goto(f"{page.base_url}/quotes/")
    total = Quote.objects.count()
    expect_count = "document.querySelector('#quote-results .count').textContent.trim()"
    page.select_option("#id_kind", "direct")
    page.wait_for_url("**/quotes/?*kind=direct*")
    direct = Quote.objects.filter(kind="direct").count()
    page.wait_for_function(f"{expect_count}.startsWith('{direct} quotes')")
    page.fill("#id_speaker_name", "Alexandra Prokopenko")
    page.press("#id_speaker_name", "Tab")  # a whole name: chosen
    page.wait_for_url(f"**speaker={prokopenko.slug}*")
    both = Quote.objects.filter(kind="direct", speaker=prokopenko).count()
    page.wait_for_function(f"{expect_count}.startsWith('{both} quote')")
    assert page.locator("[data-quote-row]").count() == both

    page.go_back()
    page.wait_for_function(f"{expect_count}.startsWith('{direct} quotes')")
    assert page.input_value("#id_kind") == "direct"
    assert page.locator("#speaker-chips li").count() == 0
    page.go_back()
    page.wait_for_function(f"{expect_count}.startsWith('{total} quotes')")
    assert page.input_value("#id_kind") == ""


def test_a_quote_link_scrolls_to_and_highlights_the_quote(page, seeds, researcher):
    from articles.models import Quote

    quote = Quote.objects.get(text__startswith="Gazprom’s losses")
    browser_login(page, researcher.username)
    page.goto(f"{page.base_url}/quotes/?q=Gazprom")
    page.click(f'a[href$="#quote-{quote.pk}"]')
    page.wait_for_url(f"**#quote-{quote.pk}")
    target = page.locator(f"#quote-{quote.pk}")
    assert target.evaluate("el => el.matches(':target')")
    box = target.bounding_box()
    assert box is not None
    assert 0 <= box["y"] < page.viewport_size["height"]


def test_an_editor_corrects_a_quote_in_place(page, seeds, editor):
    from articles.models import Person, Quote

    quote = Quote.objects.get(text__startswith="Gazprom’s losses")
    blinken = Person.objects.get(name="Antony Blinken")
    browser_login(page, editor.username)
    page.goto(f"{page.base_url}/quotes/?q=Gazprom")
    page.evaluate("window.__sameDocument = true")
    row = page.locator(f"#quote-row-{quote.pk}")
    row.get_by_role("link", name="Correct").click()
    row.locator("select[name=speaker]").select_option(str(blinken.pk))
    row.get_by_role("button", name="Save and mark verified").click()
    page.wait_for_function(
        f"document.querySelector('#quote-row-{quote.pk} .verified-badge') !== null"
    )
    assert "Antony Blinken" in row.inner_text()
    assert page.evaluate("window.__sameDocument") is True
    quote.refresh_from_db()
    assert quote.speaker == blinken
    assert quote.verified
