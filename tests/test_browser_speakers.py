"""Speaker pages in Chromium: counts a researcher can check against what the links show."""

from __future__ import annotations

import re

import pytest

from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"1366": {"width": 1366, "height": 900}, "390": {"width": 390, "height": 844}}


@pytest.mark.parametrize("width", WIDTHS)
def test_a_speakers_counts_agree_with_the_quotes_their_link_shows(page, seeds, researcher, width):
    """Issue 36, item 8: "7 quotes in 5 articles" on the page, 19 behind its Browse link, and
    the joint speaker of two leaders shown as a government."""
    page.set_viewport_size(WIDTHS[width])
    browser_login(page, researcher.username)
    page.goto(f"{page.base_url}/speakers/")
    joint_row = page.locator("tr", has_text="Xi Jinping and Vladimir Putin")
    assert joint_row.locator("td").nth(1).inner_text() == "Joint: 2 people"
    page.get_by_role("link", name="Vladimir Putin", exact=True).click()
    counts = page.locator("#speaker-counts").inner_text()
    own = int(re.search(r"(\d+) quotes? of their own", counts).group(1))
    jointly = int(re.search(r"(\d+) said jointly", counts).group(1))
    reported = re.search(r"(\d+) reported statement", counts)
    listed = own + jointly + (int(reported.group(1)) if reported else 0)
    assert min(own, jointly) >= 2
    link = page.locator("#browse-speaker")
    assert link.inner_text() == f"Browse all {listed}"
    link.click()
    page.locator("#quote-results").wait_for()
    shown = page.locator("#quote-results .count").inner_text()
    assert shown.startswith(f"{listed} quote")
