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

import pytest
from celery.backends.redis import RedisBackend
from celery.result import AsyncResult
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from articles.imports import BatchOptions, create_batch, read_uploads
from articles.models import Article, ImportBatch, Quote
from summit.celery import app

from .conftest import ROOT, SEEDS_DIR, ingest

BROKER = os.environ.get("SUMMIT_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")
QUEUE = f"summit-test-{os.getpid()}"

pytestmark = pytest.mark.django_db(transaction=True)


def redis_answers() -> bool:
    host_port = BROKER.split("//", 1)[1].split("/", 1)[0]
    host, _, port = host_port.partition(":")
    try:
        with socket.create_connection((host, int(port or 6379)), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def worker():
    if not redis_answers():
        reason = f"Redis does not answer at {BROKER}"
        if os.environ.get("SUMMIT_REQUIRE_REDIS"):
            pytest.fail(f"{reason}, but SUMMIT_REQUIRE_REDIS is set (CI)")
        pytest.skip(reason)
    settings_db = connection.settings_dict
    if settings_db["ENGINE"].endswith("sqlite3"):
        database_url = f"sqlite:///{settings_db['NAME']}"
    else:
        database_url = (
            f"postgres://{settings_db['USER']}@{settings_db['HOST']}:{settings_db['PORT']}"
            f"/{settings_db['NAME']}"
        )
    env = {**os.environ, "CELERY_BROKER_URL": BROKER, "CELERY_RESULT_BACKEND": BROKER,
           "CELERY_TASK_DEFAULT_QUEUE": QUEUE, "DATABASE_URL": database_url}  # fmt: skip
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "summit",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            QUEUE,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    names = ("broker_url", "result_backend", "task_always_eager", "task_default_queue")
    previous = {name: app.conf[name] for name in names}
    app.conf.update(
        broker_url=BROKER, result_backend=BROKER, task_always_eager=False, task_default_queue=QUEUE
    )
    _forget_connections()
    try:
        yield process
    finally:
        app.conf.update(previous)
        _forget_connections()
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _forget_connections() -> None:
    """Drop the connection pools Celery built for the broker configured before (an eager
    task run by an earlier test builds them), so messages go to this test's broker.
    """
    app._pool = None
    app.amqp._producer_pool = None


def wait_for(condition, worker, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline or worker.poll() is not None:
            worker.terminate()
            pytest.fail(f"the worker did not finish in time:\n{worker.stdout.read()}")
        time.sleep(0.2)


def test_a_real_worker_extracts_quotes(worker):
    from articles.tasks import extract_quotes_task

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


def test_without_a_broker_tasks_run_eagerly(db):
    from articles.tasks import extract_quotes_task

    ingest(SEEDS_DIR, skip_quotes=True)
    ids = list(Article.objects.filter(source_name__startswith="003").values_list("pk", flat=True))
    assert app.conf.task_always_eager
    assert extract_quotes_task.delay(ids).get()["articles"] == 1
    assert Quote.objects.filter(speaker__name="Antony Blinken").count() == 2


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
        "003.txt": "imported",
        "empty.txt": "failed",
        "day.zip:../escape.txt": "failed",
    }
    assert Quote.objects.filter(speaker__name="Antony Blinken").count() == 2
    client.force_login(staff_admin)
    page = client.get(batch.get_absolute_url()).content.decode()
    assert "1 imported" in page
    assert "2 failed" in page
    assert "the file is empty" in page
