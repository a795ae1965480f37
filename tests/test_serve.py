"""The production profile: `make serve`, the Procfile and the containers agree, refuse an
environment that cannot serve, and really serve (gunicorn and a worker against the local
PostgreSQL and Redis)."""

from __future__ import annotations

import os
import re
import signal
import socket
import sys
import time
import urllib.request
import uuid

import pytest
import yaml

from summit.serve_check import problems, warnings
from tests.conftest import ROOT, in_foreground
from tests.test_celery_worker import redis_answers

PRODUCTION = {
    "DATABASE_URL": "postgres://summit@127.0.0.1:5432/summit",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"DATABASE_URL": ""}, "DATABASE_URL is not set"),
        ({"DATABASE_URL": "sqlite:///db.sqlite3"}, "must be a postgres:// URL"),
        ({"CELERY_BROKER_URL": ""}, "CELERY_BROKER_URL is not set"),
        ({"CELERY_BROKER_URL": "amqp://guest@localhost//"}, "must be a redis://"),
        ({"DJANGO_DEBUG": "1"}, "DJANGO_DEBUG is on"),
        ({"DJANGO_SECRET_KEY": "x" * 49}, "DJANGO_SECRET_KEY is 49 characters: use at least 50"),
    ],
)
def test_serve_refuses_what_cannot_serve_and_says_why(change, message):
    found = problems({**PRODUCTION, **change})
    assert len(found) == 1
    assert message in found[0]


def test_a_production_environment_passes():
    assert problems(PRODUCTION) == []
    assert problems({**PRODUCTION, "DJANGO_SECRET_KEY": "k" * 50}) == []


def test_serving_without_https_is_warned_about_loudly():
    assert len(warnings(PRODUCTION)) == 1
    assert "DJANGO_HTTPS is not set" in warnings(PRODUCTION)[0]
    assert warnings({**PRODUCTION, "DJANGO_HTTPS": "1"}) == []


def _procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line and not line.startswith("#"))


def test_the_makefile_the_containers_and_the_procfile_run_the_same_commands():
    processes = _procfile()
    assert processes["web"].startswith("gunicorn summit.wsgi:application")
    assert "${WEB_CONCURRENCY:-2}" in processes["web"]
    # the worker under bin/keep-running: it starts again if it ends, and the web stays up
    assert processes["worker"].startswith("sh bin/keep-running celery -A summit worker")
    serve = re.search(r"^serve:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(), re.M)
    assert "sh bin/serve" in serve.group(1)
    script = (ROOT / "bin" / "serve").read_text()
    assert "python -m summit.serve_check" in script
    assert "exec honcho start -f Procfile" in script
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) >= {"db", "redis", "web", "worker"}
    assert services["web"]["command"] == ["sh", "bin/serve", "web"]
    assert services["worker"]["command"] == ["honcho", "start", "-f", "Procfile", "worker"]
    assert services["worker"]["restart"] == services["web"]["restart"] == "unless-stopped"
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'CMD ["sh", "bin/serve", "web"]' in dockerfile
    for name in ("web", "worker"):
        environment = {
            key: re.sub(r"\$\{[^}]*\}", "x" * 64, str(value))  # a value the operator sets
            for key, value in services[name]["environment"].items()
        }
        assert problems(environment) == [], name
        assert environment["DATABASE_URL"].endswith("@db:5432/summit")
        assert environment["CELERY_BROKER_URL"] == "redis://redis:6379/0"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def empty_postgres_database():
    psycopg = pytest.importorskip("psycopg")
    try:
        admin = psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True)
    except psycopg.OperationalError as exc:
        if os.environ.get("SUMMIT_REQUIRE_REDIS"):
            pytest.fail(f"PostgreSQL does not answer on 127.0.0.1:5432 ({exc}), but CI needs it")
        pytest.skip("PostgreSQL does not answer on 127.0.0.1:5432")
    name = f"summit_serve_{uuid.uuid4().hex[:8]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://postgres@127.0.0.1:5432/{name}"
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def _serve_environment(database: str, port: int, **extra: str) -> dict:
    if not redis_answers():
        if os.environ.get("SUMMIT_REQUIRE_REDIS"):
            pytest.fail("Redis does not answer, but SUMMIT_REQUIRE_REDIS is set (CI)")
        pytest.skip("Redis does not answer")
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))},
        "PATH": f"{os.path.dirname(sys.executable)}:{os.environ['PATH']}",
        "DATABASE_URL": database,
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/14",
        "CELERY_TASK_DEFAULT_QUEUE": f"summit-serve-{os.getpid()}-{uuid.uuid4().hex[:6]}",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "CELERY_CONCURRENCY": "1",
        **extra,
    }


def _ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as response:
            return response.read() == b"ready"
    except OSError:
        return False


def _wait_until(condition, what: str, process, lines, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline or process.poll() is not None:
            pytest.fail(f"{what}:\n{''.join(lines)[-4000:]}")
        time.sleep(0.3)


def _workers_started(lines: list[str]) -> int:
    return sum("celery@" in line and " ready" in line for line in list(lines))


def test_serve_runs_gunicorn_and_a_worker_until_interrupted(empty_postgres_database):
    port = _free_port()
    env = _serve_environment(empty_postgres_database, port)
    with in_foreground(["sh", "bin/serve"], env) as (process, lines):
        _wait_until(lambda: _ready(port), "make serve did not get ready", process, lines)
        _wait_until(lambda: _workers_started(lines), "the worker did not start", process, lines)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/") as login:
            assert login.status == 200
            assert "script-src 'self'" in login.headers["Content-Security-Policy"]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/css/summit.css") as css:
            assert css.status == 200  # whitenoise serves the collected, hashed files
    output = "".join(lines)
    assert process.returncode is not None
    assert "web.1" in output
    assert "worker.1" in output
    assert "celery@" in output


def _parents() -> dict[int, int]:
    parents = {}
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parents[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    return parents


def _worker_processes(queue: str) -> tuple[list[int], list[int]]:
    """The Celery worker and its pool children that our serve's keep-running started (it is
    found by the queue name in its environment, which Celery's own processes overwrite with
    their titles): never another test's or another user's worker."""
    supervisors = []
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                command = cmdline.read()
            with open(f"/proc/{entry}/environ", "rb") as environ:
                ours = f"CELERY_TASK_DEFAULT_QUEUE={queue}".encode() in environ.read()
        except OSError:
            continue
        if ours and command.startswith(b"sh\0bin/keep-running\0celery"):
            supervisors.append(int(entry))
    parents = _parents()
    workers = [pid for pid, parent in parents.items() if parent in supervisors]
    children = [pid for pid, parent in parents.items() if parent in workers]
    return workers, children


@pytest.mark.parametrize("fault", ["worker, child and broker", "pool child"])
def test_a_killed_worker_and_a_broker_that_lost_its_messages_leave_nothing_undone(
    empty_postgres_database, tmp_path, fault
):
    """Under make serve, mid-import: the worker and its child killed and Redis emptied of
    its messages — or only the pool child killed, its message unacknowledged for the
    broker's hour. The web server stays up, the worker starts again by itself, lost work is
    sent again by the worker's sweep, and the import finishes with every document stored
    once: no one presses "Queue again"."""
    import redis

    port = _free_port()
    env = _serve_environment(empty_postgres_database, port, IMPORT_CHUNK_DOCUMENTS="2",
                             RESUME_SWEEP_SECONDS="2", RESUME_QUIET_SECONDS="4",
                             KEEP_RUNNING_PAUSE="1")  # fmt: skip
    folder = tmp_path / "coverage"
    folder.mkdir()
    for number in range(24):
        (folder / f"story-{number:02d}.txt").write_text(
            f"Story {number}. Officials met in Geneva on day {number} to discuss the grain "
            f"corridor. “We are close,” said Maria Lopez, the trade minister, on day {number}.",
            encoding="utf-8",
        )
    with in_foreground(["sh", "bin/serve"], env) as (process, lines):
        _wait_until(lambda: _ready(port), "make serve did not get ready", process, lines)
        _wait_until(lambda: _workers_started(lines), "the worker did not start", process, lines)
        queue = env["CELERY_TASK_DEFAULT_QUEUE"]
        ingest = [sys.executable, "manage.py", "ingest", "--workers", str(folder)]
        with in_foreground(ingest, env) as (importer, progress):
            _wait_until(lambda: any("imported" in line for line in list(progress)),
                        "the import did not start", importer, progress)  # fmt: skip
            workers, children = _worker_processes(queue)
            assert (len(workers), len(children)) == (1, 1)  # concurrency 1: one pool child
            if fault == "pool child":
                os.kill(children[0], signal.SIGKILL)
            else:
                for pid in workers + children:
                    os.kill(pid, signal.SIGKILL)
                redis.Redis.from_url(env["CELERY_BROKER_URL"]).flushdb()  # messages lost
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as alive:
                assert alive.status == 200  # the web server outlived its worker
            if fault != "pool child":
                _wait_until(lambda: _workers_started(lines) >= 2,
                            "the worker was not started again", process, lines)  # fmt: skip
            _wait_until(lambda: importer.poll() is not None,
                        "the import did not finish", process, progress, seconds=180)  # fmt: skip
        summary = "".join(progress)
        assert importer.returncode == 0, summary
        assert "Summary: 24 created, 0 updated, 0 unchanged, 0 duplicate, 0 held, 0 failed." in (
            summary
        )
    output = "".join(lines)
    if fault != "pool child":
        assert "keep-running: celery ended" in output
    # (a child killed while it held a chunk leaves that chunk "processing" for the sweep,
    # tests/test_background_work.py; one killed between chunks is replaced by Celery)
