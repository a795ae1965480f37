"""The staff flag opens the Django admin and grants nothing else: seeing everyone's
changes, undoing them and editing anyone's annotations each take a permission."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse

from annotations.models import Annotation
from articles.models import Change
from tests.test_annotations import HX, create_url, selection


@pytest.fixture
def article(seeds):
    return seeds["000"]


@pytest.fixture
def editors_annotation(editor_client, article) -> Annotation:
    assert (
        editor_client.post(
            create_url(article), selection(article, "Harbin"), headers=HX
        ).status_code
        == 200
    )
    return Annotation.objects.get()


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def grant(user: User, *codenames: str) -> User:
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return User.objects.get(pk=user.pk)


def test_a_staff_viewer_cannot_undo_an_editors_change(staff_viewer, editors_annotation):
    change = Change.objects.get()
    response = logged_in(staff_viewer).post(reverse("articles:undo-change", args=[change.pk]))
    assert response.status_code == 403
    assert Annotation.objects.filter(pk=editors_annotation.pk).count() == 1
    assert Change.objects.get().undone_by_id is None


def test_a_staff_viewer_does_not_see_everyones_changes(staff_viewer, editors_annotation):
    response = logged_in(staff_viewer).get(reverse("articles:changes"))
    assert response.status_code == 403
    assert b"Harbin" not in response.content


def test_a_staff_viewer_cannot_edit_or_delete_an_editors_annotation(
    staff_viewer, editors_annotation
):
    client = logged_in(staff_viewer)
    edit = client.post(
        reverse("annotations:edit", args=[editors_annotation.pk]), {"note": "x", "version": 1}
    )
    delete = client.post(reverse("annotations:delete", args=[editors_annotation.pk]))
    assert (edit.status_code, delete.status_code) == (403, 403)
    editors_annotation.refresh_from_db()
    assert (editors_annotation.note, editors_annotation.version) == ("", 1)


def test_a_staff_editor_still_edits_only_their_own(editor, staff_viewer, editors_annotation):
    """Staff and the change right on annotations: their own, not the editor's."""
    staff_editor = grant(staff_viewer, "change_annotation", "delete_annotation")
    response = logged_in(staff_editor).post(
        reverse("annotations:delete", args=[editors_annotation.pk])
    )
    assert response.status_code == 403
    assert Annotation.objects.count() == 1


def test_the_permissions_not_the_flag_open_review_and_undo(outsider, editors_annotation, article):
    """Not staff at all: the two permissions are enough to see and undo anyone's change."""
    reviewer = grant(outsider, "review_changes", "undo_any_change")
    client = logged_in(reviewer)
    page = client.get(reverse("articles:changes"))
    assert page.status_code == 200
    assert page.content.count(b"annotation created") == 1
    change = Change.objects.get()
    assert client.post(reverse("articles:undo-change", args=[change.pk])).status_code == 302
    assert Annotation.objects.count() == 0


def test_reviewing_without_the_undo_right_shows_everything_and_undoes_nothing(
    outsider, editors_annotation
):
    reviewer = grant(outsider, "review_changes")
    client = logged_in(reviewer)
    page = client.get(reverse("articles:changes"))
    assert page.content.count(b"annotation created") == 1
    assert b">Undo</button>" not in page.content
    change = Change.objects.get()
    assert client.post(reverse("articles:undo-change", args=[change.pk])).status_code == 403
    assert Annotation.objects.count() == 1


def test_change_any_annotation_lets_a_chief_editor_fix_anothers(
    editor, outsider, editors_annotation
):
    chief = grant(outsider, "view_annotation", "change_annotation", "change_any_annotation")
    response = logged_in(chief).post(
        reverse("annotations:edit", args=[editors_annotation.pk]),
        {"note": "fixed", "version": 1},
        headers=HX,
    )
    assert response.status_code == 200
    editors_annotation.refresh_from_db()
    assert editors_annotation.note == "fixed"
