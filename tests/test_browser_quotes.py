"""The quote browser in real Chromium, at a desktop and a phone width: corrections and their
errors in place, choosing speakers by typing."""

from __future__ import annotations

import pytest

from articles.models import Quote
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"1366": {"width": 1366, "height": 900}, "390": {"width": 390, "height": 844}}


@pytest.mark.parametrize("width", WIDTHS)
def test_a_wrong_correction_shows_its_error_in_the_form_and_keeps_the_input(
    page, seeds, editor, width
):
    page.set_viewport_size(WIDTHS[width])
    quote = Quote.objects.order_by("pk").first()
    before = Quote.objects.filter(pk=quote.pk).values().get()
    browser_login(page, editor.username)
    page.goto(f"{page.base_url}/quotes/?article={quote.article_id}")
    row = page.locator(f"#quote-row-{quote.pk}")
    row.get_by_role("link", name="Correct").click()
    form = page.locator(f"#correction-form-{quote.pk}")
    form.locator("input[name=start]").fill(str(quote.end))
    form.locator("input[name=end]").fill(str(quote.start))
    form.get_by_role("button", name="Save and mark verified").click()
    error = form.locator(".errorlist")
    error.wait_for()
    assert "start < end" in error.inner_text()
    assert "Not saved" in form.inner_text()
    assert form.locator("input[name=start]").input_value() == str(quote.end)  # kept
    assert error.is_visible()
    assert Quote.objects.filter(pk=quote.pk).values().get() == before
