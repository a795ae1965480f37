"""At 390 px, no page of the site scrolls sideways (issue 36, item 5): a phone user sees the
whole navigation, every table and the coverage chart without panning the page."""

from __future__ import annotations

import json

import pytest

from annotations import rounds
from annotations.models import Annotation, Reply
from articles.models import ImportBatch, ImportDocument, Quote, Theme
from compare.models import ReusePair
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# The widest elements sticking out past the window's right edge, for the failure message.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 1 && e.getClientRects().length)
    .filter(e => !e.closest('.scroll-box'))
    .map(e => (e.tagName + (e.id ? '#' + e.id : '') + '.' + [...e.classList].join('.'))
      + ' ' + Math.round(e.getBoundingClientRect().right));
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 6)};
}"""


def sideways(page, path: str) -> dict | None:
    """What makes ``path`` wider than the phone's window, or None when nothing does."""
    page.goto(page.base_url + path)
    found = page.evaluate(OVERFLOW)
    return found if found["scroll"] > found["width"] else None


def _pages(article, editor) -> list[str]:
    start = article.body.index("Putin")
    note = Annotation.objects.create(
        article=article, author=editor, start=start, end=start + 40,
        exact=article.body[start : start + 40], note="A note on a phone",
    )  # fmt: skip
    note.themes.add(Theme.objects.get(slug="energy"))
    for number in range(4):
        Reply.objects.create(annotation=note, author=editor, text=f"A reply on a phone {number}")
    coding_round = rounds.create_round(
        "Pilot", [article.pk], [editor.username, "ada"], ["energy", "ukraine"], blind=True
    )
    quote = Quote.objects.filter(article=article, speaker__isnull=False).first()
    pair = ReusePair.objects.order_by("pk").first()
    paths = [
        "/", article.get_absolute_url(), "/quotes/", "/quotes/?theme=ukraine",
        f"/quotes/{quote.pk}/correct/", "/speakers/", f"/speakers/{quote.speaker.slug}/",
        "/changes/", f"/annotations/{note.pk}/edit/", "/annotations/", "/rounds/",
        f"/rounds/{coding_round.pk}/",
        f"/annotations/{note.pk}/replies/", "/compare/", "/compare/coverage/",
        "/compare/quotes/", "/compare/reuse/", "/articles/999999/",
    ]  # fmt: skip
    if pair is not None:
        paths.append(f"/compare/reuse/{pair.article_a_id}/{pair.article_b_id}/")
    return paths


def test_no_page_scrolls_sideways_on_a_phone(page, seeds, editor, staff_admin):
    page.set_viewport_size(PHONE)
    paths = _pages(seeds["000"], editor)
    browser_login(page, editor.username)
    found = {path: wide for path in paths if (wide := sideways(page, path))}
    page.context.clear_cookies()
    found.update({"/accounts/login/": wide} if (wide := sideways(page, "/accounts/login/")) else {})
    batch = ImportBatch.objects.create(created_by=staff_admin, state=ImportBatch.State.DONE)
    ImportDocument.objects.create(
        batch=batch, position=1, name="a-rather-long-file-name-from-a-wire-service-2024-05-16.txt",
        data=b"x", size=1, state=ImportDocument.State.FAILED,
        message="binary: this looks like an image or another binary file, not text",
    )  # fmt: skip
    browser_login(page, staff_admin.username)
    for path in ["/admin/articles/article/import/", batch.get_absolute_url()]:
        if wide := sideways(page, path):
            found[path] = wide
    assert found == {}, json.dumps(found, indent=1)


def test_the_navigation_is_whole_on_a_phone(page, seeds, staff_admin):
    page.set_viewport_size(PHONE)
    browser_login(page, staff_admin.username)
    page.goto(page.base_url + "/")
    links = page.locator("nav[aria-label=Main] a")
    assert links.count() >= 6
    cut = links.evaluate_all(
        "links => links.filter(a => { const r = a.getBoundingClientRect();"
        " return r.left < 0 || r.right > document.documentElement.clientWidth"
        " || a.scrollWidth > a.clientWidth + 1; }).map(a => a.innerText)"
    )
    assert cut == []
    admin = page.get_by_role("link", name="Admin", exact=True)
    assert admin.is_visible()


def test_the_coverage_chart_fits_or_scrolls_inside_its_own_box(page, seeds, researcher):
    page.set_viewport_size(PHONE)
    browser_login(page, researcher.username)
    page.goto(page.base_url + "/compare/coverage/")
    chart = page.locator("svg").first
    assert chart.count() == 1
    box = chart.evaluate(
        "svg => { const holder = svg.parentElement; const r = holder.getBoundingClientRect();"
        " return {right: r.right, overflow: getComputedStyle(holder).overflowX,"
        " svg: svg.getBoundingClientRect().width, holder: r.width}; }"
    )
    assert box["right"] <= PHONE["width"]
    assert box["svg"] <= box["holder"] + 1 or box["overflow"] in {"auto", "scroll"}
