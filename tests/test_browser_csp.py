"""In Chromium, under the Content Security Policy (no bypass): annotating, filtering and
importing still work, and the browser reports nothing blocked on the way. Waits use
locators, not string predicates (Playwright evaluates those with eval, which the policy
forbids)."""

from __future__ import annotations

import io
import zipfile

import pytest

from annotations.models import Annotation
from articles.models import Article, Outlet
from tests.conftest import SEEDS_DIR, browser_login
from tests.test_browser_annotations import select

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(page_under_csp):
    return page_under_csp


@pytest.fixture
def violations(page) -> list[str]:
    """Every message in which Chromium says the policy blocked something."""
    blocked: list[str] = []

    def listen(message) -> None:
        if "Content Security Policy" in message.text:
            blocked.append(message.text)

    page.on("console", listen)
    return blocked


def test_annotate_and_filter_under_the_policy(page, seeds, editor, violations):
    browser_login(page, editor.username)
    response = page.goto(page.base_url + seeds["000"].get_absolute_url())
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    select(page, "Power of Siberia 2")
    form = page.locator("[data-annotate-form]")
    form.wait_for(state="visible")
    form.get_by_label("Energy", exact=True).check()
    form.get_by_label("Ukraine", exact=True).check()
    form.get_by_role("button", name="Save highlight").click()
    page.locator("[data-annotation-item]").first.wait_for()
    assert Annotation.objects.count() == 1
    mark = page.locator("mark[data-annotation-id]").first
    background = mark.evaluate("m => getComputedStyle(m).backgroundImage")
    assert "repeating-linear-gradient" in background  # stripes from themes.css, not inline
    page.goto(page.base_url + "/")
    page.select_option("#outlet-filter", Outlet.objects.get().slug)
    page.wait_for_url("**/?outlet=*")
    page.locator("#article-table .count", has_text="1 article").wait_for()
    assert violations == []


def test_an_import_under_the_policy(page, staff_admin, violations):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(SEEDS_DIR / "003_55fc027800472831.txt", "003.txt")
    browser_login(page, staff_admin.username)
    response = page.goto(f"{page.base_url}/admin/articles/article/import/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.set_input_files(
        "input[name=files]",
        files=[{"name": "day.zip", "mimeType": "application/zip", "buffer": archive.getvalue()}],
    )
    page.click("input[type=submit]")
    page.wait_for_selector('#import-progress[data-batch-state="done"]')
    assert Article.objects.count() == 1
    assert violations == []
