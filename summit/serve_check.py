"""``python -m summit.serve_check``: may this environment run the production profile?

``make serve`` (and the container's web service) run this first. It reads only the
environment, so it can say what is missing before Django or anything else starts.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

TRUE = {"1", "true", "yes", "on"}


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
    return found


def main() -> int:
    found = problems(os.environ)
    for problem in found:
        print(f"make serve: {problem}", file=sys.stderr)
    if not os.environ.get("DJANGO_SECRET_KEY"):
        print(
            "make serve: note: DJANGO_SECRET_KEY is not set, so the key in .secret_key is used; "
            "set it (the same on every machine) when serving from more than one.",
            file=sys.stderr,
        )
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
