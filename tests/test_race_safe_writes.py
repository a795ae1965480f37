"""``find_or_create`` when another client creates the row between the look and the insert.

The clash is staged in one connection (the "other client" inserts inside ``find``), so it
is reached on SQLite too, where IMMEDIATE transactions keep the thread races of
test_concurrency from ever getting there; on PostgreSQL those races reach it as well.
"""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from articles.models import Theme
from infrastructure.db import find_or_create


def test_a_clash_on_insert_looks_again_and_returns_the_other_clients_row(db):
    looks = []

    def find():
        looks.append(1)
        if len(looks) == 1:
            Theme.objects.create(name="Arctic")  # another client, just in time
            return None
        return Theme.objects.filter(name="Arctic").first()

    theme = find_or_create(find, lambda: Theme.objects.create(name="Arctic"))
    assert len(looks) == 2
    assert theme.name == "Arctic"
    assert Theme.objects.filter(name="Arctic").count() == 1


def test_a_clash_that_keeps_happening_is_raised_after_the_last_attempt(db):
    Theme.objects.create(name="Arctic")
    looks = []

    def never_finds():
        looks.append(1)
        return None

    with pytest.raises(IntegrityError):
        find_or_create(never_finds, lambda: Theme.objects.create(name="Arctic"), attempts=3)
    assert len(looks) == 3
    assert Theme.objects.filter(name="Arctic").count() == 1


def test_a_row_found_at_once_creates_nothing(db):
    existing = Theme.objects.create(name="Arctic")
    created = []
    found = find_or_create(lambda: existing, lambda: created.append(1))
    assert found == existing
    assert created == []
