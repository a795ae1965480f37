"""POST /articles/<id>/undo/: the reader's Undo, right after an editor's own change (issue
36, item 9), and the status line and focus hint every write answers with (item 2)."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from annotations.models import Annotation
from articles.models import Article, Change
from tests.conftest import _user
from tests.test_annotations import HX, create_url, selection

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(seeds) -> Article:
    return seeds["000"]


def undo_url(article: Article) -> str:
    return reverse("annotations:undo", args=[article.pk])


def undo_button(html: str) -> int | None:
    """The change id the panel's Undo button names, or None when it offers none."""
    found = re.search(r'id="undo-last"[^>]*hx-vals=\'\{"change": "(\d+)"\}\'', html)
    return int(found.group(1)) if found else None


def focus_hint(response) -> dict:
    return json.loads(response["HX-Trigger-After-Settle"])["summit:focus"]


def create(client, article, phrase: str = "Power of Siberia 2"):
    return client.post(create_url(article), {**selection(article, phrase), "note": "n"}, headers=HX)


def test_a_save_offers_undo_and_says_where_focus_goes(editor_client, editor, article):
    response = create(editor_client, article)
    annotation = Annotation.objects.get()
    change = Change.objects.get(object_id=annotation.pk, kind=Change.Kind.ANNOTATION_CREATED)
    html = response.content.decode()
    assert undo_button(html) == change.pk
    assert "Highlight saved." in html
    assert focus_hint(response) == {"entry": annotation.pk}


def test_undo_in_the_reader_removes_the_new_highlight(editor_client, article):
    change_id = undo_button(create(editor_client, article).content.decode())
    response = editor_client.post(undo_url(article), {"change": change_id}, headers=HX)
    assert response.status_code == 200
    assert Annotation.objects.count() == 0
    html = response.content.decode()
    assert html.lstrip().startswith('<div class="reader-layout" id="annotated">')
    assert "Undone: " in html
    assert undo_button(html) is None  # an undo is not undone from here
    assert focus_hint(response) == {"afterDelete": True}
    assert Change.objects.filter(kind=Change.Kind.UNDO).count() == 1


def test_undoing_a_delete_brings_the_highlight_back_with_focus_on_it(editor_client, article):
    create(editor_client, article)
    annotation = Annotation.objects.get()
    delete = reverse("annotations:delete", args=[annotation.pk])
    response = editor_client.post(delete, {"version": annotation.version}, headers=HX)
    assert Annotation.objects.count() == 0
    assert focus_hint(response) == {"afterDelete": True}
    change_id = undo_button(response.content.decode())
    assert change_id == Change.objects.get(kind=Change.Kind.ANNOTATION_DELETED).pk
    response = editor_client.post(undo_url(article), {"change": change_id}, headers=HX)
    restored = Annotation.objects.get()
    assert restored.pk == annotation.pk
    assert focus_hint(response) == {"entry": restored.pk}


def test_the_same_change_is_undone_once(editor_client, article):
    change_id = undo_button(create(editor_client, article).content.decode())
    assert (
        editor_client.post(undo_url(article), {"change": change_id}, headers=HX).status_code == 200
    )
    again = editor_client.post(undo_url(article), {"change": change_id}, headers=HX)
    assert again.status_code == 403
    assert Change.objects.filter(kind=Change.Kind.UNDO).count() == 1


def test_another_editor_cannot_undo_my_change(editor_client, article):
    change_id = undo_button(create(editor_client, article).content.decode())
    other = Client()
    other.force_login(_user("other-editor", "Editors"))
    assert other.post(undo_url(article), {"change": change_id}, headers=HX).status_code == 403
    assert Annotation.objects.count() == 1


def test_researchers_get_403_and_anonymous_users_the_login_page(client, researcher, article):
    change = Change.objects.create(
        user=researcher, at="2024-05-16T10:00Z", kind=Change.Kind.ANNOTATION_CREATED,
        object_type="annotation", object_id=1, summary="x", after={"article": article.pk},
    )  # fmt: skip
    response = client.post(undo_url(article), {"change": change.pk})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    client.force_login(researcher)
    assert client.post(undo_url(article), {"change": change.pk}).status_code == 403


def test_unknown_ids_and_a_change_to_another_article_are_404(editor_client, article, seeds):
    change_id = undo_button(create(editor_client, article).content.decode())
    assert editor_client.post(undo_url(article), {"change": "999999"}).status_code == 404
    assert editor_client.post(undo_url(article), {"change": "abc"}).status_code == 404
    assert editor_client.post(reverse("annotations:undo", args=[999999])).status_code == 404
    elsewhere = undo_url(seeds["001"])
    assert editor_client.post(elsewhere, {"change": change_id}).status_code == 404
    assert Annotation.objects.count() == 1


def test_undo_is_refused_on_get(editor_client, article):
    assert editor_client.get(undo_url(article)).status_code == 405


def test_the_status_offers_undo_only_for_the_last_change(editor_client, article):
    first = undo_button(create(editor_client, article).content.decode())
    second = undo_button(create(editor_client, article, "Zhongnanhai compound").content.decode())
    assert second is not None
    assert second != first
    assert editor_client.post(undo_url(article), {"change": first}, headers=HX).status_code == 403
