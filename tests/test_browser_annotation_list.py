"""All annotations and replies in Chromium (issue 33): filter, search, open one in the reader,
reply, edit the reply — by mouse, and again by keyboard alone."""

from __future__ import annotations

import pytest

from annotations import services
from annotations.models import Annotation, Reply
from articles.models import Theme
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def annotated(seeds, editor, staff_admin) -> dict[str, Annotation]:
    energy, ukraine = Theme.objects.get(slug="energy"), Theme.objects.get(slug="ukraine")

    def annotate(article, author, phrase, theme, note):
        start = article.body.index(phrase)
        data = {"start": start, "end": start + len(phrase), "themes": [theme], "note": note}
        return services.create_annotation(article, author, data)

    return {
        "pipeline": annotate(seeds["000"], editor, "Power of Siberia 2", energy,
                             "Stalled for years: check the pricing talks."),
        "war": annotate(seeds["003"], staff_admin, "Ukraine", ukraine, "Framing of the war."),
    }  # fmt: skip


def settled(page) -> None:
    """Wait until htmx has swapped, settled and processed what it received: a link that has
    just arrived is only htmx's once processed (under load, a keypress can come sooner)."""
    page.wait_for_function(
        "!document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )


def rows(page) -> list[str]:
    return page.locator("#annotation-results [data-annotation-row]").evaluate_all(
        "items => items.map(item => item.dataset.annotationRow)"
    )


def test_filter_search_open_reply_and_edit_by_mouse(page, annotated, editor):
    pipeline = annotated["pipeline"]
    browser_login(page, editor.username)
    page.goto(f"{page.base_url}/annotations/")
    assert len(rows(page)) == 2
    with page.expect_response(lambda r: "theme=energy" in r.url):
        page.select_option("#id_theme", "energy")
    page.wait_for_function("document.querySelectorAll('[data-annotation-row]').length === 1")
    assert rows(page) == [str(pipeline.pk)]
    assert "theme=energy" in page.url  # the URL records the filter
    with page.expect_response(lambda r: "theme=&" in r.url or r.url.endswith("theme=")):
        page.select_option("#id_theme", "")
    with page.expect_response(lambda r: "q=pricing" in r.url):
        page.locator("#id_q").press_sequentially("pricing")
    page.wait_for_function("document.querySelectorAll('[data-annotation-row]').length === 1")
    assert rows(page) == [str(pipeline.pk)]
    page.locator(f"#annotation-row-{pipeline.pk} .meta a").first.click()
    page.wait_for_url(f"**/articles/{pipeline.article_id}/#annotation-{pipeline.pk}")
    entry = page.locator(f"#annotation-item-{pipeline.pk}")
    entry.get_by_role("link", name="Reply").click()
    box = entry.locator("form.reply-form textarea")
    box.wait_for()
    box.fill("The pricing talks resumed in May.")
    entry.get_by_role("button", name="Post reply").click()
    entry.locator(".reply").first.wait_for()
    settled(page)
    assert "The pricing talks resumed in May." in entry.locator(".reply").inner_text()
    reply = Reply.objects.get()
    entry.locator(f"#reply-{reply.pk}").get_by_role("link", name="Edit").click()
    edit_box = entry.locator(f"#reply-form-{reply.pk} textarea")
    edit_box.wait_for()
    edit_box.fill("The pricing talks resumed in late May.")
    entry.get_by_role("button", name="Save reply").click()
    page.wait_for_function(
        f"document.querySelector('#reply-{reply.pk}').innerText.includes('late May')"
    )
    reply.refresh_from_db()
    assert (reply.text, reply.version) == ("The pricing talks resumed in late May.", 2)


def test_search_open_reply_and_edit_by_keyboard(page, annotated, editor):
    war = annotated["war"]
    browser_login(page, editor.username)
    page.goto(f"{page.base_url}/annotations/")
    page.locator("#id_q").focus()
    with page.expect_response(lambda r: "q=framing" in r.url):
        page.keyboard.type("framing")
    page.wait_for_function("document.querySelectorAll('[data-annotation-row]').length === 1")
    assert rows(page) == [str(war.pk)]
    page.locator(f"#annotation-row-{war.pk} .meta a").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/articles/{war.article_id}/#annotation-{war.pk}")
    entry = page.locator(f"#annotation-item-{war.pk}")
    entry.get_by_role("link", name="Reply").focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "document.activeElement && document.activeElement.tagName === 'TEXTAREA'"
    )
    page.keyboard.type("Compare with the Kremlin readout.")
    page.keyboard.press("Control+Enter")
    entry.locator(".reply").first.wait_for()
    settled(page)
    reply = Reply.objects.get()
    assert reply.text == "Compare with the Kremlin readout."
    entry.locator(f"#reply-{reply.pk}").get_by_role("link", name="Edit").focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "document.activeElement && document.activeElement.tagName === 'TEXTAREA'"
    )
    page.keyboard.press("Control+A")
    page.keyboard.type("Compare with the Kremlin's own readout.")
    page.keyboard.press("Control+Enter")
    page.wait_for_function(
        f"document.querySelector('#reply-{reply.pk}').innerText.includes('own readout')"
    )
    reply.refresh_from_db()
    assert reply.text == "Compare with the Kremlin's own readout."


def test_back_forward_and_a_pasted_link_restore_the_filters(page, annotated, editor):
    pipeline = annotated["pipeline"]
    browser_login(page, editor.username)
    page.goto(f"{page.base_url}/annotations/")
    with page.expect_response(lambda r: "theme=energy" in r.url):
        page.select_option("#id_theme", "energy")
    page.wait_for_function("document.querySelectorAll('[data-annotation-row]').length === 1")
    filtered = page.url
    page.go_back()
    page.wait_for_function("document.querySelectorAll('[data-annotation-row]').length === 2")
    assert page.locator("#id_theme").input_value() == ""
    page.go_forward()
    page.wait_for_function("document.querySelectorAll('[data-annotation-row]').length === 1")
    assert page.locator("#id_theme").input_value() == "energy"
    page.goto("about:blank")
    page.goto(filtered)  # a pasted link
    assert rows(page) == [str(pipeline.pk)]
    assert page.locator("#id_theme").input_value() == "energy"
