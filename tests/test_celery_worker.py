"""A real Celery worker, started and stopped by the test, against the local Redis.

Skipped (with the reason) where Redis does not answer; CI sets SUMMIT_REQUIRE_REDIS so a
missing Redis fails instead.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from celery.backends.redis import RedisBackend
from celery.result import AsyncResult
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from annotations.models import Annotation
from articles.ingest.batches import BatchOptions, create_batch
from articles.ingest.sources import read_uploads
from articles.models import Article, ImportBatch, ImportDocument, Quote, Theme
from compare.models import RefreshRequest, ThemePassage, ThemeSuggestion
from summit.celery import app
from tests.conftest import ROOT, SEEDS_DIR, ingest, sending_as

BROKER = os.environ.get("SUMMIT_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")
QUEUE = f"summit-test-{os.getpid()}"


@pytest.fixture(autouse=True)
def _commits_really_happen(transactional_db):
    """The worker reads what this process committed (and the tables are flushed after)."""


def redis_answers() -> bool:
    host_port = BROKER.split("//", 1)[1].split("/", 1)[0]
    host, _, port = host_port.partition(":")
    try:
        with socket.create_connection((host, int(port or 6379)), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _database_url() -> str:
    settings_db = connection.settings_dict
    if settings_db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_db['NAME']}"
    return (
        f"postgres://{settings_db['USER']}@{settings_db['HOST']}:{settings_db['PORT']}"
        f"/{settings_db['NAME']}"
    )


def _environment(changes: dict) -> dict:
    """This process's environment with ``changes`` (a value of None removes the variable)."""
    env = {**os.environ, "CELERY_TASK_DEFAULT_QUEUE": QUEUE, "DATABASE_URL": _database_url()}
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


@contextmanager
def running_worker(env: dict, conf: dict) -> Iterator[subprocess.Popen]:
    """A worker process with ``env``, and this process's Celery app sending as ``conf``."""
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "summit", "worker", "--pool=solo",
         "--concurrency=1", "-Q", QUEUE, "--without-heartbeat", "--without-gossip",
         "--without-mingle", "--loglevel=INFO"],
        cwd=ROOT,
        env=_environment(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    try:
        with sending_as(task_default_queue=QUEUE, **conf):
            yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def worker():
    """A worker on the local Redis (the production setup)."""
    if not redis_answers():
        reason = f"Redis does not answer at {BROKER}"
        if os.environ.get("SUMMIT_REQUIRE_REDIS"):
            pytest.fail(f"{reason}, but SUMMIT_REQUIRE_REDIS is set (CI)")
        pytest.skip(reason)
    env = {"CELERY_BROKER_URL": BROKER, "CELERY_RESULT_BACKEND": BROKER}
    with running_worker(env, {"broker_url": BROKER, "result_backend": BROKER}) as process:
        yield process


@pytest.fixture
def folder_worker(tmp_path):
    """A worker reading the embedded default's folder queue, as ``make run`` starts it."""
    folder = tmp_path / "queue"
    options = {"data_folder_in": str(folder / "messages"),
               "data_folder_out": str(folder / "messages"),
               "control_folder": str(folder / "control")}  # fmt: skip
    for path in options.values():
        Path(path).mkdir(parents=True, exist_ok=True)
    env = {"CELERY_QUEUE_DIR": str(folder), "CELERY_BROKER_URL": None}
    conf = {"broker_url": "filesystem://localhost//", "broker_transport_options": options}
    with running_worker(env, conf) as process:
        yield process


def wait_for(condition, worker, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline or worker.poll() is not None:
            worker.terminate()
            pytest.fail(f"the worker did not finish in time:\n{worker.stdout.read()}")
        time.sleep(0.2)


def test_a_real_worker_extracts_quotes(worker):
    from articles.quotes.analysis import extract_quotes_task

    ingest(SEEDS_DIR, skip_quotes=True)
    assert not Quote.objects.exists()
    ids = list(Article.objects.filter(source_name__startswith="000").values_list("pk", flat=True))
    started = time.monotonic()
    sent = extract_quotes_task.apply_async(args=[ids], queue=QUEUE)
    # A backend of its own: the app's is created (and cached) by whichever test asked first.
    result = AsyncResult(sent.id, app=app, backend=RedisBackend(app=app, url=BROKER))
    try:
        outcome = result.get(timeout=120)
    except Exception:
        worker.terminate()
        print(worker.stdout.read())
        raise
    assert outcome["articles"] == 1
    assert outcome["quotes"] == Quote.objects.count() > 5
    assert Quote.objects.filter(speaker__name="Alexandra Prokopenko").count() == 2
    print(f"worker round trip: {time.monotonic() - started:.1f} s")


def _save_annotation(client, article: Article) -> int:
    start = article.body.index("Putin")
    energy = Theme.objects.get(slug="energy")
    data = {"start": start, "end": start + 5, "exact": "Putin", "themes": [energy.pk]}
    response = client.post(reverse("annotations:create", args=[article.pk]), data)
    assert response.status_code == 302
    return Annotation.objects.latest("pk").pk


def _served_by_the_worker(client, staff_admin, worker) -> None:
    ingest(SEEDS_DIR / "003_55fc027800472831.txt", skip_quotes=True)
    article = Article.objects.get()
    client.force_login(staff_admin)
    annotation = _save_annotation(client, article)
    # The request only stored it; the worker builds the compare rows from it.
    wait_for(lambda: ThemePassage.objects.filter(annotation_id=annotation).exists(), worker)
    wait_for(lambda: not RefreshRequest.objects.exists(), worker)
    assert ThemeSuggestion.objects.filter(article=article).exists()  # the ingest's refresh


def test_without_a_broker_the_worker_make_run_starts_serves_the_folder_queue(
    folder_worker, client, staff_admin
):
    _served_by_the_worker(client, staff_admin, folder_worker)


def test_a_real_worker_on_redis_serves_the_refresh_after_a_save(worker, client, staff_admin):
    _served_by_the_worker(client, staff_admin, worker)


def test_a_real_worker_imports_a_batch_and_the_progress_page_shows_each_outcome(
    worker, client, staff_admin
):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(SEEDS_DIR / "003_55fc027800472831.txt", "day/003.txt")
        zipped.writestr("empty.txt", b"")
        zipped.writestr("../escape.txt", b"text")
    upload = SimpleUploadedFile("day.zip", archive.getvalue())
    batch = create_batch(staff_admin, read_uploads([upload]), BatchOptions(import_if_clean=True))
    wait_for(lambda: ImportBatch.objects.get(pk=batch.pk).state == ImportBatch.State.DONE, worker)
    outcome = {d.name: d.state for d in batch.documents.all()}
    assert outcome == {
        "day/003.txt": "imported",  # named by its path in the archive
        "empty.txt": "failed",
        "day.zip:../escape.txt": "failed",
    }
    assert Quote.objects.filter(speaker__name="Antony Blinken").count() == 2
    client.force_login(staff_admin)
    page = client.get(batch.get_absolute_url()).content.decode()
    assert "1 imported" in page
    assert "2 failed" in page
    assert "the file is empty" in page


def test_a_worker_killed_mid_batch_leaves_it_for_the_next_worker_exactly_once(
    staff_admin, tmp_path
):
    """SIGKILL in the middle of an import: the next worker to start picks the batch up (its
    start-up sweep) and every document ends imported once — none lost, none twice."""
    if not redis_answers():
        if os.environ.get("SUMMIT_REQUIRE_REDIS"):
            pytest.fail("Redis does not answer, but SUMMIT_REQUIRE_REDIS is set (CI)")
        pytest.skip("Redis does not answer")
    from tests.test_shuffled_corpus import shuffled_seeds

    folder = shuffled_seeds(tmp_path, count=12)
    files = [SimpleUploadedFile(path.name, path.read_bytes()) for path in sorted(folder.iterdir())]
    env = {"CELERY_BROKER_URL": BROKER, "IMPORT_PREVIEW_MAX_DOCUMENTS": "0",
           "IMPORT_CHUNK_DOCUMENTS": "3"}  # fmt: skip
    conf = {"broker_url": BROKER}
    with running_worker(env, conf) as first:
        batch = create_batch(staff_admin, read_uploads(files), BatchOptions())
        imported = batch.documents.filter(state=ImportDocument.State.IMPORTED)
        wait_for(lambda: imported.exists(), first)
        assert ImportBatch.objects.get(pk=batch.pk).state == ImportBatch.State.IMPORTING
        first.kill()  # SIGKILL: no warm shutdown, the task is left unacknowledged
        first.wait(timeout=20)
    done_before = imported.count()
    with running_worker(env, conf) as second:
        wait_for(
            lambda: ImportBatch.objects.get(pk=batch.pk).state == ImportBatch.State.DONE, second
        )
    states = dict(batch.documents.values_list("name", "state"))
    assert set(states.values()) <= {"imported", "duplicate"}, states
    assert done_before < sum(state == "imported" for state in states.values())
    assert Article.objects.count() == sum(state == "imported" for state in states.values())
    names = list(Article.objects.values_list("source_name", flat=True))
    assert len(names) == len(set(names))  # none imported twice


def test_two_workers_share_the_chunks_of_one_ingest(tmp_path):
    """``ingest --workers``: the batch's chunks are taken by whichever worker is free, both
    workers take some, and every document ends imported once."""
    if not redis_answers():
        if os.environ.get("SUMMIT_REQUIRE_REDIS"):
            pytest.fail("Redis does not answer, but SUMMIT_REQUIRE_REDIS is set (CI)")
        pytest.skip("Redis does not answer")
    from tests.test_shuffled_corpus import shuffled_seeds

    folder = shuffled_seeds(tmp_path, count=16)
    env = {"CELERY_BROKER_URL": BROKER, "IMPORT_CHUNK_DOCUMENTS": "2"}
    conf = {"broker_url": BROKER}
    with running_worker(env, conf) as first, running_worker(env, conf) as second:
        out = io.StringIO()
        call_command("ingest", "--workers", str(folder), stdout=out, stderr=out)
    logs = [process.stdout.read() for process in (first, second)]
    assert all("articles.import_chunk" in log for log in logs), logs
    states = list(ImportDocument.objects.values_list("state", flat=True))
    assert len(states) == 16
    assert set(states) <= {"imported", "duplicate"}, states
    assert Article.objects.count() == states.count("imported")
    assert f"Summary: {states.count('imported')} created" in out.getvalue()
