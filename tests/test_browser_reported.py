"""Reported speech in real Chromium (issue 30): a researcher filters the quote browser to
Reported, finds a statement marked (lightly, no extra tab stop) in the reader, and exports
exactly what is selected with ``kind: reported``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from articles.models import Quote
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shown(page) -> set[int]:
    ids = page.locator("#quote-results [id^=quote-row-]").evaluate_all(
        "rows => rows.map(r => +r.id.replace('quote-row-', ''))"
    )
    return set(ids)


def test_a_researcher_filters_reported_reads_one_and_exports_them(page, seeds, researcher):
    reported = Quote.objects.filter(kind=Quote.Kind.REPORTED)
    blinken = reported.get(text__startswith="much-needed ammunition")
    assert blinken.speaker.name == "Antony Blinken"
    browser_login(page, researcher.username)
    page.goto(f"{page.base_url}/quotes/?speaker={blinken.speaker.slug}")
    assert len(_shown(page)) > 1  # his quotes and his reported statements
    with page.expect_response(lambda r: "/quotes/" in r.url and "kind=reported" in r.url):
        page.select_option("#id_kind", "reported")
    page.wait_for_function(
        "document.querySelectorAll('#quote-results [id^=quote-row-]').length === "
        f"{reported.filter(speaker=blinken.speaker).count()}"
    )
    shown = _shown(page)
    assert blinken.pk in shown
    assert reported.filter(pk__in=shown).count() == len(shown)  # nothing but reported
    assert "kind=reported" in page.url  # the address keeps the filter

    with page.expect_download() as download:
        page.locator("#quote-results").get_by_role("link", name="JSON").click()
    records = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert len(records) == len(shown)
    assert {record["kind"] for record in records} == {"reported"}
    assert "much-needed ammunition and weapons are being rushed to the front lines" in {
        record["text"] for record in records
    }

    page.locator(f"#quote-row-{blinken.pk}").locator(f"a[href$='#quote-{blinken.pk}']").click()
    page.wait_for_url(f"**/articles/{blinken.article_id}/**")
    marked = page.locator(f"#quote-{blinken.pk}")
    assert marked.inner_text() == blinken.text
    assert "quote-reported" in marked.get_attribute("class")
    assert marked.get_attribute("tabindex") == "-1"  # focusable from the list, never a tab stop
    assert marked.get_attribute("title") == (
        f"Antony Blinken (reported speech; confidence {blinken.confidence:.2f})"
    )
    marked.hover()
    label = marked.evaluate("e => getComputedStyle(e, '::after').content")
    assert label == '"Reported · Antony Blinken"'
