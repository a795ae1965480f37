"""What ``/readyz`` checks: each function returns what is wrong, or "" when all is well."""

from __future__ import annotations

import os

from django.db import DatabaseError, connection

from .celery import app


def database_problem() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        return f"the database does not answer ({exc.__class__.__name__}: {exc})"
    return ""


def queue_problem() -> str:
    """The broker accepts a connection (Redis), or the queue folder is writable (default)."""
    if str(app.conf.broker_url).startswith("filesystem://"):
        folder = (app.conf.broker_transport_options or {}).get("data_folder_in", "")
        if not (folder and os.path.isdir(folder) and os.access(folder, os.W_OK)):
            return f"the task queue folder {folder or '(none)'} is not writable"
        return ""
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # any kombu or socket error: the broker is not there
        return f"the task queue (broker) does not answer ({exc.__class__.__name__})"
    return ""
