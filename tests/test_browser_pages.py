"""Page by page in real Chromium, at a desktop and a phone width: highlights, error pages,
the reader's header and subheadings, and the admin's article list."""

from __future__ import annotations

import pytest

from annotations.models import Annotation
from articles.models import Theme
from articles.services import ingest_text
from tests.conftest import _user, browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"1366": {"width": 1366, "height": 900}, "390": {"width": 390, "height": 844}}
STYLE = "(e, name) => getComputedStyle(e)[name]"


def _highlight(article, author, phrase: str, length: int, *themes: Theme) -> Annotation:
    start = article.body.index(phrase)
    annotation = Annotation.objects.create(
        article=article, author=author, start=start, end=start + length,
        exact=article.body[start : start + length],
    )  # fmt: skip
    annotation.themes.add(*themes)
    return annotation


@pytest.mark.parametrize("width", WIDTHS)
def test_highlights_have_their_themes_colours_and_visible_ends(page, seeds, editor, width):
    page.set_viewport_size(WIDTHS[width])
    article = seeds["000"]
    arctic = Theme.objects.create(name="Arctic")  # a new theme: a colour of its own
    energy = Theme.objects.get(slug="energy")
    outer = _highlight(article, editor, "Putin", 60, energy)
    inner = _highlight(article, editor, "Putin", 5, arctic)
    browser_login(page, editor.username)
    page.goto(f"{page.base_url}{article.get_absolute_url()}")
    outer_mark = page.locator(f'mark[data-annotation-id="{outer.pk}"]').first
    inner_mark = page.locator(f'mark[data-annotation-id="{inner.pk}"]').first
    outer_colour = outer_mark.evaluate(STYLE, "backgroundColor")
    inner_colour = inner_mark.evaluate(STYLE, "backgroundColor")
    assert outer_colour != inner_colour
    assert "255, 213, 79" not in inner_colour  # not the untagged highlight's yellow
    assert inner_mark.evaluate(STYLE, "boxShadow") != "none"  # the nested one's ends show
    quote = page.locator(".quote").first
    assert "underline" in quote.evaluate(STYLE, "textDecorationLine")
    assert quote.evaluate(STYLE, "backgroundColor") in ("rgba(0, 0, 0, 0)", "transparent")


@pytest.mark.parametrize("width", WIDTHS)
def test_error_pages_are_in_the_sites_layout_and_give_the_reason(page, seeds, editor, width):
    page.set_viewport_size(WIDTHS[width])
    missing_icons = []

    def watch(response) -> None:
        if "favicon" in response.url and response.status >= 400:
            missing_icons.append(response.url)

    page.on("response", watch)
    other = _user("another-editor", "Editors")
    note = _highlight(seeds["000"], other, "Putin", 5)
    browser_login(page, editor.username)
    response = page.goto(f"{page.base_url}/articles/999999/")
    assert response.status == 404
    assert page.locator("nav[aria-label=Main]").is_visible()
    assert "Not found" in page.locator("main").inner_text()
    response = page.goto(f"{page.base_url}/annotations/{note.pk}/edit/")
    assert response.status == 403
    assert page.locator("nav[aria-label=Main]").is_visible()
    assert "Only its author or an admin can change this annotation" in page.inner_text("main")
    assert missing_icons == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_readers_header_and_subheadings_look_their_part(page, researcher, db, width):
    page.set_viewport_size(WIDTHS[width])
    body = (
        "Leaders meet in Beijing\n\nBy Jane Roe\n\nXi Jinping welcomed Vladimir Putin on "
        "Thursday for two days of talks.\n\nEnergy ties\n\nThe two sides discussed the Power "
        "of Siberia 2 pipeline at length."
    )
    article = ingest_text("summit.txt", body, {"outlet": "Example Wire"}).article
    browser_login(page, researcher.username)
    page.goto(f"{page.base_url}{article.get_absolute_url()}")
    headline = page.locator(".reader-header h1")
    text_size = float(page.locator(".article-body p").last.evaluate(STYLE, "fontSize")[:-2])
    assert float(headline.evaluate(STYLE, "fontSize")[:-2]) >= 1.5 * text_size
    assert page.locator(".reader-header .outlet").evaluate(STYLE, "textTransform") == "uppercase"
    subheading = page.get_by_role("heading", name="Energy ties")
    assert subheading.evaluate(STYLE, "fontWeight") == "700"
    assert page.locator(".article-body").inner_text().count("Energy ties") == 1


@pytest.mark.parametrize("width", WIDTHS)
def test_the_admins_article_list_adds_by_importing_and_names_its_filters(
    page, seeds, staff_admin, width
):
    page.set_viewport_size(WIDTHS[width])
    browser_login(page, staff_admin.username)
    page.goto(f"{page.base_url}/admin/articles/article/")
    add = page.get_by_role("link", name="Import coverage").first
    assert add.get_attribute("href").endswith("/admin/articles/article/import/")
    titles = page.locator("#result_list tbody th, #result_list tbody td.field-title_column")
    assert seeds["000"].display_title[:30] in page.locator("#result_list").inner_text()
    assert titles.count() >= 5
    filters = page.locator("#changelist-filter h3").all_inner_texts()
    assert len(filters) == len(set(filters))
