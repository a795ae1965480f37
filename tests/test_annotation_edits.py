"""Editing an annotation: the form shows its themes, a note-only edit keeps them, a stale form
is refused with both versions shown, and every path that creates a theme checks the right."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from annotations.models import Annotation
from articles.models import Article, Theme
from tests.conftest import PASSWORD
from tests.test_annotations import HX, create_url, selection


@pytest.fixture
def article(seeds) -> Article:
    return seeds["000"]


@pytest.fixture
def two_themes(db) -> list[Theme]:
    return [Theme.objects.get(slug="energy"), Theme.objects.get(slug="ukraine")]


@pytest.fixture
def annotation(editor_client, article, two_themes) -> Annotation:
    data = {**selection(article, "Harbin"), "themes": [t.pk for t in two_themes], "note": "first"}
    assert editor_client.post(create_url(article), data, headers=HX).status_code == 200
    return Annotation.objects.get()


def edit_url(annotation: Annotation) -> str:
    return reverse("annotations:edit", args=[annotation.pk])


def submitted_form(html: str) -> dict:
    """What a browser submits for this form as shown: ticked boxes, hidden inputs, the note."""
    data: dict = {"themes": []}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if not name:
            continue
        if 'type="checkbox"' in tag:
            if " checked" in tag:
                data[name.group(1)].append(value.group(1))
        elif 'type="hidden"' in tag and name.group(1) != "csrfmiddlewaretoken":
            data[name.group(1)] = value.group(1) if value else ""
    note = re.search(r'<textarea name="note"[^>]*>(.*?)</textarea>', html, re.S)
    data["note"] = note.group(1).strip() if note else ""
    return data


def test_the_edit_form_shows_a_ticked_checkbox_for_each_current_theme(
    editor_client, annotation, two_themes
):
    html = editor_client.get(edit_url(annotation), headers=HX).content.decode()
    boxes = re.findall(r'<input type="checkbox" name="themes" value="(\d+)"[^>]*>', html)
    assert len(boxes) == Theme.objects.count()
    ticked = {int(v) for v in re.findall(r'name="themes" value="(\d+)"[^>]*checked', html)}
    assert ticked == {t.pk for t in two_themes}
    # Each theme's name appears once as the label of its box, not twice as bare text.
    assert html.count(">Energy<") + html.count(" Energy</label>") == 1


def test_changing_only_the_note_keeps_both_themes(editor_client, annotation, two_themes):
    data = submitted_form(editor_client.get(edit_url(annotation), headers=HX).content.decode())
    data["note"] = "second thoughts"
    response = editor_client.post(edit_url(annotation), data, headers=HX)
    assert response.status_code == 200
    annotation.refresh_from_db()
    assert annotation.note == "second thoughts"
    assert set(annotation.themes.all()) == set(two_themes)
    assert annotation.version == 2


def test_a_stale_edit_gets_409_with_both_versions_and_overwrites_nothing(
    editor_client, annotation, staff_admin
):
    stale = submitted_form(editor_client.get(edit_url(annotation), headers=HX).content.decode())
    admin = Client()
    admin.force_login(staff_admin)
    fresh = submitted_form(admin.get(edit_url(annotation), headers=HX).content.decode())
    assert admin.post(edit_url(annotation), {**fresh, "note": "the admin's"}).status_code == 302
    response = editor_client.post(edit_url(annotation), {**stale, "note": "mine"}, headers=HX)
    assert response.status_code == 409
    html = response.content.decode()
    assert "someone else saved this annotation" in html
    assert re.search(r">\s*mine</textarea>", html)  # yours, kept in the form
    # Issue 36, item 11: the panel entry itself shows theirs, stored now, the form inside it.
    assert response["HX-Reswap"] == "none"
    entry = re.search(
        rf'<li class="annotation-item" id="annotation-item-{annotation.pk}"[^>]*'
        r'hx-swap-oob="true"[^>]*>(.*?)<div class="edit-slot"',
        html,
        re.S,
    )
    assert entry is not None
    assert "the admin&#x27;s" in entry.group(1)  # theirs, in the entry, not only in the alert
    assert html.count(f'id="edit-form-{annotation.pk}"') == 1
    annotation.refresh_from_db()
    assert annotation.note == "the admin's"
    # Saving the form as shown (now at their version) replaces theirs knowingly.
    again = submitted_form(html)
    assert editor_client.post(edit_url(annotation), again, headers=HX).status_code == 200
    annotation.refresh_from_db()
    assert (annotation.note, annotation.version) == ("mine", 3)


def test_a_stale_delete_is_refused_and_says_why(editor_client, annotation):
    delete = reverse("annotations:delete", args=[annotation.pk])
    Annotation.objects.filter(pk=annotation.pk).update(version=5)
    response = editor_client.post(delete, {"version": "1"}, headers=HX)
    assert response.status_code == 409
    assert "Not deleted" in response.content.decode()
    assert Annotation.objects.filter(pk=annotation.pk).exists()
    assert editor_client.post(delete, {"version": "5"}, headers=HX).status_code == 200
    assert not Annotation.objects.exists()


def test_an_invalid_edit_rerenders_the_form_with_422(editor_client, annotation):
    response = editor_client.post(
        edit_url(annotation), {"themes": ["999999"], "version": "1"}, headers=HX
    )
    assert response.status_code == 422
    assert "does not exist" in response.content.decode()
    assert response["HX-Retarget"] == f"#edit-form-{annotation.pk}"


def test_editing_cannot_create_a_theme_without_the_right(article, annotation, django_user_model):
    editors = Group.objects.get(name="Editors")
    limited = django_user_model.objects.create_user("lim", password=PASSWORD)
    limited.groups.add(editors)
    limited.user_permissions.clear()
    editors.permissions.remove(*editors.permissions.filter(codename="add_theme"))
    Annotation.objects.filter(pk=annotation.pk).update(author=limited)
    client = Client()
    client.force_login(limited)
    response = client.post(edit_url(annotation), {"new_theme": "Sneaky", "version": "1"})
    assert response.status_code == 403
    assert not Theme.objects.filter(name="Sneaky").exists()
    html = client.get(edit_url(annotation)).content.decode()
    assert 'name="new_theme"' not in html


def test_clicking_edit_twice_replaces_the_form_instead_of_adding_one(editor_client, annotation):
    reader = editor_client.get(annotation.article.get_absolute_url()).content.decode()
    link = re.search(rf'<a href="{edit_url(annotation)}"[^>]*>', reader).group(0)
    assert f'hx-target="#edit-slot-{annotation.pk}"' in link
    assert 'hx-swap="innerHTML"' in link
    assert f'id="edit-slot-{annotation.pk}"' in reader
