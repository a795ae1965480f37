"""make bench-annotations: /annotations/ with 10,000 annotations and 5,000 replies in PostgreSQL.

Uses its own database (BENCH_ANNOTATIONS_DATABASE_URL, default postgres://postgres@127.0.0.1:
5432/summit_bench_annotations), created, migrated and filled on first run and reused after
(``--regenerate`` refills it). Prints p50 and p95 of server time (the request handled
in-process, template rendering included) and the queries per page, for each filter and for
the search box.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import statistics
import sys
import time

BENCH_URL = os.environ.get(
    "BENCH_ANNOTATIONS_DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/summit_bench_annotations",
)
os.environ["DATABASE_URL"] = BENCH_URL

import psycopg  # noqa: E402

ARTICLES, ANNOTATIONS, REPLIES, AUTHORS, OUTLETS = 1_000, 10_000, 5_000, 20, 25
RUNS = 40


def ensure_database() -> None:
    name = BENCH_URL.rsplit("/", 1)[1]
    admin_url = BENCH_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


ensure_database()
import _setup  # noqa: E402, F401 — configures Django against the bench database
from bench_browse import LEXICON, VOCABULARY, sentence  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from annotations.models import Annotation, Reply  # noqa: E402
from articles.models import Article, Outlet, Theme  # noqa: E402

assert LEXICON  # the word list the sentences draw from (bench-browse's)


def generate() -> None:
    rng = random.Random(33)
    print(f"Generating {ANNOTATIONS:,} annotations and {REPLIES:,} replies…")
    Reply.objects.all().delete()
    Annotation.objects.all().delete()
    Article.objects.all().delete()
    Outlet.objects.all().delete()
    outlets = Outlet.objects.bulk_create(
        Outlet(name=f"Outlet {n}", slug=f"outlet-{n}") for n in range(OUTLETS)
    )
    editors = Group.objects.get(name="Editors")
    authors = []
    for n in range(AUTHORS):
        user, _ = User.objects.get_or_create(username=f"bench-editor-{n}")
        user.groups.set([editors])
        authors.append(user)
    articles = []
    for n in range(ARTICLES):
        body = "\n\n".join(sentence(rng, 30) for _ in range(12))
        articles.append(
            Article(
                outlet=rng.choice(outlets), title=f"Story {n}", body=body, raw=body,
                source_name=f"bench-{n}.txt", word_count=len(body.split()),
                content_hash=hashlib.sha256(body.encode()).hexdigest(),
            )
        )  # fmt: skip
    articles = Article.objects.bulk_create(articles)
    themes = list(Theme.objects.all())
    now = timezone.now()
    annotations = []
    for n in range(ANNOTATIONS):
        article = rng.choice(articles)
        start = rng.randrange(0, len(article.body) - 120)
        end = start + rng.randint(20, 120)
        annotations.append(
            Annotation(
                article=article, author=rng.choice(authors), start=start, end=end,
                exact=article.body[start:end], prefix=article.body[max(0, start - 32) : start],
                suffix=article.body[end : end + 32],
                note=sentence(rng, rng.randint(5, 25)) if rng.random() < 0.6 else "",
                created=now - dt.timedelta(minutes=n),
            )
        )  # fmt: skip
    annotations = Annotation.objects.bulk_create(annotations, batch_size=2000)
    links = Annotation.themes.through
    links.objects.bulk_create(
        [
            links(annotation_id=annotation.pk, theme_id=theme.pk)
            for annotation in annotations
            for theme in rng.sample(themes, rng.randint(0, 2))
        ],
        batch_size=5000,
    )
    Reply.objects.bulk_create(
        [
            Reply(annotation=rng.choice(annotations), author=rng.choice(authors),
                  text=sentence(rng, rng.randint(4, 20)))
            for _ in range(REPLIES)
        ],
        batch_size=2000,
    )  # fmt: skip
    # auto_now_add stamped every row "now": spread them back over the last week.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE annotations_annotation SET created = %s - (id %% 10000) * interval '1 minute'",
            [now],
        )
    connection.close()
    with psycopg.connect(BENCH_URL, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def researcher_client() -> Client:
    user, _ = User.objects.get_or_create(username="bench-researcher")
    user.groups.set([Group.objects.get(name="Researchers")])
    client = Client()
    client.force_login(user)
    return client


def measure(client: Client, make_params) -> tuple[float, float, int, int]:
    rng = random.Random(repr(make_params))
    client.get("/annotations/", make_params(rng))  # warm
    samples = []
    for _ in range(RUNS):
        params = make_params(rng)
        start = time.perf_counter()
        response = client.get("/annotations/", params)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get("/annotations/", make_params(rng))
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))], len(queries)


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("bench-annotations needs PostgreSQL (BENCH_ANNOTATIONS_DATABASE_URL).")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    if Annotation.objects.count() != ANNOTATIONS or "--regenerate" in sys.argv:
        generate()
    client = researcher_client()
    slugs = list(Theme.objects.values_list("slug", flat=True))
    article_ids = list(Article.objects.values_list("pk", flat=True))
    today = timezone.now().date()

    def theme(rng):
        return {"theme": rng.choice(slugs)}

    def author(rng):
        return {"author": f"bench-editor-{rng.randrange(AUTHORS)}"}

    def outlet(rng):
        return {"outlet": f"outlet-{rng.randrange(OUTLETS)}"}

    def words(rng):
        return {"q": rng.choice(VOCABULARY)}

    scenarios = [
        ("no filter", lambda rng: {}),
        ("theme", theme),
        ("author", author),
        ("article", lambda rng: {"article": rng.choice(article_ids)}),
        ("outlet", outlet),
        ("date range (2 days)", lambda rng: {
            "created_from": (today - dt.timedelta(days=2)).isoformat(),
            "created_to": today.isoformat()}),
        ("words (search)", words),
        ("words (2 terms)", lambda rng: {"q": " ".join(rng.sample(VOCABULARY, 2))}),
        ("theme + author + words", lambda rng: {**theme(rng), **author(rng), **words(rng)}),
        ("no filter, page 20", lambda rng: {"page": 20}),
    ]  # fmt: skip
    print(
        f"/annotations/ on PostgreSQL: {Annotation.objects.count():,} annotations, "
        f"{Reply.objects.count():,} replies, {RUNS} requests each"
    )
    print(f"{'filter':<28}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}")
    print("-" * 55)
    for label, make_params in scenarios:
        p50, p95, count = measure(client, make_params)
        print(f"{label:<28}{p50:>9.1f}{p95:>9.1f}{count:>9}")


if __name__ == "__main__":
    main()
