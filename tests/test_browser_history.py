"""In Chromium: an editor undoes their last edit from the Changes page; an admin filters
the audit page by user and undoes someone else's change."""

from __future__ import annotations

import pytest

from annotations.models import Annotation
from articles.models import Change
from tests.conftest import browser_login
from tests.test_browser_annotations import annotate, open_reader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_undoes_their_last_edit(page, seeds, editor):
    open_reader(page, editor, seeds["000"])
    annotate(page, "Zhongnanhai compound", themes=["Energy"], note="first thought")
    item = page.locator("[data-annotation-item]").first
    item.get_by_role("link", name="Edit").click()
    item.locator("textarea[name=note]").fill("second thought")
    item.get_by_role("button", name="Save").click()
    page.wait_for_function(
        "document.querySelector('#annotated aside').innerText.includes('second thought')"
    )
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Changes").click()
    rows = page.locator("#changes tbody tr")
    assert rows.count() == 2
    assert "annotation edited" in rows.first.inner_text()
    rows.first.get_by_role("button", name="Undo").click()
    page.locator(".messages", has_text="Undone").wait_for()
    assert Annotation.objects.get().note == "first thought"
    page.goto(page.base_url + seeds["000"].get_absolute_url())
    assert "first thought" in page.inner_text("#annotated aside")


def test_an_admin_filters_the_audit_page_and_undoes_a_change(
    page, browser, live_server, seeds, editor, staff_admin
):
    open_reader(page, editor, seeds["000"])
    annotate(page, "Zhongnanhai compound", themes=["Energy"])
    page.context.clear_cookies()
    browser_login(page, staff_admin.username)
    page.goto(page.base_url + "/changes/")
    page.select_option("select[name=user]", editor.username)
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/changes/?user=*")
    rows = page.locator("#changes tbody tr")
    assert rows.count() == 1
    assert editor.username in rows.first.inner_text()
    rows.first.get_by_role("button", name="Undo").click()
    page.locator(".messages", has_text="Undone").wait_for()
    assert not Annotation.objects.exists()
    assert Change.objects.filter(kind="undo", user=staff_admin).count() == 1


def test_the_history_reads_in_words_and_leads_to_the_highlight_and_the_reader_undoes(
    page, seeds, editor
):
    """Issue 36, item 9: "Before → after" was a raw dict with ids, "annotation 3" linked
    nowhere, and undo existed only on /changes/."""
    article = seeds["000"]
    open_reader(page, editor, article)
    annotate(page, "Zhongnanhai compound", themes=["Energy"], note="first thought")
    undo = page.locator("#undo-last")
    undo.wait_for()
    assert "Highlight saved." in page.locator("#panel-undo").inner_text()
    item = page.locator("[data-annotation-item]").first
    item.get_by_role("link", name="Edit").click()
    form = item.locator("form.annotate-edit")
    form.get_by_label("Ukraine", exact=True).check()
    form.get_by_label("Energy", exact=True).uncheck()
    form.get_by_role("button", name="Save").click()
    page.locator("#panel-undo", has_text="Changes saved.").wait_for()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Changes").click()
    edited = page.locator("#changes tbody tr").first
    words = edited.locator(".change-lines").inner_text()
    assert "Energy → Ukraine" in words
    assert "Zhongnanhai compound" in words
    assert "{" not in words
    edited.locator(".change-place a").click()
    annotation = Annotation.objects.get()
    page.wait_for_url(f"**{article.get_absolute_url()}#annotation-item-{annotation.pk}")
    assert page.locator(f"#annotation-item-{annotation.pk}").is_visible()
    item = page.locator("[data-annotation-item]").first
    page.on("dialog", lambda dialog: dialog.accept())
    item.get_by_role("button", name="Delete").click()
    page.locator("#panel-undo", has_text="Highlight deleted.").wait_for()
    assert Annotation.objects.count() == 0
    page.locator("#undo-last").click()
    page.locator("[data-annotation-item]").first.wait_for()
    assert Annotation.objects.count() == 1
    assert Annotation.objects.get().themes.get().name == "Ukraine"  # as it was when deleted
    assert Change.objects.filter(kind=Change.Kind.UNDO).count() == 1
