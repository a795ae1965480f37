"""make bench-compare: the stored comparisons and the compare pages, on the seeds and on
generated corpora of 500 and 5,000 articles.

1. The five seeds: a full recomputation and p50/p95 server time and queries of each page.
2. For each size (BENCH_COMPARE_SIZES, default 500,5000), a corpus generated as
   ``benchmarks/_generated.py`` describes (the seeds’ word frequencies, a fifth of the
   articles copying paragraphs of another, quotes by 40 speakers, annotations): the full
   rebuild, step by step; reuse recall and precision against the known copies; then the
   changes an editor makes, each timed as the worker serves it (``run_pending``):
   one article's text, one annotation, one theme's lexicon; then every compare page, timed
   in a process of its own (as a web worker serves it).
3. Incremental against full: after the changes, the rows as stored are compared with a
   full rebuild of the same corpus (share of passages with the same row-mates).
4. Rows against a reader: precision and recall of "same row" against passages of other
   events labelled by hand (``benchmarks/data/alignment_labelled.json``), for a full
   rebuild and for each article placed incrementally, and how often the two agree.

Each size runs in a process of its own on a throwaway SQLite database, or on
BENCH_DATABASE_URL when set (a database it may empty). Nothing is sent to a broker: the
refresh requests the changes record are served here, in this process, and timed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

if __name__ == "__main__" and len(sys.argv) == 1:  # the parent: one process per size
    sizes = os.environ.get("BENCH_COMPARE_SIZES", "500,5000")
    for size in ["seeds", *sizes.split(",")]:
        subprocess.run([sys.executable, __file__, size.strip()], check=True)  # noqa: S603
    sys.exit(0)


def measure_pages_apart(first: int, second: int) -> None:
    """Time the pages in a process of their own, as a web worker serves them: not in the
    one that just rebuilt everything (whose large heap makes every collection slower)."""
    env = {**os.environ, "BENCH_DATABASE_URL": os.environ["DATABASE_URL"]}
    command = [sys.executable, __file__, "pages", str(first), str(second)]
    subprocess.run(command, check=True, env=env)  # noqa: S603


TEMP = tempfile.TemporaryDirectory()
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or (
    f"sqlite:///{TEMP.name}/bench-compare.sqlite3"
)
os.environ["CELERY_BROKER_URL"] = ""
os.environ["CELERY_QUEUE_DIR"] = f"{TEMP.name}/queue"  # no worker reads it: served here

import random  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import _generated  # noqa: E402
import _setup  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from annotations.services import create_annotation  # noqa: E402
from articles.models import Article, Theme  # noqa: E402
from articles.services import ingest_text  # noqa: E402
from compare import refresh, scheduling  # noqa: E402
from compare.consistency import row_agreement, stored_rows  # noqa: E402
from compare.models import ReusePair, ThemePassage  # noqa: E402

SEEDS = _setup.ROOT / "fixtures" / "seeds"
RUNS = 20


def timed(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return (time.perf_counter() - start) * 1000


def page_table(client: Client, pages: list[tuple[str, str]]) -> None:
    print(f"{'page':<34}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}")
    print("-" * 61)
    for label, url in pages:
        client.get(url)
        samples = sorted(timed(client.get, url) for _ in range(RUNS))
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        assert status == 200, (url, status)
        p95 = samples[int(0.95 * (len(samples) - 1))]
        print(f"{label:<34}{statistics.median(samples):>9.1f}{p95:>9.1f}{len(queries):>9}")


def pages(first: int, second: int) -> list[tuple[str, str]]:
    return [
        ("/compare/ (busiest theme)", "/compare/"),
        ("/compare/?theme=energy", "/compare/?theme=energy"),
        ("/compare/?theme=ukraine&page=2", "/compare/?theme=ukraine&page=2"),
        ("/compare/coverage/", "/compare/coverage/"),
        ("/compare/quotes/", "/compare/quotes/"),
        ("/compare/quotes/?page=2", "/compare/quotes/?page=2"),
        ("/compare/reuse/", "/compare/reuse/"),
        ("/compare/reuse/<a>/<b>/", f"/compare/reuse/{first}/{second}/"),
    ]


def researcher_client() -> Client:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    user, _ = User.objects.get_or_create(username="bench-researcher")
    user.groups.set([Group.objects.get(name="Researchers")])
    client = Client()
    client.force_login(user)
    return client


def fresh_database() -> None:
    """An empty, migrated database. On PostgreSQL the schema is dropped first: ``flush``
    would also empty what data migrations wrote (the groups, the default themes)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", verbosity=0)


def served() -> float:
    """Serve the refresh requests waiting (as a worker would); milliseconds."""
    return timed(scheduling.run_pending)


def alignment_table() -> None:
    """Same-row pairs against the hand-labelled passages of other events, and how often a
    passage placed incrementally gets the row-mates a full rebuild gives it."""
    from scoring.alignment import score_alignment

    report = score_alignment()
    print("\nRows against hand-labelled passages (benchmarks/data/alignment_labelled.json)")
    print(f"{'alignment':<16}{'precision':>10}{'recall':>8}{'pairs right':>13}{'gold':>6}")
    print("-" * 53)
    for label, score in (("full rebuild", report.full), ("incremental", report.incremental)):
        print(f"{label:<16}{score.precision:>10.2f}{score.recall:>8.2f}"
              f"{score.right:>13}{score.gold:>6}")  # fmt: skip
    print(f"incremental = rebuild row-mates: {report.agreeing} of {report.placed} passages")


def run_seeds() -> None:
    alignment_table()
    fresh_database()
    call_command("ingest", str(SEEDS), stdout=open(os.devnull, "w"))  # noqa: SIM115
    client = researcher_client()
    seeds = list(Article.objects.order_by("source_name").values_list("pk", flat=True))
    print(f"Compare on the 5 seeds ({connection.vendor})")
    print(f"full recomputation: {timed(refresh.refresh_all):.0f} ms")
    page_table(client, pages(seeds[0], seeds[1]))


def run_generated(size: int) -> None:
    fresh_database()
    call_command("ingest", str(SEEDS), stdout=open(os.devnull, "w"))  # noqa: SIM115
    scheduling.run_pending()
    rng = random.Random(11)
    corpus = _generated.build(size, rng, SEEDS)
    ids = corpus.article_ids
    print(f"\nGenerated corpus of {size:,} articles ({connection.vendor}): "
          f"{corpus.words:,} words, {len(corpus.copies)} copying pairs, {corpus.quotes:,} "
          f"quotes, {corpus.annotations:,} annotations")  # fmt: skip
    print(f"{'full rebuild, step':<40}{'ms':>9}")
    print("-" * 49)
    steps = [
        ("suggestions (senter + matcher)", refresh.refresh_suggestions),
        ("passages, rows and coverage", refresh.refresh_passages),
        ("quote groups", refresh.refresh_quote_groups),
        ("reuse: every pair, and the index", refresh.refresh_reuse),
    ]
    for label, step in steps:
        print(f"{label:<40}{timed(step):>9.0f}")
    index = {pk: n for n, pk in enumerate(ids)}
    found = {
        (min(index[a], index[b]), max(index[a], index[b]))
        for a, b in ReusePair.objects.values_list("article_a_id", "article_b_id")
        if a in index and b in index
    }
    hits = len(found & corpus.copies)
    print(f"reused pairs: {len(found)} found, {hits} of {len(corpus.copies)} true "
          f"(recall {hits / len(corpus.copies):.3f}, "
          f"precision {hits / max(len(found), 1):.3f})")  # fmt: skip

    print(f"\n{'one change, served by the worker':<40}{'ms':>9}")
    print("-" * 49)
    editor = User.objects.create(username="bench-editor")
    theme = Theme.objects.get(slug="energy")
    for round_number in range(3):
        target = Article.objects.get(pk=ids[rng.randrange(len(ids))])
        copied = Article.objects.get(pk=ids[rng.randrange(len(ids))]).body.split("\n\n")[0]
        ingest_text(target.source_name, f"{target.body}\n\n{copied}")
        print(f"{f'article text changed ({round_number + 1})':<40}{served():>9.0f}")
    for round_number in range(3):
        article = Article.objects.get(pk=ids[rng.randrange(len(ids))])
        end = article.body.index(".") + 1
        create_annotation(article, editor, {"start": 0, "end": end, "themes": [theme]})
        print(f"{f'annotation added ({round_number + 1})':<40}{served():>9.0f}")
    theme.lexicon += "\nreserves"
    theme.save()
    print(f"{'lexicon term added (energy)':<40}{served():>9.0f}")

    incremental = stored_rows()
    refresh.refresh_passages()
    agreement = row_agreement(incremental, stored_rows())
    print(f"\nincremental vs full rebuild: {agreement:.1%} of "
          f"{ThemePassage.objects.count():,} passages have the same row-mates")  # fmt: skip
    print(flush=True)
    measure_pages_apart(ids[0], ids[1])


if __name__ == "__main__":
    which = sys.argv[1]
    if which == "pages":
        page_table(researcher_client(), pages(int(sys.argv[2]), int(sys.argv[3])))
    else:
        run_seeds() if which == "seeds" else run_generated(int(which))
