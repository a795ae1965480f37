"""make bench-annotate: the reader of one seed article carrying 500 annotations.

Runs on a throwaway SQLite database by default, or on BENCH_DATABASE_URL (PostgreSQL) when
set; prints p50/p95 server time and the number of queries of the reader page.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time

TEMP = tempfile.TemporaryDirectory()
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or (
    f"sqlite:///{TEMP.name}/bench-annotate.sqlite3"
)

import _setup  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from annotations.models import Annotation  # noqa: E402
from articles.models import Article, Theme  # noqa: E402
from newsnlp.anchoring import anchor_for  # noqa: E402

ANNOTATIONS, RUNS = 500, 40
SEED = _setup.ROOT / "fixtures" / "seeds" / "000_33d13cb8fa074c6c.txt"


def main() -> None:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    call_command("ingest", str(SEED), stdout=open(os.devnull, "w"))  # noqa: SIM115
    article = Article.objects.get(source_name=SEED.name)
    editor, _ = User.objects.get_or_create(username="bench-editor")
    editor.groups.set([Group.objects.get(name="Editors")])
    Annotation.objects.filter(article=article).delete()
    rng = random.Random(5)
    themes = list(Theme.objects.all())
    for _ in range(ANNOTATIONS):
        start = rng.randrange(0, len(article.body) - 200)
        anchor = anchor_for(article.body, start, start + rng.randint(5, 200))
        annotation = Annotation.objects.create(
            article=article, author=editor, start=anchor.start, end=anchor.end,
            exact=anchor.exact, prefix=anchor.prefix, suffix=anchor.suffix,
            note=f"Note {rng.random():.3f}",
        )  # fmt: skip
        annotation.themes.set(rng.sample(themes, rng.randint(0, 3)))
    client = Client()
    client.force_login(editor)
    url = article.get_absolute_url()
    client.get(url)
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    samples.sort()
    marks = response.content.decode().count("data-annotation-id=")
    print(f"Reader of {SEED.name} ({len(article.body):,} characters) with {ANNOTATIONS} "
          f"overlapping annotations on {connection.vendor}, {RUNS} requests")  # fmt: skip
    print(f"{'page':<22}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}{'<mark>s':>9}")
    print("-" * 58)
    p95 = samples[int(0.95 * (len(samples) - 1))]
    print(f"{'reader':<22}{statistics.median(samples):>9.1f}{p95:>9.1f}{len(queries):>9}{marks:>9}")


if __name__ == "__main__":
    main()
