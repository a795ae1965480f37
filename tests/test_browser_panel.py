"""The reader's side panel stays at hand (issue 36, item 10): beside the text on a wide
screen while reading far down; one tap away on a phone."""

from __future__ import annotations

import pytest

from tests.conftest import browser_login
from tests.test_browser_annotations import select

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IN_VIEW = """el => { const r = el.getBoundingClientRect();
  return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0; }"""


def test_on_a_wide_screen_a_new_entry_is_in_view_beside_text_read_far_down(page, seeds, editor):
    page.set_viewport_size({"width": 1366, "height": 800})
    article = max(seeds.values(), key=lambda a: len(a.body))
    phrase = " ".join(article.body[-400:].split()[3:7])
    browser_login(page, editor.username)
    page.goto(page.base_url + article.get_absolute_url())
    select(page, phrase)
    assert page.evaluate("window.scrollY") > 1500  # far down the article
    form = page.locator("[data-annotate-form]")
    form.get_by_role("button", name="Save highlight").click()
    entry = page.locator("[data-annotation-item]").first
    entry.wait_for()
    page.wait_for_function("document.activeElement.matches('[data-annotation-item]')")
    assert entry.evaluate(IN_VIEW)
    heading = page.locator("#side-panel h2").first
    assert heading.evaluate("h => h.getBoundingClientRect().top") >= 0  # the panel stayed


def test_on_a_phone_the_panel_is_one_tap_away_and_back(page, seeds, researcher):
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, researcher.username)
    page.goto(page.base_url + seeds["000"].get_absolute_url())
    jump = page.get_by_role("link", name="Annotations (0) and quotes ↓")
    assert jump.evaluate(IN_VIEW)
    jump.click()
    panel_heading = page.locator("#side-panel h2").first
    page.wait_for_function("window.scrollY > 1000")
    assert panel_heading.evaluate(IN_VIEW)
    page.get_by_role("link", name="↑ Back to the text").click()
    page.wait_for_function("window.scrollY < 1000")
