"""``python -m summit.serve_check``: may this environment run the production profile?

``make serve`` (and the container's web service) run this first. It reads only the
environment, so it can say what is missing before Django or anything else starts.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

TRUE = {"1", "true", "yes", "on"}
MIN_SECRET_KEY_LENGTH = 50


def problems(environ: Mapping[str, str]) -> list[str]:
    """What stops this environment from serving in production, worded for the operator."""
    found = []
    database = environ.get("DATABASE_URL", "").strip()
    if not database:
        found.append(
            "DATABASE_URL is not set: the production profile needs PostgreSQL, "
            "e.g. DATABASE_URL=postgres://summit@127.0.0.1:5432/summit (SQLite is for make run)"
        )
    elif not database.startswith(("postgres://", "postgresql://")):
        found.append(f"DATABASE_URL must be a postgres:// URL here, not {database.split(':')[0]}")
    broker = environ.get("CELERY_BROKER_URL", "").strip()
    if not broker:
        found.append(
            "CELERY_BROKER_URL is not set: the production profile needs Redis for its workers, "
            "e.g. CELERY_BROKER_URL=redis://127.0.0.1:6379/0"
        )
    elif not broker.startswith(("redis://", "rediss://")):
        found.append("CELERY_BROKER_URL must be a redis:// or rediss:// URL")
    if environ.get("DJANGO_DEBUG", "").strip().lower() in TRUE:
        found.append("DJANGO_DEBUG is on: never serve the debug pages in production; unset it")
    key = environ.get("DJANGO_SECRET_KEY", "")
    if key and len(key) < MIN_SECRET_KEY_LENGTH:
        found.append(
            f"DJANGO_SECRET_KEY is {len(key)} characters: use at least {MIN_SECRET_KEY_LENGTH} "
            "random ones, e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    return found


def warnings(environ: Mapping[str, str]) -> list[str]:
    """What may serve but should not go unnoticed."""
    if environ.get("DJANGO_HTTPS", "").strip().lower() not in TRUE:
        return [
            "WARNING: DJANGO_HTTPS is not set: passwords and session cookies travel unencrypted "
            "and cookies are not marked secure. Serve behind TLS and set DJANGO_HTTPS=1 "
            "(unless this is a private test on localhost)."
        ]
    return []


def main() -> int:
    found = problems(os.environ)
    for problem in found:
        print(f"make serve: {problem}", file=sys.stderr)
    for warning in warnings(os.environ):
        print(f"make serve: {'!' * 8} {warning}", file=sys.stderr)
    if not os.environ.get("DJANGO_SECRET_KEY"):
        print(
            "make serve: note: DJANGO_SECRET_KEY is not set, so the key in .secret_key is used; "
            "set it (the same on every machine) when serving from more than one.",
            file=sys.stderr,
        )
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
