"""A coder's blind round in Chromium, from start to done (issue 32): the round page leads to
the article, the reader says it is round work and shows the codebook, the coder highlights,
the other coder never sees it, and the coder marks the article done — by mouse, and the
done button again by keyboard."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User

from annotations import rounds
from annotations.models import Annotation, RoundDone
from tests.conftest import PASSWORD, browser_login
from tests.test_browser_annotations import annotate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pilot(seeds, editor):
    other = User.objects.create_user("olga", password=PASSWORD)
    other.groups.add(Group.objects.get(name="Editors"))
    articles = [seeds["000"].pk, seeds["003"].pk]
    return rounds.create_round("Energy pilot", articles, [editor.username, "olga"], ["energy"],
                               blind=True)  # fmt: skip


def test_a_coder_codes_an_article_and_marks_it_done(page, pilot, seeds, editor):
    article = seeds["000"]
    browser_login(page, editor.username)
    page.goto(f"{page.base_url}/rounds/{pilot.pk}/")
    page.get_by_role("link", name=article.display_title).click()
    page.wait_for_url(f"**/articles/{article.pk}/")
    notice = page.locator("#round-notice")
    assert "Energy pilot" in notice.inner_text()
    notice.locator("summary").click()
    assert "Energy" in notice.locator(".codebook").inner_text()
    annotate(page, "Power of Siberia 2", themes=["Energy"], note="Round note")
    work = Annotation.objects.get()
    assert work.coding_round_id == pilot.pk
    page.goto(f"{page.base_url}/rounds/{pilot.pk}/")
    row = page.locator("table.round-progress tbody tr", has_text=article.display_title)
    with page.expect_response(lambda r: r.url.endswith(f"/rounds/{pilot.pk}/done/")):
        row.get_by_role("button", name="Mark").click()
    page.locator("#round-progress .notice").wait_for()
    assert "1 article marked done." in page.locator("#round-progress .notice").inner_text()
    assert RoundDone.objects.filter(coder=editor, article=article).count() == 1
    # The other coder, in the same blind round, sees none of it.
    page.context.clear_cookies()
    browser_login(page, "olga")
    page.goto(f"{page.base_url}{article.get_absolute_url()}")
    assert page.locator("[data-annotation-item]").count() == 0
    assert "Round note" not in page.content()


def test_mark_all_done_by_keyboard(page, pilot, editor):
    browser_login(page, editor.username)
    page.goto(f"{page.base_url}/rounds/{pilot.pk}/")
    button = page.get_by_role("button", name="Mark all my articles done")
    button.focus()
    with page.expect_response(lambda r: r.url.endswith(f"/rounds/{pilot.pk}/done/")):
        page.keyboard.press("Enter")
    page.locator("#round-progress .notice").wait_for()
    assert "2 articles marked done." in page.locator("#round-progress .notice").inner_text()
    assert RoundDone.objects.filter(coder=editor).count() == 2
    cells = page.locator("#round-progress tbody td").all_inner_texts()
    assert cells.count("done") == 2  # the coder's column, both articles
