"""The production profile: `make serve`, the Procfile and the containers agree, refuse an
environment that cannot serve, and really serve (gunicorn and a worker against the local
PostgreSQL and Redis)."""

from __future__ import annotations

import os
import re
import socket
import sys
import time
import urllib.request
import uuid

import pytest
import yaml

from summit.serve_check import problems
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
    ],
)
def test_serve_refuses_what_cannot_serve_and_says_why(change, message):
    found = problems({**PRODUCTION, **change})
    assert len(found) == 1
    assert message in found[0]


def test_a_production_environment_passes():
    assert problems(PRODUCTION) == []


def _procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line and not line.startswith("#"))


def test_the_makefile_the_containers_and_the_procfile_run_the_same_commands():
    processes = _procfile()
    assert processes["web"].startswith("gunicorn summit.wsgi:application")
    assert "${WEB_CONCURRENCY:-2}" in processes["web"]
    assert processes["worker"].startswith("celery -A summit worker")
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
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'CMD ["sh", "bin/serve", "web"]' in dockerfile
    for name in ("web", "worker"):
        environment = {
            key: re.sub(r"\$\{[^}]*\}", "x", str(value))
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


def test_serve_runs_gunicorn_and_a_worker_until_interrupted(empty_postgres_database):
    if not redis_answers():
        if os.environ.get("SUMMIT_REQUIRE_REDIS"):
            pytest.fail("Redis does not answer, but SUMMIT_REQUIRE_REDIS is set (CI)")
        pytest.skip("Redis does not answer")
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))},
        "PATH": f"{os.path.dirname(sys.executable)}:{os.environ['PATH']}",
        "DATABASE_URL": empty_postgres_database,
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/14",
        "CELERY_TASK_DEFAULT_QUEUE": f"summit-serve-{os.getpid()}",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "CELERY_CONCURRENCY": "1",
    }
    with in_foreground(["sh", "bin/serve"], env) as (process, lines):
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as r:
                    assert r.read() == b"ready"
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail(f"make serve did not get ready:\n{''.join(lines)}")
                time.sleep(0.5)
        while not any("celery@" in line and "ready" in line for line in lines):
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail(f"the worker did not start:\n{''.join(lines)}")
            time.sleep(0.5)
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
