"""Several editors replying at once (issue 33): real threads, each with its own database
connection, started together (``tests.test_concurrency.run_together``)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from annotations import services
from annotations.models import Annotation, Reply
from articles.models import Article, Change
from tests.test_concurrency import editors, run_together

HX = {"HX-Request": "true"}
BODY = "The army sent pumps to Imola. Farmers said the harvest was lost for a second year."


@pytest.fixture(autouse=True)
def _commits_really_happen(transactional_db):
    """Each thread commits on its own connection."""


@pytest.fixture
def annotation() -> Annotation:
    article = Article.objects.create(
        title="Floods", body=BODY, raw=BODY, source_name="floods.txt", content_hash="floods"
    )
    author = User.objects.create_user("author")
    return services.create_annotation(article, author, {"start": 4, "end": 8, "note": "Army?"})


def test_ten_editors_replying_at_once_each_reply_is_stored_once(annotation):
    clients = editors(10)
    url = reverse("annotations:reply-create", args=[annotation.pk])
    jobs = [
        lambda c=client, n=number: c.post(url, {"text": f"Reply {n}"}).status_code
        for number, client in enumerate(clients)
    ]
    assert run_together(jobs) == [302] * 10
    assert sorted(Reply.objects.values_list("text", flat=True)) == sorted(
        f"Reply {n}" for n in range(10)
    )
    assert Change.objects.filter(kind=Change.Kind.REPLY_CREATED).count() == 10


def test_two_sessions_editing_one_reply_from_the_same_version_one_wins(annotation):
    (client,) = editors(1)
    other = Client()
    other.force_login(User.objects.get(username="editor0"))
    reply = services.create_reply(annotation, User.objects.get(username="editor0"), "First")
    url = reverse("annotations:reply-edit", args=[reply.pk])
    results = run_together(
        [
            lambda: client.post(url, {"text": "From the laptop", "version": 1}).status_code,
            lambda: other.post(url, {"text": "From the phone", "version": 1}).status_code,
        ]
    )
    assert sorted(results) == [302, 409]
    reply.refresh_from_db()
    assert reply.version == 2
    assert reply.text in {"From the laptop", "From the phone"}


def test_a_reply_racing_the_annotations_delete_never_fails_nor_outlives_it(annotation):
    (replier,) = editors(1)
    author = Client()
    author.force_login(annotation.author)
    annotation.author.groups.add(*User.objects.get(username="editor0").groups.all())
    reply_url = reverse("annotations:reply-create", args=[annotation.pk])
    delete_url = reverse("annotations:delete", args=[annotation.pk])
    results = run_together(
        [
            lambda: replier.post(reply_url, {"text": "Wait, I disagree"}, headers=HX).status_code,
            # The author was asked about no reply: a reply that came first stops the delete.
            lambda: author.post(delete_url, {"version": 1, "replies": 0}, headers=HX).status_code,
        ]
    )
    replied, deleted = results
    if Annotation.objects.filter(pk=annotation.pk).exists():
        assert (replied, deleted) == (200, 409), results
        assert Reply.objects.filter(annotation=annotation).count() == 1
    else:
        assert deleted == 200, results
        assert replied in {404, 409}, results
        assert Reply.objects.count() == 0
