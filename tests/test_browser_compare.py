"""End to end in Chromium: the compare page's columns, accepting a suggestion with htmx."""

from __future__ import annotations

import pytest

from annotations.models import Annotation
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_accepts_a_suggestion_without_leaving_the_page(page, seeds, editor):
    browser_login(page, editor.username)
    page.goto(f"{page.base_url}/compare/?theme=energy")
    page.evaluate("window.__sameDocument = true")
    passage = page.locator(".passage", has_text="Power of Siberia 2").first
    passage.get_by_role("button", name="Accept as annotation").click()
    page.wait_for_selector("text=Accepted: now an annotation")
    assert page.evaluate("window.__sameDocument") is True
    annotation = Annotation.objects.get()
    assert "Power of Siberia 2" in annotation.exact
    assert list(annotation.themes.values_list("slug", flat=True)) == ["energy"]
    page.reload()
    assert (
        page.locator('.passage[data-origin="annotation"]', has_text="Power of Siberia 2").count()
        == 1
    )


def test_columns_scroll_together_and_stack_on_a_narrow_screen(page, seeds, researcher):
    browser_login(page, researcher.username)
    page.set_viewport_size({"width": 1200, "height": 900})
    page.goto(f"{page.base_url}/compare/?theme=ukraine")
    grid = page.locator("#compare-grid")
    assert grid.evaluate("e => getComputedStyle(e).display") == "grid"
    scroller = page.locator(".compare-scroll")
    assert scroller.evaluate("e => e.scrollWidth > e.clientWidth")  # one scroller, all columns
    page.set_viewport_size({"width": 500, "height": 900})
    assert grid.evaluate("e => getComputedStyle(e).display") == "block"
