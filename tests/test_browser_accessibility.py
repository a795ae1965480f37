"""Accessibility in real Chromium: axe-core on every page people work in, at a desktop and a
phone width, with no serious or critical violation; the reader's highlights included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotations import rounds
from annotations.models import Annotation, Reply
from articles.models import Theme
from compare.models import ReusePair
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "data" / "axe" / "axe.min.js"
WIDTHS = {"1366": {"width": 1366, "height": 900}, "390": {"width": 390, "height": 844}}
SERIOUS = {"moderate", "serious", "critical"}


def violations(page) -> list[str]:
    """axe-core's moderate, serious and critical findings on the page, one line each."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in found
        if v["impact"] in SERIOUS
    ]


def _annotate(article, editor) -> None:
    body = article.body
    for phrase, theme in (("Putin", "energy"), ("Xi", "ukraine")):
        start = body.index(phrase)
        annotation = Annotation.objects.create(
            article=article, author=editor, start=start, end=start + len(phrase) + 20,
            exact=body[start : start + len(phrase) + 20], note="A <b>note</b>",
        )  # fmt: skip
        annotation.themes.add(Theme.objects.get(slug=theme))
        for number in range(5):  # a discussion: three shown, two folded
            Reply.objects.create(annotation=annotation, author=editor, text=f"Reply {number}")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_pages_have_no_serious_accessibility_violations(
    page, seeds, editor, staff_admin, width
):
    page.set_viewport_size(WIDTHS[width])
    article = seeds["000"]
    _annotate(article, editor)
    pair = ReusePair.objects.order_by("pk").first()
    coding_round = rounds.create_round(
        "Pilot", [article.pk], [editor.username, staff_admin.username], ["energy"], blind=True
    )
    rounds.mark_done(coding_round, editor)
    paths = [
        "/",
        "/rounds/",
        f"/rounds/{coding_round.pk}/",
        article.get_absolute_url(),
        "/quotes/",
        "/annotations/",
        "/annotations/?q=zzzz",
        "/speakers/",
        "/compare/",
        "/compare/coverage/",
        "/compare/quotes/",
        "/compare/reuse/",
    ]
    if pair is not None:
        paths.append(f"/compare/reuse/{pair.article_a_id}/{pair.article_b_id}/")
    browser_login(page, editor.username)
    found = {}
    for path in paths:
        page.goto(page.base_url + path)
        if problems := violations(page):
            found[path] = problems
    page.context.clear_cookies()
    browser_login(page, staff_admin.username)
    page.goto(page.base_url + "/admin/articles/article/import/")
    if problems := violations(page):
        found["import"] = problems
    assert found == {}, json.dumps(found, indent=1)


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_with_their_forms_and_dialogs_open_have_no_accessibility_issue(
    page, seeds, editor, staff_admin, width
):
    """Issue 36: every page with its forms open — the highlight form, an edit form, a
    quote's correction (inline and on its own page), the history, speaker pages, the
    login page, a 404 — at both widths, with no moderate, serious or critical finding."""
    from articles.models import Quote

    page.set_viewport_size(WIDTHS[width])
    article = seeds["000"]
    _annotate(article, editor)
    quote = Quote.objects.filter(article=article, speaker__isnull=False).order_by("pk").first()
    found = {}

    def check(name: str) -> None:
        if problems := violations(page):
            found[name] = problems

    page.goto(page.base_url + "/accounts/login/")
    check("login")
    browser_login(page, editor.username)
    page.goto(page.base_url + article.get_absolute_url())
    page.locator("[data-annotation-item]").first.get_by_role(
        "link", name="Edit", exact=True
    ).click()
    page.locator("form.annotate-edit").wait_for()
    check("reader, edit form open")
    page.keyboard.press("Escape")
    page.locator("[data-article-body]").focus()
    page.keyboard.press("s")
    page.locator("[data-annotate-form]").wait_for(state="visible")
    check("reader, highlight form open")
    page.goto(f"{page.base_url}/quotes/?article={article.pk}")
    page.locator(f"#quote-row-{quote.pk}").get_by_role("link", name="Correct").click()
    page.locator(f"#correction-form-{quote.pk}").wait_for()
    check("quotes, correction open")
    for path in (f"/quotes/{quote.pk}/correct/", f"/speakers/{quote.speaker.slug}/",
                 "/changes/", "/quotes/?theme=ukraine", "/compare/?theme=nope",
                 "/articles/999999/"):  # fmt: skip
        page.goto(page.base_url + path)
        check(path)
    assert found == {}, json.dumps(found, indent=1)


FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const field = ['INPUT', 'SELECT', 'TEXTAREA'].includes(e.tagName);
  const label = e.getAttribute('aria-label') || (field ? e.name : e.innerText) || e.value || '';
  return {index: [...document.querySelectorAll('*')].indexOf(e), tag: e.tagName,
          label: label.trim().slice(0, 40)};
}"""
CONTROLS = """() => [...document.querySelectorAll(
  'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), ' +
  'select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])')]
  .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
  .map(e => [...document.querySelectorAll('*')].indexOf(e))"""


def tab_walk(page, limit: int = 600) -> list[dict]:
    """Every element Tab reaches from the top of the page, in order, once round."""
    page.locator("body").focus()
    page.evaluate("window.scrollTo(0, 0)")
    reached: list[dict] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None or (reached and focused["index"] == reached[0]["index"]):
            break
        reached.append(focused)
    return reached


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", ["reader", "/quotes/", "/compare/?theme=energy"])
def test_tab_reaches_every_control_in_reading_order(page, seeds, editor, path, width):
    page.set_viewport_size(WIDTHS[width])
    browser_login(page, editor.username)
    page.goto(page.base_url + (seeds["000"].get_absolute_url() if path == "reader" else path))
    reached = tab_walk(page)
    order = [item["index"] for item in reached]
    assert order == sorted(order), "Tab jumps back and forth"
    missing = set(page.evaluate(CONTROLS)) - set(order)
    assert missing == set()


def _tab_to(page, label: str, limit: int = 200) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused and focused["label"] == label:
            return
    pytest.fail(f"Tab never reached {label!r}")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_keyboard_alone_filters_quotes_and_changes_the_compared_theme(
    page, seeds, researcher, width
):
    page.set_viewport_size(WIDTHS[width])
    browser_login(page, researcher.username)
    page.goto(page.base_url + "/quotes/")
    page.locator("body").focus()
    _tab_to(page, "q")
    page.keyboard.type("multipolar")
    _tab_to(page, "Filter")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=multipolar**")
    assert "multipolar" in page.locator("#quote-results").inner_text().lower()
    page.goto(page.base_url + "/compare/?theme=energy")
    page.locator("body").focus()
    _tab_to(page, "theme")
    page.keyboard.press("End")  # the last theme in the list
    _tab_to(page, "Compare")
    page.keyboard.press(" ")
    page.wait_for_url(lambda url: "theme=" in url and "theme=energy" not in url)
    last = page.locator("#id_theme option").last.get_attribute("value")
    assert f"theme={last}" in page.url
