"""The groups the data migration creates, and what each may do."""

from __future__ import annotations

import pytest

from articles.models import Theme


def test_editors_write_annotations_and_correct_quotes(editor):
    assert editor.has_perm("annotations.add_annotation")
    assert editor.has_perm("annotations.change_annotation")
    assert editor.has_perm("articles.change_quote")
    assert editor.has_perm("articles.add_theme")
    assert not editor.has_perm("articles.delete_article")
    assert not editor.is_staff


def test_researchers_read_only(researcher):
    assert researcher.has_perm("articles.view_quote")
    assert researcher.has_perm("annotations.view_annotation")
    writes = [
        p for p in researcher.get_all_permissions() if not p.split(".")[1].startswith("view_")
    ]
    assert writes == []


def test_users_in_no_group_have_no_permissions(outsider):
    assert outsider.get_all_permissions() == set()


@pytest.mark.django_db
def test_the_starting_themes_exist():
    names = set(Theme.objects.values_list("name", flat=True))
    assert {
        "Military cooperation",
        "Energy",
        "Ukraine",
        "Taiwan",
        "Middle East",
        "Sanctions and trade",
        "US-led world order",
        "Nuclear",
    } <= names
    assert all(colour.startswith("#") for colour in Theme.objects.values_list("colour", flat=True))
