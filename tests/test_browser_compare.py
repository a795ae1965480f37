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


WIDE, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}


def test_at_1366_every_column_is_in_view_and_the_heads_stay_while_scrolling(
    page, seeds, researcher
):
    page.set_viewport_size(WIDE)
    browser_login(page, researcher.username)
    page.goto(f"{page.base_url}/compare/")
    theme = page.locator("#id_theme").evaluate("e => e.options[e.selectedIndex].text")
    assert theme != "Choose a theme"  # the theme with the most passages, said so
    assert page.locator("#default-theme").is_visible()
    heads = page.locator(".column-head")
    assert heads.count() == 5
    for index in range(5):
        box = heads.nth(index).bounding_box()
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= WIDE["width"]
    scroller = page.locator(".compare-scroll")
    box = scroller.bounding_box()
    assert box["height"] <= WIDE["height"]  # scrolled to, all of it is on screen, scrollbar too
    assert scroller.evaluate("e => e.scrollHeight > e.clientHeight")
    scroller.evaluate("e => { e.scrollTop = e.scrollHeight / 2; }")
    head = heads.first.bounding_box()
    assert abs(head["y"] - scroller.bounding_box()["y"]) <= 2  # stuck to the top
    lone = page.locator(".cell.alone .passage > p:first-child").first
    assert lone.evaluate("e => e.scrollHeight > e.clientHeight")  # kept to three lines
    lone.hover()
    assert lone.evaluate("e => e.scrollHeight <= e.clientHeight")  # pointed at: all of it


def test_at_390_the_passages_stack_each_with_its_source(page, seeds, researcher):
    page.set_viewport_size(PHONE)
    browser_login(page, researcher.username)
    page.goto(f"{page.base_url}/compare/?theme=energy")
    cells = page.locator(".cell:not(.empty)")
    assert cells.count() >= 3
    for index in range(cells.count()):
        cell = cells.nth(index)
        source = cell.locator(".cell-source")
        assert source.is_visible()
        assert " · " in source.inner_text()
    assert not page.locator(".cell.empty").first.is_visible()
    wide = page.evaluate(
        """() => [...document.querySelectorAll('main *')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth)
            .map(e => e.tagName + '.' + e.className + '#' + e.id)"""
    )
    assert wide == []  # nothing to scroll sideways


@pytest.mark.parametrize("size", [WIDE, PHONE], ids=["1366", "390"])
def test_in_context_for_a_suggestion_lands_on_its_sentence(page, seeds, researcher, size):
    page.set_viewport_size(size)
    browser_login(page, researcher.username)
    page.goto(f"{page.base_url}/compare/?theme=energy")
    passage = page.locator('.passage[data-origin="suggestion"]').last
    sentence = passage.locator("p").first.inner_text()
    passage.get_by_role("link", name="in context").click()
    page.wait_for_url("**/articles/**")
    page.wait_for_function("window.scrollY > 0")
    words = sentence.split()
    landed = page.get_by_text(" ".join(words[:4]), exact=False).first
    box = landed.bounding_box()
    assert 0 <= box["y"] < size["height"]  # the sentence is on screen


NEW_COVERAGE = {
    "gazette.txt": (
        "Leaders end talks without pipeline deal\n\nBy A. Writer\n\n"
        "The two presidents met in Beijing on Thursday and signed a joint statement.\n\n"
        "A contract for Power of Siberia 2, which would bring gas from Arctic fields to "
        "Chinese customers, was not signed.\n\n"
        "Officials said talks on other subjects would continue in the autumn."
    ),
    "courier.txt": (
        "Summit closes with statement, not gas contract\n\nBy B. Reporter\n\n"
        "There was still no agreement on building Power of Siberia 2, the line that would "
        "move Russian gas east.\n\n"
        "The visit ended with a concert and a state banquet."
    ),
}


def test_imported_articles_passages_join_the_row_of_the_fact_they_report(page, seeds, researcher):
    """Issue 36, item 6: two articles imported after the others had their pipeline passages
    alone on rows of their own, off the first screen, not on the row of the seeds'."""
    from articles.models import Article
    from articles.services import ingest_text
    from compare.models import ThemePassage

    for name, text in NEW_COVERAGE.items():
        ingest_text(name, text)  # committed: the refresh it queues runs, as a worker would
    new = list(Article.objects.filter(source_name__in=NEW_COVERAGE).order_by("pk"))
    assert len(new) == 2
    seed = next(a for a in seeds.values() if "Power of Siberia 2" in a.body)
    rows = {
        article: row
        for article, row, text in ThemePassage.objects.filter(theme__slug="energy").values_list(
            "article_id", "row", "text"
        )
        if "Power of Siberia" in text
    }
    assert len({rows[seed.pk], rows[new[0].pk], rows[new[1].pk]}) == 1
    browser_login(page, researcher.username)
    ids = "&".join(f"article={a.pk}" for a in [seed, *new])
    page.goto(f"{page.base_url}/compare/?theme=energy&{ids}")
    row = rows[seed.pk]
    cells = page.locator(f'#compare-grid .cell[data-row="{row}"]')
    assert cells.count() == 3
    filled = [c for c in cells.all() if "Power of Siberia" in c.inner_text()]
    assert len(filled) == 3  # one fact, one row, a passage in each of the three columns
    first_row = page.locator("#compare-grid .cell").first.get_attribute("data-row")
    assert first_row == str(row)  # the row most articles share comes first
