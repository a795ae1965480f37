"""The change history: who changed what, when, before and after; undo of one's own last
change (an admin's of any); merges undone; the audit page's filters."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from annotations.models import Annotation
from articles import history
from articles.models import Change, Mention, Person, PersonAlias, Quote, Theme
from articles.services import merge_persons, merge_themes
from tests.conftest import PASSWORD
from tests.test_annotations import create_url, selection

Kind = Change.Kind


@pytest.fixture
def article(seeds):
    return seeds["000"]


def undo_url(change: Change) -> str:
    return reverse("articles:undo-change", args=[change.pk])


def edit(client, annotation, **data):
    return client.post(reverse("annotations:edit", args=[annotation.pk]), data)


def test_creating_editing_and_deleting_are_recorded_with_before_and_after(
    editor_client, editor, article
):
    energy, ukraine = Theme.objects.get(slug="energy"), Theme.objects.get(slug="ukraine")
    editor_client.post(create_url(article), {**selection(article, "Harbin"), "themes": [energy.pk]})
    annotation = Annotation.objects.get()
    edit(editor_client, annotation, note="new note", themes=[ukraine.pk], version=1)
    created, edited = Change.objects.order_by("pk")
    assert (created.kind, created.user, created.object_id) == (Kind.ANNOTATION_CREATED, editor,
                                                             annotation.pk)  # fmt: skip
    assert (edited.before["note"], edited.before["themes"]) == ("", [energy.pk])
    assert (edited.after["note"], edited.after["themes"]) == ("new note", [ukraine.pk])


def test_an_editor_undoes_their_last_edit_and_the_version_moves_on(editor_client, article):
    energy, ukraine = Theme.objects.get(slug="energy"), Theme.objects.get(slug="ukraine")
    editor_client.post(create_url(article), {**selection(article, "Harbin"), "themes": [energy.pk]})
    annotation = Annotation.objects.get()
    edit(editor_client, annotation, note="oops", themes=[ukraine.pk], version=1)
    response = editor_client.post(undo_url(Change.objects.first()))
    assert response.status_code == 302
    annotation.refresh_from_db()
    assert annotation.note == ""
    assert list(annotation.themes.all()) == [energy]
    assert annotation.version == 3  # the undo is a change: a form from before it is stale
    assert edit(editor_client, annotation, note="stale", version=2).status_code == 409


def test_undoing_a_delete_brings_the_annotation_back_with_its_themes(editor_client, article):
    energy = Theme.objects.get(slug="energy")
    editor_client.post(create_url(article), {**selection(article, "Harbin"), "themes": [energy.pk]})
    annotation = Annotation.objects.get()
    editor_client.post(reverse("annotations:delete", args=[annotation.pk]), {"version": "1"})
    assert not Annotation.objects.exists()
    editor_client.post(undo_url(Change.objects.first()))
    restored = Annotation.objects.get(pk=annotation.pk)
    assert (restored.exact, list(restored.themes.all())) == ("Harbin", [energy])


def test_undoing_a_create_removes_it(editor_client, article):
    editor_client.post(create_url(article), selection(article, "Harbin"))
    editor_client.post(undo_url(Change.objects.first()))
    assert not Annotation.objects.exists()


def test_a_quote_correction_is_undone(editor_client, article):
    quote = Quote.objects.filter(article=article).exclude(speaker=None).first()
    speaker = quote.speaker
    data = {"new_speaker": "Somebody Else", "start": quote.start, "end": quote.end,
            "kind": quote.kind, "version": quote.version}  # fmt: skip
    editor_client.post(reverse("articles:quote-correct", args=[quote.pk]), data)
    quote.refresh_from_db()
    assert (quote.verified, quote.speaker.name) == (True, "Somebody Else")
    assert editor_client.post(undo_url(Change.objects.first())).status_code == 302
    quote.refresh_from_db()
    assert (quote.speaker, quote.verified, quote.version) == (speaker, False, 3)


def test_undoing_a_correction_gives_back_the_unnamed_source(editor_client, article):
    quote = Quote.objects.filter(article=article).first()
    Quote.objects.filter(pk=quote.pk).update(speaker=None, source="a senior diplomat")
    data = {"new_speaker": "Somebody Else", "start": quote.start, "end": quote.end,
            "kind": quote.kind, "version": quote.version}  # fmt: skip
    editor_client.post(reverse("articles:quote-correct", args=[quote.pk]), data)
    quote.refresh_from_db()
    assert (quote.speaker.name, quote.source) == ("Somebody Else", "")
    assert editor_client.post(undo_url(Change.objects.first())).status_code == 302
    quote.refresh_from_db()
    assert (quote.speaker, quote.source) == (None, "a senior diplomat")
    assert quote.attribution == "unnamed"


def test_undoing_a_quote_correction_corrected_again_since_is_refused(
    editor_client, staff_admin, article
):
    quote = Quote.objects.filter(article=article).exclude(speaker=None).first()
    url = reverse("articles:quote-correct", args=[quote.pk])
    base = {"start": quote.start, "end": quote.end, "kind": quote.kind}
    editor_client.post(url, {**base, "new_speaker": "First Fixer", "version": quote.version})
    editor_client.post(url, {**base, "new_speaker": "Second Fixer", "version": quote.version + 1})
    first, second = Change.objects.filter(kind=Kind.QUOTE_CORRECTED).order_by("pk")
    admin = Client()
    admin.force_login(staff_admin)
    response = admin.post(undo_url(first))
    assert response.status_code == 409
    assert "changed again since" in response.content.decode()
    quote.refresh_from_db()
    assert (quote.speaker.name, quote.version) == ("Second Fixer", 3)
    assert Change.objects.get(pk=first.pk).undone_by is None
    assert admin.post(undo_url(second)).status_code == 302  # the later one first: allowed
    quote.refresh_from_db()
    assert quote.speaker.name == "First Fixer"


def test_only_ones_own_last_change_and_admins_any(editor_client, editor, staff_admin, article):
    editor_client.post(create_url(article), selection(article, "Harbin"))
    editor_client.post(create_url(article), selection(article, "Beijing"))
    first, last = Change.objects.order_by("pk")
    assert editor_client.post(undo_url(first)).status_code == 403  # not the last one
    other = User.objects.create_user("olga", password=PASSWORD)
    other.groups.add(Group.objects.get(name="Editors"))
    olga = Client()
    olga.force_login(other)
    assert olga.post(undo_url(last)).status_code == 403  # not hers
    admin = Client()
    admin.force_login(staff_admin)
    assert admin.post(undo_url(first)).status_code == 302
    assert admin.post(undo_url(first)).status_code == 403  # once
    assert list(Annotation.objects.values_list("exact", flat=True)) == ["Beijing"]
    assert editor_client.post(reverse("articles:undo-change", args=[99999])).status_code == 404


def test_an_undo_over_a_later_change_is_refused_with_the_reason(
    editor_client, staff_admin, article
):
    editor_client.post(create_url(article), selection(article, "Harbin"))
    annotation = Annotation.objects.get()
    edit(editor_client, annotation, note="one", version=1)
    edit(editor_client, annotation, note="two", version=2)
    first_edit = Change.objects.filter(kind=Kind.ANNOTATION_EDITED).order_by("pk").first()
    admin = Client()
    admin.force_login(staff_admin)
    response = admin.post(undo_url(first_edit))
    assert response.status_code == 409
    assert "changed again since" in response.content.decode()
    annotation.refresh_from_db()
    assert annotation.note == "two"


def test_a_merge_of_people_is_undone(staff_admin, article):
    target = Person.objects.get(name="Vladimir Putin")
    other = Person.objects.create(name="V. Putin", kind=Person.Kind.PERSON)
    alias = PersonAlias.objects.create(person=other, alias="President Putin of Russia")
    quote = Quote.objects.filter(speaker=target).first()
    Quote.objects.filter(pk=quote.pk).update(speaker=other)
    mention = Mention.objects.filter(person=target).first()
    Mention.objects.filter(pk=mention.pk).update(person=other)
    merge_persons(target, [other], staff_admin)
    assert not Person.objects.filter(pk=other.pk).exists()
    history.undo(Change.objects.get(kind=Kind.PEOPLE_MERGED), staff_admin)
    restored = Person.objects.get(pk=other.pk)
    assert restored.name == "V. Putin"
    assert Quote.objects.get(pk=quote.pk).speaker == restored
    assert Mention.objects.get(pk=mention.pk).person == restored
    assert PersonAlias.objects.get(pk=alias.pk).person == restored
    assert not PersonAlias.objects.filter(person=target, alias="V. Putin").exists()


def test_a_merge_of_themes_is_undone(editor_client, staff_admin, article):
    energy, ukraine = Theme.objects.get(slug="energy"), Theme.objects.get(slug="ukraine")
    editor_client.post(
        create_url(article), {**selection(article, "Harbin"), "themes": [ukraine.pk]}
    )
    both = {**selection(article, "Beijing"), "themes": [ukraine.pk, energy.pk]}
    editor_client.post(create_url(article), both)
    merge_themes(energy, [ukraine], staff_admin)
    assert not Theme.objects.filter(pk=ukraine.pk).exists()
    history.undo(Change.objects.get(kind=Kind.THEMES_MERGED), staff_admin)
    harbin, beijing = (Annotation.objects.get(exact=w) for w in ("Harbin", "Beijing"))
    assert list(harbin.themes.values_list("slug", flat=True)) == ["ukraine"]
    assert sorted(beijing.themes.values_list("slug", flat=True)) == ["energy", "ukraine"]


def test_a_rename_in_the_admin_is_recorded_and_undone(admin_client_, staff_admin, db):
    theme = Theme.objects.get(slug="energy")
    url = reverse("admin:articles_theme_change", args=[theme.pk])
    data = {"name": "Energy and gas", "slug": theme.slug, "colour": theme.colour,
            "description": theme.description, "lexicon": theme.lexicon}  # fmt: skip
    assert admin_client_.post(url, data).status_code == 302
    change = Change.objects.get(kind=Kind.THEME_RENAMED)
    assert (change.before, change.after) == ({"name": "Energy"}, {"name": "Energy and gas"})
    admin_client_.post(undo_url(change))
    theme.refresh_from_db()
    assert theme.name == "Energy"


def test_the_audit_page_filters_by_user_object_and_day(editor_client, editor, staff_admin, article):
    admin_client_ = Client()
    admin_client_.force_login(staff_admin)
    editor_client.post(create_url(article), selection(article, "Harbin"))
    quote = Quote.objects.filter(article=article).first()
    admin_client_.post(
        reverse("articles:quote-correct", args=[quote.pk]),
        {"start": quote.start, "end": quote.end, "kind": quote.kind, "version": quote.version},
    )
    page = admin_client_.get(reverse("articles:changes")).content.decode()
    assert page.count('<tr data-change="') == 2
    by_editor = admin_client_.get(reverse("articles:changes"), {"user": editor.username})
    assert by_editor.content.decode().count('<tr data-change="') == 1
    quotes = admin_client_.get(reverse("articles:changes"), {"type": "quote", "id": quote.pk})
    assert quotes.content.decode().count('<tr data-change="') == 1
    today = Change.objects.first().at.date().isoformat()
    other_day = admin_client_.get(reverse("articles:changes"), {"day": "2001-01-01"})
    assert other_day.content.decode().count('<tr data-change="') == 0
    that_day = admin_client_.get(reverse("articles:changes"), {"day": today})
    assert that_day.content.decode().count('<tr data-change="') == 2
    mine = editor_client.get(reverse("articles:changes")).content.decode()
    assert mine.count('<tr data-change="') == 1  # editors see their own only


def test_researchers_have_no_change_history(researcher_client, db):
    assert researcher_client.get(reverse("articles:changes")).status_code == 403


def test_the_changes_page_reads_a_fixed_number_of_queries(editor_client, article):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    editor_client.post(create_url(article), selection(article, "Harbin"))
    with CaptureQueriesContext(connection) as few:
        assert editor_client.get(reverse("articles:changes")).status_code == 200
    for phrase in ("Beijing", "Putin", "Xi"):
        editor_client.post(create_url(article), selection(article, phrase))
    with CaptureQueriesContext(connection) as more:
        page = editor_client.get(reverse("articles:changes")).content.decode()
    assert page.count('<tr data-change="') == 4
    assert len(more) == len(few)


def _merged_people(staff_admin) -> tuple[Person, Person, Change]:
    target = Person.objects.get(name="Vladimir Putin")
    other = Person.objects.create(name="V. Putin", kind=Person.Kind.PERSON)
    merge_persons(target, [other], staff_admin)
    return target, other, Change.objects.get(kind=Kind.PEOPLE_MERGED)


def test_undoing_a_merge_into_a_person_deleted_since_is_refused(staff_admin, article):
    target, _, change = _merged_people(staff_admin)
    Quote.objects.filter(speaker=target).update(speaker=None)
    target.delete()
    with pytest.raises(history.UndoRefused, match=r"^The person the others were merged into is"):
        history.undo(change, staff_admin)
    assert Change.objects.get(pk=change.pk).undone_by is None


def test_undoing_a_merge_whose_address_another_speaker_took_is_refused(staff_admin, article):
    _, other, change = _merged_people(staff_admin)
    Person.objects.create(name="Someone Else", slug=other.slug)
    with pytest.raises(history.UndoRefused, match=r"^Another speaker now has the address of V"):
        history.undo(change, staff_admin)
    assert Person.objects.filter(name="V. Putin").count() == 0


def test_undoing_a_merge_moves_back_only_what_the_merge_moved(staff_admin, article):
    target = Person.objects.get(name="Vladimir Putin")
    other = Person.objects.create(name="V. Putin", kind=Person.Kind.PERSON)
    moved, stays = Quote.objects.filter(speaker=target)[:2]
    Quote.objects.filter(pk=moved.pk).update(speaker=other)
    merge_persons(target, [other], staff_admin)
    history.undo(Change.objects.get(kind=Kind.PEOPLE_MERGED), staff_admin)
    restored = Person.objects.get(pk=other.pk)
    assert (restored.pk, restored.slug) == (other.pk, other.slug)
    assert Quote.objects.get(pk=moved.pk).speaker == restored
    assert Quote.objects.get(pk=stays.pk).speaker == target  # it was the target's all along


def test_undoing_a_theme_merge_is_refused_when_the_target_or_the_name_is_gone(staff_admin, article):
    energy, ukraine = Theme.objects.get(slug="energy"), Theme.objects.get(slug="ukraine")
    merge_themes(energy, [ukraine], staff_admin)
    change = Change.objects.get(kind=Kind.THEMES_MERGED)
    taker = Theme.objects.create(name="UKRAINE")
    with pytest.raises(history.UndoRefused, match=r"^Another theme is now called Ukraine"):
        history.undo(change, staff_admin)
    taker.delete()
    energy.delete()
    with pytest.raises(history.UndoRefused, match=r"^The theme the others were merged into is"):
        history.undo(change, staff_admin)
    assert not Theme.objects.filter(slug="ukraine").exists()


def test_undoing_a_rename_is_refused_once_renamed_again_or_deleted(staff_admin, db):
    theme = Theme.objects.get(slug="energy")
    history.record(staff_admin, Kind.THEME_RENAMED, "theme", theme.pk, "renamed",
                   {"name": "Energy"}, {"name": "Energy and gas"})  # fmt: skip
    change = Change.objects.get(kind=Kind.THEME_RENAMED)
    Theme.objects.filter(pk=theme.pk).update(name="Gas")
    with pytest.raises(history.UndoRefused, match=r"^The theme was renamed again since"):
        history.undo(change, staff_admin)
    Theme.objects.filter(pk=theme.pk).update(name="Energy and gas")
    history.undo(change, staff_admin)
    theme.refresh_from_db()
    assert theme.name == "Energy"
    other = Theme.objects.create(name="Arctic")
    history.record(staff_admin, Kind.THEME_RENAMED, "theme", other.pk, "renamed",
                   {"name": "Arctic"}, {"name": "Polar"})  # fmt: skip
    later = Change.objects.filter(kind=Kind.THEME_RENAMED).order_by("pk").last()
    other.delete()
    with pytest.raises(history.UndoRefused, match=r"^The theme is gone"):
        history.undo(later, staff_admin)
