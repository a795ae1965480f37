"""Several editors at once: concurrent saves, the same new theme or speaker, edits racing
edits and deletes. Real threads, each with its own database connection, started together.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group, User
from django.db import connections
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from annotations.models import Annotation
from articles.models import Article, Person, Quote, Theme
from compare import scheduling
from compare.models import ThemePassage
from tests.conftest import PASSWORD, SEEDS_DIR, ingest, settle


@pytest.fixture(autouse=True)
def _commits_really_happen(transactional_db):
    """Each thread commits on its own connection."""


def run_together(jobs: list[Callable[[], object]]) -> list[object]:
    """Run the jobs in threads released at the same moment; return their results in order."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def run(index: int, job) -> None:
        try:
            barrier.wait()
            results[index] = job()
        except Exception as exc:  # a crash in a job is a result the test reports
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def editors(count: int) -> list[Client]:
    group = Group.objects.get(name="Editors")
    clients = []
    for number in range(count):
        user = User.objects.create_user(f"editor{number}", password=PASSWORD)
        user.groups.add(group)
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


@pytest.fixture
def article(db) -> Article:
    ingest(SEEDS_DIR)
    return Article.objects.get(source_name__startswith="000")


def passages(article: Article, count: int) -> list[tuple[int, int, str]]:
    """``count`` distinct word spans of the article."""
    spans, position = [], 0
    words = article.body.split()
    for word in words:
        position = article.body.index(word, position)
        if len(word) > 4:
            spans.append((position, position + len(word), word))
        position += len(word)
    assert len(spans) >= count
    return spans[:count]


def test_editors_saving_at_once_all_succeed_and_each_save_is_stored_once(article, folder_queue):
    clients = editors(5)
    energy = Theme.objects.get(slug="energy")
    spans = passages(article, 5 * 8)
    url = reverse("annotations:create", args=[article.pk])
    stop = threading.Event()

    def editor_saves(client: Client, mine: list) -> list[int]:
        statuses = []
        for start, end, exact in mine:
            data = {"start": start, "end": end, "exact": exact, "themes": [energy.pk],
                    "note": f"note on {exact}"}  # fmt: skip
            statuses.append(client.post(url, data).status_code)
        return statuses

    def worker() -> int:  # a refresh running all the while, as a worker would
        served = 0
        while not stop.is_set():
            served += scheduling.run_pending()
        return served

    jobs = [(lambda c=c, n=n: editor_saves(c, spans[n::5])) for n, c in enumerate(clients)]
    worker_thread = threading.Thread(target=lambda: (worker(), connections.close_all()))
    worker_thread.start()
    try:
        results = run_together(jobs)
    finally:
        stop.set()
        worker_thread.join(timeout=120)
    statuses = Counter(status for result in results for status in result)
    assert statuses == {302: 40}, results
    assert Annotation.objects.count() == 40
    settle()
    scheduling.run_pending()
    doubled = (
        ThemePassage.objects.filter(annotation_id__isnull=False)
        .values("theme", "annotation_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert not doubled.exists()
    assert ThemePassage.objects.filter(theme=energy, origin="annotation").count() == 40


def test_ten_editors_creating_the_same_theme_get_one_theme(article):
    clients = editors(10)
    spans = passages(article, 10)
    url = reverse("annotations:create", args=[article.pk])
    names = ["Arctic", "arctic", " Arctic ", "ARCTIC", "Arctic"] * 2
    forms = [
        {"start": s[0], "end": s[1], "exact": s[2], "new_theme": name}
        for s, name in zip(spans, names, strict=True)
    ]
    jobs = [
        (lambda c=c, f=f: c.post(url, f).status_code) for c, f in zip(clients, forms, strict=True)
    ]
    assert run_together(jobs) == [302] * 10
    arctic = Theme.objects.get(name__iexact="arctic")
    assert arctic.annotations.count() == 10


def test_ten_editors_naming_the_same_new_speaker_get_one_person(article):
    clients = editors(10)
    quotes = list(Quote.objects.filter(article=article).order_by("start")[:10])
    assert len(quotes) == 10

    def correct(client: Client, quote: Quote) -> int:
        url = reverse("articles:quote-correct", args=[quote.pk])
        data = {"new_speaker": "Jane Q. Public", "new_speaker_kind": "person",
                "start": quote.start, "end": quote.end, "kind": quote.kind,
                "version": quote.version}  # fmt: skip
        return client.post(url, data).status_code

    jobs = [(lambda c=c, q=q: correct(c, q)) for c, q in zip(clients, quotes, strict=True)]
    assert run_together(jobs) == [302] * 10
    jane = Person.objects.get(name="Jane Q. Public")
    assert Quote.objects.filter(speaker=jane, verified=True).count() == 10


def test_two_editors_correcting_one_quote_from_the_same_version_one_wins(article):
    first, second = editors(2)
    quote = Quote.objects.filter(article=article).order_by("start").first()
    url = reverse("articles:quote-correct", args=[quote.pk])

    def correct(client: Client, speaker: str) -> int:
        data = {"new_speaker": speaker, "start": quote.start, "end": quote.end,
                "kind": quote.kind, "version": quote.version}  # fmt: skip
        return client.post(url, data).status_code

    results = run_together([lambda: correct(first, "First Person"), lambda: correct(second, "B")])
    assert sorted(results) == [302, 409]
    quote.refresh_from_db()
    assert quote.version == 2


def _editable_annotation(client: Client, article: Article, span) -> Annotation:
    url = reverse("annotations:create", args=[article.pk])
    client.post(url, {"start": span[0], "end": span[1], "exact": span[2]})
    return Annotation.objects.latest("pk")


def test_an_edit_and_a_delete_at_once_never_fail(article):
    (client,) = editors(1)
    other = Client()
    other.force_login(User.objects.get(username="editor0"))
    for span in passages(article, 6):
        annotation = _editable_annotation(client, article, span)
        edit = reverse("annotations:edit", args=[annotation.pk])
        delete = reverse("annotations:delete", args=[annotation.pk])
        results = run_together(
            [
                lambda e=edit: client.post(e, {"note": "edited", "version": "1"}).status_code,
                lambda d=delete: other.post(d, {"version": "1"}).status_code,
            ]
        )
        edited, deleted = results
        # Either order is fine: edit first (then the delete is stale: 409) or delete first
        # (then the edit finds it gone: 404 before it is locked, 409 after). Never a 500,
        # never a deadlock.
        assert edited in {302, 404, 409}, results
        assert deleted in {302, 409}, results
        assert (edited, deleted) != (409, 409)


def test_two_editors_saving_one_annotation_from_the_same_version_one_wins(article, staff_admin):
    (client,) = editors(1)
    admin = Client()
    admin.force_login(staff_admin)
    annotation = _editable_annotation(client, article, passages(article, 1)[0])
    edit = reverse("annotations:edit", args=[annotation.pk])
    results = run_together(
        [
            lambda: client.post(edit, {"note": "author", "version": "1"}).status_code,
            lambda: admin.post(edit, {"note": "admin", "version": "1"}).status_code,
        ]
    )
    assert sorted(results) == [302, 409]
    annotation.refresh_from_db()
    assert annotation.version == 2
    assert annotation.note in {"author", "admin"}


def test_two_clicks_on_save_for_a_bare_highlight_make_one_annotation(article):
    editor = editors(1)[0]
    data = {"start": 0, "end": 10, "exact": article.body[:10]}
    url = reverse("annotations:create", args=[article.pk])
    statuses = run_together([lambda: editor.post(url, data).status_code] * 2)
    assert statuses == [302, 302]
    assert Annotation.objects.filter(article=article).count() == 1
    # A highlight with a theme or a note is new work, even on the same words.
    editor.post(url, {**data, "note": "second thoughts"})
    assert Annotation.objects.filter(article=article).count() == 2
