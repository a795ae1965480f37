"""The duration filter of the project's pages (the lockout page says "30 minutes")."""

from __future__ import annotations

import datetime as dt

import pytest

from summit.templatetags.summit_tags import duration


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (dt.timedelta(minutes=30), "30 minutes"),
        (dt.timedelta(hours=1), "1 hour"),
        (dt.timedelta(minutes=90), "1 hour 30 minutes"),
        (dt.timedelta(hours=2, minutes=1), "2 hours 1 minute"),
        (dt.timedelta(seconds=45), "45 seconds"),
        (dt.timedelta(seconds=1), "1 second"),
        (dt.timedelta(0), "0 seconds"),
        (None, ""),
    ],
)
def test_a_duration_in_words(value, words):
    assert duration(value) == words
