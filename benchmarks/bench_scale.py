"""make bench-scale: one large ingest shared by Celery workers, with 1 and with 2 workers.

Generates seed-like articles (each a headline and 10–16 paragraphs drawn from the five
seeds' cleaned text, quotes included, with a line of its own so none is a duplicate), then
for each run empties the database, starts the workers (``--concurrency=1`` each, on a queue
of this run's own) and times ``manage.py ingest --workers`` from queuing until every
document is imported and quoted. The compare refreshes that follow go to a queue of their
own that no worker reads here (make bench-compare measures them).

Needs Redis (BENCH_BROKER_URL, default redis://127.0.0.1:6379/14). Runs on a throwaway
SQLite database, or on BENCH_DATABASE_URL when set — a database it may empty (PostgreSQL is
the setup to measure workers on; several SQLite writers queue behind each other).
BENCH_SCALE_SIZES=500,2000 sets the corpus sizes (the largest is run with 1 and 2 workers).
"""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TEMP = tempfile.TemporaryDirectory()
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{TEMP.name}/scale.sqlite3"
BROKER = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/14")
QUEUE = f"bench-scale-{os.getpid()}"
# The compare refreshes that follow the import go to a queue no worker of this benchmark
# reads (they are measured by make bench-compare), so the times are the import's alone.
REFRESH_QUEUE = f"{QUEUE}-refresh"
os.environ.update(DATABASE_URL=DATABASE_URL, CELERY_BROKER_URL=BROKER,
                  CELERY_TASK_DEFAULT_QUEUE=QUEUE, COMPARE_REFRESH_QUEUE=REFRESH_QUEUE)  # fmt: skip

import _setup  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from articles.defaults import (  # noqa: E402
    ensure_default_lexicons,
    ensure_default_themes,
    ensure_role_groups,
)
from articles.ingest.preparation import prepare_document  # noqa: E402
from articles.ingest.sources import SourceDocument  # noqa: E402
from articles.models import Article, Quote  # noqa: E402

SEEDS = _setup.ROOT / "fixtures" / "seeds"
SIZES = [int(size) for size in os.environ.get("BENCH_SCALE_SIZES", "500,2000").split(",")]


def generate(folder: Path, count: int) -> None:
    """``count`` seed-like articles as text files in ``folder``."""
    rng = random.Random(2024)
    paragraphs = [  # the seeds' article text, without the sites around it
        paragraph
        for path in sorted(SEEDS.glob("*.txt"))
        for paragraph in prepare_document(SourceDocument(path.name, path.read_bytes())).body.split(
            "\n\n"
        )
        if len(paragraph.split()) > 8
    ]
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        body = rng.sample(paragraphs, rng.randint(10, 16))
        own = f"This is report {number} of the generated corpus, filed from desk {number % 7}."
        text = "\n\n".join([f"Summit report {number}: leaders meet in Beijing", own, *body])
        (folder / f"report-{number:05}.txt").write_text(text, encoding="utf-8")


def start_workers(count: int, logs: Path) -> list[subprocess.Popen]:
    command = [sys.executable, "-m", "celery", "-A", "summit", "worker", "--concurrency=1",
               "-Q", QUEUE, "--without-heartbeat", "--without-gossip", "--without-mingle",
               "--loglevel=WARNING"]  # fmt: skip
    workers = []
    for number in range(count):
        log = (logs / f"worker-{count}-{number}.log").open("w")
        workers.append(
            subprocess.Popen(  # noqa: S603 (our own command line)
                [*command, "-n", f"bench{number}-{os.getpid()}@%h"],
                cwd=_setup.ROOT,
                env=os.environ,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    return workers


def stop(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        worker.terminate()
    for worker in workers:
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()


def empty_database() -> None:
    call_command("flush", interactive=False, verbosity=0)
    ensure_role_groups()
    ensure_default_themes()
    ensure_default_lexicons()


def run(folder: Path, workers: int, logs: Path) -> dict:
    empty_database()
    processes = start_workers(workers, logs)
    try:
        time.sleep(3)  # the workers connect; each loads spaCy with its first chunk
        started = time.monotonic()
        call_command("ingest", "--workers", str(folder), stdout=io.StringIO())
        imported = time.monotonic() - started
    finally:
        stop(processes)
    articles = Article.objects.count()
    return {"articles": articles, "quotes": Quote.objects.count(), "workers": workers,
            "imported": imported}  # fmt: skip


def main() -> None:
    try:
        import redis

        redis.Redis.from_url(BROKER, socket_connect_timeout=2).ping()
    except Exception as exc:
        problem = f"bench-scale needs Redis at {BROKER} ({exc}); set BENCH_BROKER_URL."
        raise SystemExit(problem) from None
    else:
        broker = redis.Redis.from_url(BROKER)
    call_command("migrate", verbosity=0)
    root = Path(TEMP.name)
    logs = root / "logs"
    logs.mkdir()
    largest = max(SIZES)
    generate(root / "corpus", largest)
    plans = [(size, 1) for size in SIZES] + [(largest, 2)]
    print(f"Ingest with Celery workers ({connection.vendor}, {os.cpu_count()} cores, "
          f"chunks of {settings.IMPORT_CHUNK_DOCUMENTS})")  # fmt: skip
    header = f"{'articles':>8} {'workers':>7} {'import s':>9} {'ms/article':>11} {'quotes':>7}"
    print(header)
    print("-" * len(header))
    results = {}
    for size, workers in plans:
        folder = root / f"corpus-{size}"
        if not folder.exists():
            folder.mkdir()
            for path in sorted((root / "corpus").iterdir())[:size]:
                os.link(path, folder / path.name)
        result = run(folder, workers, logs)
        results[(size, workers)] = result
        print(f"{result['articles']:>8} {workers:>7} {result['imported']:>9.1f} "
              f"{1000 * result['imported'] / result['articles']:>11.1f} "
              f"{result['quotes']:>7}")  # fmt: skip
    broker.delete(REFRESH_QUEUE, QUEUE)
    one, two = results[(largest, 1)], results[(largest, 2)]
    print(f"\n2 workers vs 1 at {largest}: {one['imported'] / two['imported']:.2f}x faster")
    if len(SIZES) > 1:
        small = results[(min(SIZES), 1)]
        ratio = (one["imported"] / one["articles"]) / (small["imported"] / small["articles"])
        print(f"per-article cost at {largest} / at {min(SIZES)} (1 worker): {ratio:.2f}")


if __name__ == "__main__":
    main()
