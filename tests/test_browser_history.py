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
