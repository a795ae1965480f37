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


# htmx wires up content it swapped in out of band after its settle delay: a click within those
# milliseconds (a script's, never a person's) finds the new Edit link not yet live.
SETTLE = 300


def test_every_kind_of_save_reports_nothing_blocked(page, seeds, staff_admin, violations):
    """Issue 36, item 12: "every save logs a CSP inline-style violation in the console".
    Create (with a new theme), edit, a refused stale edit, delete, correct a quote, accept
    and dismiss suggestions and undo, each under the policy, each with its effect seen."""
    from annotations.services import update_annotation
    from articles.models import Change, Quote

    browser_login(page, staff_admin.username)
    page.goto(page.base_url + seeds["000"].get_absolute_url())
    for phrase, theme in [("Power of Siberia 2", "Pipelines"), ("Zhongnanhai compound", "")]:
        select(page, phrase)
        form = page.locator("[data-annotate-form]")
        form.wait_for(state="visible")
        form.locator("input[name=new_theme]").fill(theme)
        form.get_by_role("button", name="Save highlight").click()
        page.locator(f"[data-annotation-item]:has-text('{phrase}')").wait_for()
    assert Annotation.objects.count() == 2
    item = page.locator("[data-annotation-item]").first
    page.wait_for_timeout(SETTLE)
    item.get_by_role("link", name="Edit").click()
    edit = item.locator("form.annotate-edit")
    edit.locator("textarea[name=note]").fill("first note")
    edit.get_by_role("button", name="Save").click()
    page.locator(".note", has_text="first note").wait_for()
    page.wait_for_timeout(SETTLE)
    item.get_by_role("link", name="Edit").click()
    item.locator("form.annotate-edit").wait_for()
    stored = Annotation.objects.get(note="first note")
    update_annotation(stored, {"note": "theirs", "themes": []}, stored.version)
    item.locator("form.annotate-edit").get_by_role("button", name="Save").click()
    page.locator(".conflict").wait_for()
    page.wait_for_timeout(SETTLE)
    page.on("dialog", lambda dialog: dialog.accept())
    last_id = page.locator("[data-annotation-item]").last.get_attribute("id")
    last = page.locator(f"#{last_id}")
    last.get_by_role("button", name="Delete").click()
    last.wait_for(state="detached")
    assert Annotation.objects.count() == 1
    quote = Quote.objects.filter(article=seeds["000"]).order_by("pk").first()
    page.goto(f"{page.base_url}/quotes/?article={quote.article_id}")
    page.locator(f"#quote-row-{quote.pk}").get_by_role("link", name="Correct").click()
    correction = page.locator(f"#correction-form-{quote.pk}")
    correction.get_by_role("button", name="Save and mark verified").click()
    page.locator(f"#quote-row-{quote.pk}.verified").wait_for()
    page.goto(page.base_url + "/compare/?theme=energy")
    for decision in ("Accept", "Dismiss"):
        button = page.get_by_role("button", name=decision).first
        assert button.count() == 1
        with page.expect_response(lambda r: "/compare/suggestions/" in r.url):
            button.click()
    before = Change.objects.count()
    page.goto(page.base_url + "/changes/")
    with page.expect_response(lambda r: "/undo/" in r.url):
        page.get_by_role("button", name="Undo").first.click()
    assert Change.objects.count() == before + 1
    assert violations == []
