"""make bench-browse: /quotes/ filters on 10,000 articles and 100,000 quotes in PostgreSQL.

Uses its own database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/
summit_bench), created, migrated and filled on first run and reused after. Prints p50 and
p95 of server time (the request handled in-process, template rendering included) and the
number of queries per page for each filter.
"""

from __future__ import annotations

import hashlib
import os
import random
import statistics
import sys
import time

BENCH_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/summit_bench")
os.environ["DATABASE_URL"] = BENCH_URL

import psycopg  # noqa: E402

ARTICLES, QUOTES_PER_ARTICLE, PEOPLE, OUTLETS = 10_000, 10, 2_000, 25
RUNS = 40
VOCABULARY = [
    "summit",
    "partnership",
    "energy",
    "pipeline",
    "gas",
    "sanctions",
    "trade",
    "military",
    "drills",
    "security",
    "Ukraine",
    "Taiwan",
    "alliance",
    "statement",
    "cooperation",
    "economy",
    "ruble",
    "yuan",
    "bank",
    "finance",
    "border",
    "Arctic",
    "shipping",
    "grain",
    "oil",
    "coal",
    "nuclear",
    "reactor",
    "missile",
    "patrol",
    "exercise",
    "diplomacy",
    "neutrality",
    "peace",
    "talks",
    "order",
    "hegemony",
    "western",
    "pressure",
    "support",
    "exports",
    "technology",
    "chips",
    "drones",
    "multipolar",
    "sovereignty",
    "stability",
    "friendship",
    "dependency",
    "leverage",
]


def ensure_database() -> None:
    name = BENCH_URL.rsplit("/", 1)[1]
    admin_url = BENCH_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


ensure_database()
import _setup  # noqa: E402, F401 — configures Django against the bench database
from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import Article, Outlet, Person, Quote  # noqa: E402


def make_lexicon(rng: random.Random, size: int = 4000) -> tuple[list[str], list[float]]:
    """Topic words plus invented ones, weighted by Zipf's law as words in news text are."""
    syllables = ["ka", "ro", "mi", "te", "lu", "sa", "ven", "dor", "pli", "an", "es", "to"]
    invented = {
        "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(size)
    }
    words = [*VOCABULARY, *sorted(invented)]
    rng.shuffle(words)
    return words, [1 / (rank + 1) for rank in range(len(words))]


def sentence(rng: random.Random, words: int) -> str:
    chosen = rng.choices(LEXICON[0], weights=LEXICON[1], k=words)
    return " ".join(chosen).capitalize() + "."


LEXICON = make_lexicon(random.Random(7))


def generate() -> None:
    rng = random.Random(2024)
    print(f"Generating {ARTICLES:,} articles and {ARTICLES * QUOTES_PER_ARTICLE:,} quotes…")
    Quote.objects.all().delete()
    Article.objects.all().delete()
    Person.objects.all().delete()
    Outlet.objects.all().delete()
    outlets = Outlet.objects.bulk_create(
        Outlet(name=f"Outlet {n}", slug=f"outlet-{n}") for n in range(OUTLETS)
    )
    people = Person.objects.bulk_create(
        Person(name=f"Speaker {n}", slug=f"speaker-{n}", kind="person") for n in range(PEOPLE)
    )
    for batch in range(0, ARTICLES, 1000):
        articles = []
        for n in range(batch, batch + 1000):
            body = "\n\n".join(sentence(rng, 40) for _ in range(QUOTES_PER_ARTICLE))
            articles.append(
                Article(
                    outlet=rng.choice(outlets),
                    title=f"Story {n}",
                    body=body,
                    raw=body,
                    source_name=f"bench-{n}.txt",
                    content_hash=hashlib.sha256(body.encode()).hexdigest(),
                    word_count=len(body.split()),
                    published=f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                )
            )
        articles = Article.objects.bulk_create(articles)
        quotes = []
        for article in articles:
            position = 0
            for paragraph in article.body.split("\n\n"):
                quotes.append(
                    Quote(
                        article=article,
                        speaker=rng.choice(people),
                        text=paragraph,
                        start=position,
                        end=position + len(paragraph),
                        kind=rng.choice(["direct", "partial", "block"]),
                        rule="speech-verb",
                        confidence=0.9,
                    )
                )
                position += len(paragraph) + 2
        Quote.objects.bulk_create(quotes, batch_size=5000)
    connection.close()
    with psycopg.connect(BENCH_URL, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def researcher_client() -> Client:
    user, _ = User.objects.get_or_create(username="bench-researcher")
    user.groups.set([Group.objects.get(name="Researchers")])
    client = Client()
    client.force_login(user)
    return client


def measure(client: Client, label: str, make_params) -> tuple[str, float, float, int, int]:
    rng = random.Random(label)
    client.get("/quotes/", make_params(rng))  # warm
    samples = []
    for _ in range(RUNS):
        params = make_params(rng)
        start = time.perf_counter()
        response = client.get("/quotes/", params)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get("/quotes/", make_params(rng))
    samples.sort()
    p95 = samples[int(0.95 * (len(samples) - 1))]
    return label, statistics.median(samples), p95, len(queries)


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("bench-browse needs PostgreSQL (BENCH_DATABASE_URL).")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    if Quote.objects.count() != ARTICLES * QUOTES_PER_ARTICLE or "--regenerate" in sys.argv:
        generate()
    client = researcher_client()

    def speaker(rng):
        return {"speaker": f"speaker-{rng.randrange(PEOPLE)}"}

    def outlet(rng):
        return {"outlet": f"outlet-{rng.randrange(OUTLETS)}"}

    def words(rng):
        return {"q": f"{rng.choice(VOCABULARY)} {rng.choice(VOCABULARY)}"}

    def combined(rng):
        return {**speaker(rng), **outlet(rng), "q": rng.choice(VOCABULARY)}

    scenarios = [
        ("no filter", lambda rng: {}),
        ("speaker", speaker),
        ("outlet", outlet),
        ("words (2 terms)", words),
        ("speaker + outlet + words", combined),
        ("outlet, page 20", lambda rng: {**outlet(rng), "page": 20}),
    ]
    quotes, articles = Quote.objects.count(), Article.objects.count()
    print(f"/quotes/ on PostgreSQL: {articles:,} articles, {quotes:,} quotes, {RUNS} requests each")
    print(f"{'filter':<28}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}")
    print("-" * 55)
    for label, make_params in scenarios:
        name, p50, p95, count = measure(client, label, make_params)
        print(f"{name:<28}{p50:>9.1f}{p95:>9.1f}{count:>9}")


if __name__ == "__main__":
    main()
