"""make bench-compare: the compare pages on the seeds and on a generated corpus of 500.

1. The five seeds: time of a full recomputation and p50/p95 server time and queries of each
   compare page.
2. 500 generated articles (words drawn with the seeds' word frequencies, so unrelated texts
   share only chance 5-grams), 100 of which copy one to three paragraphs of another, lightly
   edited: reuse recompute time, precision and recall of the reused pairs found; then the
   other recomputations and the pages again.

Runs on a throwaway SQLite database, or on BENCH_DATABASE_URL when set.
"""

from __future__ import annotations

import os
import random
import re
import statistics
import tempfile
import time
from collections import Counter

TEMP = tempfile.TemporaryDirectory()
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or (
    f"sqlite:///{TEMP.name}/bench-compare.sqlite3"
)

import _setup  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import Article, Outlet, content_hash_of  # noqa: E402
from compare import services  # noqa: E402
from compare.models import ReusePair  # noqa: E402

SEEDS = _setup.ROOT / "fixtures" / "seeds"
RUNS = 20
GENERATED, COPIERS = 500, 100


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
        ("/compare/?theme=energy", "/compare/?theme=energy"),
        ("/compare/?theme=ukraine", "/compare/?theme=ukraine"),
        ("/compare/coverage/", "/compare/coverage/"),
        ("/compare/quotes/", "/compare/quotes/"),
        ("/compare/reuse/", "/compare/reuse/"),
        ("/compare/reuse/<a>/<b>/", f"/compare/reuse/{first}/{second}/"),
    ]


def generated_corpus(rng: random.Random) -> tuple[list[str], set[tuple[int, int]]]:
    words = Counter()
    for path in SEEDS.glob("*.txt"):
        words.update(re.findall(r"[A-Za-z’']+", path.read_text(encoding="utf-8")))
    vocabulary, weights = zip(*words.items(), strict=True)

    def paragraph() -> str:
        text = " ".join(rng.choices(vocabulary, weights, k=rng.randint(40, 80)))
        return text[0].upper() + text[1:] + "."

    articles = [[paragraph() for _ in range(rng.randint(6, 14))] for _ in range(GENERATED)]
    truth: set[tuple[int, int]] = set()
    for copier in rng.sample(range(GENERATED), COPIERS):
        source = rng.choice([i for i in range(GENERATED) if i != copier])
        for _ in range(rng.randint(1, 3)):
            tokens = rng.choice(articles[source]).split()
            for _ in range(len(tokens) // 20):  # light editing: one word in twenty
                tokens[rng.randrange(len(tokens))] = rng.choice(vocabulary)
            articles[copier].insert(rng.randrange(len(articles[copier]) + 1), " ".join(tokens))
        truth.add((min(copier, source), max(copier, source)))
    return ["\n\n".join(paragraphs) for paragraphs in articles], truth


def main() -> None:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    call_command("ingest", str(SEEDS), stdout=open(os.devnull, "w"))  # noqa: SIM115
    user, _ = User.objects.get_or_create(username="bench-researcher")
    user.groups.set([Group.objects.get(name="Researchers")])
    client = Client()
    client.force_login(user)
    seeds = list(Article.objects.order_by("source_name").values_list("pk", flat=True))

    print(f"Compare on the 5 seeds ({connection.vendor})")
    print(f"full recomputation: {timed(services.refresh_all):.0f} ms")
    page_table(client, pages(seeds[0], seeds[1]))

    rng = random.Random(11)
    texts, truth = generated_corpus(rng)
    outlets = [Outlet.objects.create(name=f"Generated outlet {n}") for n in range(20)]
    created = Article.objects.bulk_create(  # bulk: no signals, so nothing recomputes yet
        Article(title=f"Generated {n}", body=text, raw=text, source_name=f"generated-{n}.txt",
                outlet=outlets[n % len(outlets)], content_hash=content_hash_of(text),
                word_count=len(text.split()))
        for n, text in enumerate(texts)
    )  # fmt: skip
    ids = [article.pk for article in created]
    print(f"\nGenerated corpus: {GENERATED} articles ({sum(len(t.split()) for t in texts):,} "
          f"words), {len(truth)} copying pairs; with the seeds, {Article.objects.count()} "
          "articles")  # fmt: skip
    reuse_ms = timed(services.refresh_reuse)
    index = {pk: n for n, pk in enumerate(ids)}
    found = {
        (min(index[a], index[b]), max(index[a], index[b]))
        for a, b in ReusePair.objects.values_list("article_a_id", "article_b_id")
        if a in index and b in index
    }
    hits = len(found & truth)
    print(f"{'step':<34}{'ms':>9}")
    print("-" * 43)
    print(f"{'reuse recompute, every pair':<34}{reuse_ms:>9.0f}")
    one_ms = timed(services.refresh_reuse, {ids[0]})
    print(f"{'reuse, one article changed':<34}{one_ms:>9.0f}")
    print(f"{'suggestions (senter + matcher)':<34}{timed(services.refresh_suggestions):>9.0f}")
    print(f"{'passages, rows and coverage':<34}{timed(services.refresh_passages):>9.0f}")
    print(f"{'quote groups':<34}{timed(services.refresh_quote_groups):>9.0f}")
    recall, precision = hits / len(truth), hits / max(len(found), 1)
    print(f"reused pairs: {len(found)} found, {hits} of {len(truth)} true "
          f"(recall {recall:.3f}, precision {precision:.3f})")  # fmt: skip
    print()
    page_table(client, pages(ids[0], ids[1]))


if __name__ == "__main__":
    main()
