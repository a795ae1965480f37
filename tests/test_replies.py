"""Replies under an annotation (issue 33): editors and admins reply, researchers read; authors
edit and delete their own (admins any); stale edits 409; the reader's panel folds a long
discussion; the change history records replies and undoes a delete; deleting an annotation
with replies asks first and keeps them in the history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from annotations import services
from annotations.models import Annotation, Reply
from annotations.queries import ReplyRow
from annotations.rendering import replies_block
from articles import history
from articles.models import Article, Change
from infrastructure.db import StaleVersion
from tests.html import text_content

HX = {"HX-Request": "true"}
BODY = (
    "Rescue teams evacuated thousands of people from villages near Imola on Tuesday. "
    "The regional government asked for army help with pumps and pipelines."
)


@pytest.fixture
def article(db) -> Article:
    return Article.objects.create(
        title="Floods", body=BODY, raw=BODY, source_name="floods.txt", content_hash="floods"
    )


@pytest.fixture
def annotation(article, editor) -> Annotation:
    start = BODY.index("army help")
    data = {"start": start, "end": start + len("army help"), "note": "How many soldiers?"}
    return services.create_annotation(article, editor, data)


def create_url(annotation: Annotation) -> str:
    return reverse("annotations:reply-create", args=[annotation.pk])


def edit_url(reply: Reply) -> str:
    return reverse("annotations:reply-edit", args=[reply.pk])


def delete_url(reply: Reply) -> str:
    return reverse("annotations:reply-delete", args=[reply.pk])


def replies_text(html: str, annotation: Annotation) -> str:
    """What the annotation's discussion says, as a reader sees it."""
    start = html.index(f'<div class="replies" id="replies-{annotation.pk}"')
    return " ".join(text_content(html[start:], "data-replies").split())


def test_an_editor_replies_without_a_reload(editor_client, editor, annotation):
    response = editor_client.post(create_url(annotation), {"text": "About 200."}, headers=HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith(f'<div class="replies" id="replies-{annotation.pk}"')
    assert "About 200." in replies_text(html, annotation)
    assert "Reply saved." in html
    reply = Reply.objects.get()
    assert (reply.annotation, reply.author, reply.text) == (annotation, editor, "About 200.")
    change = Change.objects.get(kind=Change.Kind.REPLY_CREATED)
    assert (change.object_type, change.object_id, change.user) == ("reply", reply.pk, editor)


def test_a_reply_form_opens_in_place_and_a_plain_post_goes_back_to_the_reader(
    editor_client, annotation
):
    form = editor_client.get(create_url(annotation), headers=HX).content.decode()
    assert form.lstrip().startswith('<form class="reply-form" data-focus-first data-ctrl-enter')
    assert f'hx-target="#replies-{annotation.pk}"' in form
    response = editor_client.post(create_url(annotation), {"text": "Noted."})
    assert response.status_code == 302
    assert response.url.endswith(f"#annotation-item-{annotation.pk}")
    assert Reply.objects.count() == 1


def test_an_empty_reply_is_422_and_nothing_is_saved(editor_client, annotation):
    response = editor_client.post(create_url(annotation), {"text": "   "}, headers=HX)
    assert response.status_code == 422
    assert "Write something to reply." in response.content.decode()
    assert Reply.objects.count() == 0


def test_a_researcher_cannot_reply_but_reads_replies(client, researcher, editor, annotation):
    services.create_reply(annotation, editor, "About 200.")
    client.force_login(researcher)
    assert client.post(create_url(annotation), {"text": "Me too"}).status_code == 403
    assert client.get(create_url(annotation)).status_code == 403
    assert Reply.objects.count() == 1
    reader = client.get(annotation.article.get_absolute_url()).content.decode()
    assert "About 200." in replies_text(reader, annotation)
    assert f'href="{create_url(annotation)}"' not in reader  # no Reply link for a reader


def test_replying_to_an_unknown_annotation_is_404(editor_client, db):
    url = reverse("annotations:reply-create", args=[987654])
    assert editor_client.post(url, {"text": "Hello"}).status_code == 404


def test_authors_edit_their_own_reply_and_others_cannot(client, editor, annotation, staff_admin):
    reply = services.create_reply(annotation, editor, "About 200.")
    other = Client()
    other_editor = _second_editor()
    other.force_login(other_editor)
    assert other.post(edit_url(reply), {"text": "No", "version": 1}).status_code == 403
    assert other.post(delete_url(reply), {"version": 1}).status_code == 403
    client.force_login(editor)
    response = client.post(edit_url(reply), {"text": "About 250.", "version": 1}, headers=HX)
    assert response.status_code == 200
    assert "About 250." in replies_text(response.content.decode(), annotation)
    reply.refresh_from_db()
    assert (reply.text, reply.version) == ("About 250.", 2)


def test_an_admin_edits_and_deletes_anyones_reply(client, editor, annotation, staff_admin):
    reply = services.create_reply(annotation, editor, "About 200.")
    client.force_login(staff_admin)
    assert client.post(edit_url(reply), {"text": "Fixed", "version": 1}).status_code == 302
    assert client.post(delete_url(reply), {"version": 2}).status_code == 302
    assert Reply.objects.count() == 0


def test_editing_or_deleting_an_unknown_reply_is_404(editor_client, db):
    assert editor_client.post(reverse("annotations:reply-edit", args=[4321]), {}).status_code == 404
    url = reverse("annotations:reply-delete", args=[4321])
    assert editor_client.post(url, {"version": 1}).status_code == 404


def test_a_stale_edit_is_409_with_theirs_beside_yours(editor_client, editor, annotation):
    reply = services.create_reply(annotation, editor, "About 200.")
    services.update_reply(reply, "About 300.", 1, editor)
    response = editor_client.post(edit_url(reply), {"text": "About 250.", "version": 1}, headers=HX)
    assert response.status_code == 409
    html = response.content.decode()
    assert "someone else saved this reply" in html
    assert "About 300." in html  # theirs
    assert "About 250." in html  # yours, in the form
    reply.refresh_from_db()
    assert reply.text == "About 300."


def test_a_delete_without_a_version_is_422_and_a_stale_one_409(editor_client, editor, annotation):
    reply = services.create_reply(annotation, editor, "About 200.")
    assert editor_client.post(delete_url(reply), {}).status_code == 422
    services.update_reply(reply, "About 300.", 1, editor)
    assert editor_client.post(delete_url(reply), {"version": 1}, headers=HX).status_code == 409
    assert Reply.objects.count() == 1


def test_undo_of_a_reply_delete_brings_it_back_as_it_was(editor_client, editor, annotation):
    reply = services.create_reply(annotation, editor, "About 200.")
    created = Reply.objects.get().created
    assert editor_client.post(delete_url(reply), {"version": 1}, headers=HX).status_code == 200
    assert Reply.objects.count() == 0
    change = Change.objects.get(kind=Change.Kind.REPLY_DELETED)
    response = editor_client.post(reverse("articles:undo-change", args=[change.pk]))
    assert response.status_code == 302
    restored = Reply.objects.get()
    assert (restored.pk, restored.text, restored.author, restored.created) == (
        reply.pk, "About 200.", editor, created,
    )  # fmt: skip


def test_the_history_page_names_the_reply_and_its_article(editor_client, editor, annotation):
    services.create_reply(annotation, editor, "About 200.")
    page = editor_client.get(reverse("articles:changes")).content.decode()
    assert "reply to a highlight in “Floods”" in page
    assert f"#annotation-item-{annotation.pk}" in page


def test_the_panel_shows_three_replies_and_folds_the_rest(editor_client, editor, annotation):
    for number in range(5):
        services.create_reply(annotation, editor, f"Reply number {number}.")
    html = editor_client.get(annotation.article.get_absolute_url()).content.decode()
    section = html[html.index(f'id="replies-{annotation.pk}"') :]
    section = section[: section.index('<div class="reply-slot"')]
    folded = section[section.index("<details") :]
    assert section.count('class="reply"') == 5
    assert folded.count('class="reply"') == 2
    assert "2 more replies" in folded


def test_deleting_an_annotation_with_replies_asks_first(editor_client, editor, annotation):
    services.create_reply(annotation, editor, "About 200.")
    services.create_reply(annotation, editor, "Or 300.")
    delete = reverse("annotations:delete", args=[annotation.pk])
    reader = editor_client.get(annotation.article.get_absolute_url()).content.decode()
    assert "Delete this annotation and its 2 replies?" in reader
    unasked = editor_client.post(delete, {"version": 1}, headers=HX)
    assert unasked.status_code == 409
    assert "it has 2 replies now" in unasked.content.decode()
    assert (Annotation.objects.count(), Reply.objects.count()) == (1, 2)
    asked_about_one = editor_client.post(delete, {"version": 1, "replies": 1}, headers=HX)
    assert asked_about_one.status_code == 409
    confirmed = editor_client.post(delete, {"version": 1, "replies": 2}, headers=HX)
    assert confirmed.status_code == 200
    assert (Annotation.objects.count(), Reply.objects.count()) == (0, 0)


def test_undo_of_an_annotation_delete_brings_its_replies_back(editor, annotation):
    first = services.create_reply(annotation, editor, "About 200.")
    second = services.create_reply(annotation, editor, "Or 300.")
    services.delete_annotation(annotation, 1, editor, replies_confirmed=2)
    change = Change.objects.get(kind=Change.Kind.ANNOTATION_DELETED)
    assert len(change.before["replies"]) == 2
    history.undo(change, editor)
    assert list(Reply.objects.order_by("created").values_list("pk", "text")) == [
        (first.pk, "About 200."), (second.pk, "Or 300."),
    ]  # fmt: skip


def test_reply_text_stays_text(editor_client, editor, annotation):
    services.create_reply(annotation, editor, "<img src=x onerror=alert(1)>")
    html = editor_client.get(annotation.article.get_absolute_url()).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_list_counts_replies(researcher_client, editor, annotation):
    for text in ("One.", "Two."):
        services.create_reply(annotation, editor, text)
    html = researcher_client.get(reverse("annotations:list")).content.decode()
    assert '<span class="reply-count">2 replies</span>' in html


def _second_editor() -> User:
    user = User.objects.create_user("erin", password="x-unused")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_the_admin_shows_an_annotations_replies_read_only(admin_client_, editor, annotation):
    services.create_reply(annotation, editor, "About 200.")
    url = reverse("admin:annotations_annotation_change", args=[annotation.pk])
    html = admin_client_.get(url).content.decode()
    assert "About 200." in html
    assert 'name="replies-0-text"' not in html  # shown, not a field to edit


def test_edits_and_deletes_of_replies_are_recorded_with_who_and_what(editor, annotation):
    reply = services.create_reply(annotation, editor, "About 200.")
    services.update_reply(reply, "About 250.", 1, editor)
    edited = Change.objects.get(kind=Change.Kind.REPLY_EDITED)
    assert (edited.user, edited.object_type, edited.object_id) == (editor, "reply", reply.pk)
    assert (edited.before["text"], edited.after["text"]) == ("About 200.", "About 250.")
    assert (edited.before["version"], edited.after["version"]) == (1, 2)
    reply.refresh_from_db()
    assert reply.updated >= reply.created
    services.delete_reply(reply, 2, editor)
    deleted = Change.objects.get(kind=Change.Kind.REPLY_DELETED)
    assert (deleted.object_type, deleted.object_id, deleted.before["text"]) == (
        "reply", reply.pk, "About 250.",
    )  # fmt: skip
    with pytest.raises(services.ReplyGone) as gone:
        services.delete_reply(reply, 2, editor)
    assert gone.value.args == (reply.pk,)


def test_undo_of_a_reply_delete_is_refused_when_it_cannot_hold(editor, staff_admin, annotation):
    reply = services.create_reply(annotation, editor, "About 200.")
    services.delete_reply(reply, 1, editor)
    change = Change.objects.get(kind=Change.Kind.REPLY_DELETED)
    restored = history.undo(change, editor)
    assert Reply.objects.get().version == 2  # a restored reply is a new version of it
    assert restored.kind == Change.Kind.UNDO
    again = Change.objects.get(pk=change.pk)
    Change.objects.filter(pk=again.pk).update(undone_by=None)
    with pytest.raises(history.UndoRefused, match=r"The reply is there already\."):
        history.undo(Change.objects.get(pk=change.pk), staff_admin)
    services.delete_annotation(annotation, 1, editor, replies_confirmed=1)
    Reply.objects.all().delete()
    with pytest.raises(history.UndoRefused, match="Its annotation is gone: undo the annotation"):
        history.undo(Change.objects.get(pk=change.pk), staff_admin)


def test_a_stale_delete_of_an_annotation_with_replies_is_refused(editor, annotation):
    services.create_reply(annotation, editor, "About 200.")
    services.update_annotation(annotation, {"note": "changed"}, 1, editor)
    with pytest.raises(StaleVersion):
        services.delete_annotation(annotation, 1, editor, replies_confirmed=1)
    assert Annotation.objects.count() == 1


def test_a_deleted_annotations_replies_are_kept_in_the_order_of_the_discussion(editor, annotation):
    later = services.create_reply(annotation, editor, "Written second.")
    earlier = services.create_reply(annotation, editor, "Written first.")
    Reply.objects.filter(pk=earlier.pk).update(created=later.created - dt.timedelta(minutes=5))
    services.delete_annotation(annotation, 1, editor, replies_confirmed=2)
    change = Change.objects.get(kind=Change.Kind.ANNOTATION_DELETED)
    assert (change.object_type, change.object_id) == ("annotation", annotation.pk)
    assert [r["text"] for r in change.before["replies"]] == ["Written first.", "Written second."]
    history.undo(change, editor)
    assert [r.version for r in Reply.objects.order_by("pk")] == [2, 2]


def test_the_replies_block_as_drawn(editor, annotation):
    replies = [
        ReplyRow(pk=n, annotation_id=annotation.pk, author_id=editor.pk, text=f"Reply {n}",
                 created=timezone.now(), version=3, author_name="eddie", can_edit=n == 1)
        for n in range(1, 5)
    ]  # fmt: skip
    html = str(replies_block(annotation.pk, replies, True, "Reply saved."))
    assert html.count('<ol class="reply-list">') == 2
    assert "<summary>1 more reply</summary>" in html
    assert html.count('<li class="reply"') == 4
    assert "Reply 1</p></div>" in html
    edit = reverse("annotations:reply-edit", args=[1])
    delete = reverse("annotations:reply-delete", args=[1])
    assert f'href="{edit}" hx-get="{edit}"' in html
    assert f'hx-post="{delete}" hx-vals=\'{{"version": "3"}}\'' in html
    assert html.count("Edit reply") == 1  # only the reply this user may edit
    create = reverse("annotations:reply-create", args=[annotation.pk])
    assert f'<a href="{create}" hx-get="{create}"' in html
    assert '<p class="reply-status" role="status">Reply saved.</p>' in html
    quiet = str(replies_block(annotation.pk, [], False))
    assert quiet == (
        f'<div class="replies" id="replies-{annotation.pk}" data-replies="{annotation.pk}">'
        f'<div class="reply-slot" id="reply-slot-{annotation.pk}"></div></div>'
    )
