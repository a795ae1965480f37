"""make bench-load: several editors annotating one article at once, against a running server.

    make run                                   # or make serve, or any server on 127.0.0.1
    make bench-load                            # 5 editors, back to back, 15 s
    make bench-load LOAD_ARGS="--editors 20 --seconds 30"
    make bench-load LOAD_ARGS="--editors 20 --rate 0.5"   # each editor: one save every 2 s

It uses the server's database (the same DATABASE_URL) to create its own editor accounts
(``manage.py create_load_editors``), to read the article's text and themes, and afterwards
to count what was stored. Each editor logs in over HTTP and saves annotations as the
reader's form does (htmx POST with the CSRF token, the entries its page lists and the
version of the text it shows, kept up to date from each answer): a random passage not chosen before,
one or two themes, a note. It stops by itself, talks only to 127.0.0.1, and prints
requests, answers by status, rows stored, latency p50/p95 and, once the compare refresh has
caught up, whether any passage row is doubled.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import statistics
import threading
import time
from collections import Counter
from urllib.parse import urlsplit

import _setup  # noqa: F401
import requests
from django.core.management import call_command
from django.db import connection
from django.db.models import Count

from annotations.models import Annotation
from articles.models import Article, Theme
from compare.models import RefreshRequest, RefreshState, ThemePassage

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MAX_EDITORS, MAX_SECONDS = 100, 600


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="the running server")
    parser.add_argument("--editors", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument(
        "--rate", type=float, default=0, help="saves per second per editor (0: back to back)"
    )
    parser.add_argument("--article", type=int, help="article id (default: the longest)")
    parser.add_argument("--settle", type=float, default=120, help="wait for the refresh (s)")
    args = parser.parse_args()
    if urlsplit(args.url).hostname not in LOOPBACK:
        parser.error("bench-load only talks to a server on 127.0.0.1 (loopback).")
    if not 1 <= args.editors <= MAX_EDITORS or not 0 < args.seconds <= MAX_SECONDS:
        parser.error(f"--editors 1–{MAX_EDITORS}, --seconds up to {MAX_SECONDS}.")
    return args


def passages(body: str, rng: random.Random) -> list[tuple[int, int]]:
    """One passage of 1–12 words starting at each word, within a paragraph; random order."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", body)]
    spans = []
    for index, (start, _) in enumerate(words):
        last = min(len(words) - 1, index + rng.randint(0, 11))
        end = words[last][1]
        while "\n\n" in body[start:end] and last > index:
            last -= 1
            end = words[last][1]
        spans.append((start, end))
    rng.shuffle(spans)
    return spans


class Editor(threading.Thread):
    def __init__(
        self, base: str, account: dict, article: Article, work, themes, args, ready
    ) -> None:
        super().__init__(daemon=True)
        self.ready = ready  # every editor logs in first, then all start saving
        self.base, self.account, self.article, self.work = base, account, article, work
        self.themes, self.args = themes, args
        self.statuses: Counter[int | str] = Counter()
        self.shown: set[str] = set()
        self.text = ""
        self.latencies: list[float] = []
        self.rng = random.Random(account["username"])

    def login(self, session: requests.Session) -> None:
        login = f"{self.base}/accounts/login/"
        session.get(login, timeout=30)
        answer = session.post(
            login,
            data={**self.account, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
            headers={"Referer": login},
            timeout=30,
        )
        if answer.url.rstrip("/").endswith("/accounts/login"):
            raise SystemExit(f"{self.account['username']} could not log in (wrong database?)")
        self.follow(session.get(f"{self.base}/articles/{self.article.pk}/", timeout=30).text)

    def follow(self, html: str, partial: bool = False) -> None:
        """Keep what the reader page holds, as annotate.js does: the entries it lists and
        the version of the text it shows, both sent with every save."""
        if not partial:
            self.shown = set()
        gone = set(re.findall(r'id="annotation-item-(\d+)" hx-swap-oob="delete"', html))
        self.shown |= set(re.findall(r'data-annotation-item="(\d+)"', html))
        self.shown -= gone
        if found := re.search(r'name="text" id="panel-state" value="([^"]+)"', html):
            self.text = found.group(1)

    def run(self) -> None:
        session = requests.Session()
        self.login(session)
        self.ready.wait()
        url = f"{self.base}/articles/{self.article.pk}/annotations/"
        headers = {
            "X-CSRFToken": session.cookies["csrftoken"],
            "HX-Request": "true",
            "Referer": f"{self.base}/articles/{self.article.pk}/",
        }
        deadline = time.monotonic() + self.args.seconds
        gap = 1 / self.args.rate if self.args.rate else 0
        # Editors work independently: each starts at its own moment within the first gap,
        # not all twenty in the same millisecond every two seconds.
        next_at = time.monotonic() + self.rng.uniform(0, gap)
        while time.monotonic() < deadline:
            if gap:
                time.sleep(max(0.0, next_at - time.monotonic()))
                next_at += gap
                if time.monotonic() >= deadline:
                    break
            try:
                start, end = self.work.pop()
            except IndexError:
                break  # every passage of the article has been used
            data = {
                "start": start,
                "end": end,
                "exact": self.article.body[start:end],
                "themes": [t.pk for t in self.rng.sample(self.themes, self.rng.randint(1, 2))],
                "note": f"load test note by {self.account['username']}",
                "shown": ",".join(sorted(self.shown)),
                "text": self.text,
            }
            began = time.perf_counter()
            try:
                answer = session.post(url, data=data, headers=headers, timeout=60)
                status = answer.status_code
            except requests.RequestException as exc:
                status = type(exc).__name__
            self.latencies.append(time.perf_counter() - began)
            if status == 200:
                self.follow(answer.text, partial=answer.headers.get("HX-Reswap") == "none")
            self.statuses[status] += 1


def wait_for_refresh(limit: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if not RefreshRequest.objects.exists():
            return time.monotonic() - started
        time.sleep(0.5)
    return float("nan")


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100)[int(share * 100) - 1] if len(values) > 1 else 0.0


def main() -> None:
    args = arguments()
    out = io.StringIO()
    call_command("create_load_editors", args.editors, stdout=out)
    accounts = [json.loads(line) for line in out.getvalue().splitlines()]
    usernames = [a["username"] for a in accounts]
    articles = Article.objects.order_by("-word_count")
    article = articles.get(pk=args.article) if args.article else articles.first()
    if article is None:
        raise SystemExit("No article in this database: ingest some first (make seed).")
    themes = list(Theme.objects.all())
    work = passages(article.body, random.Random(time.time()))
    before = Annotation.objects.filter(author__username__in=usernames).count()
    ready = threading.Barrier(len(accounts))
    editors = [
        Editor(args.url.rstrip("/"), a, article, work, themes, args, ready) for a in accounts
    ]
    for editor in editors:
        editor.start()
    started = time.monotonic()
    for editor in editors:
        editor.join(args.seconds + 120)
    elapsed = time.monotonic() - started
    statuses = sum((e.statuses for e in editors), Counter())
    latencies = sorted(x for e in editors for x in e.latencies)
    stored = Annotation.objects.filter(author__username__in=usernames).count() - before
    ok = sum(n for status, n in statuses.items() if isinstance(status, int) and status < 300)
    settled = wait_for_refresh(args.settle)
    doubled = (
        ThemePassage.objects.filter(annotation_id__isnull=False)
        .values("theme", "annotation_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    state = RefreshState.objects.first()
    rows = [
        ("server", args.url),
        ("database", _setup_database()),
        ("editors × seconds", f"{args.editors} × {args.seconds:g} ({elapsed:.1f} s)"),
        ("pace", f"{args.rate:g} saves/s per editor" if args.rate else "back to back"),
        ("article", f"{article.pk} ({article.word_count} words)"),
        ("requests", sum(statuses.values())),
        ("answers", ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items(), key=str))),
        ("2xx answers", ok),
        ("rows stored", stored),
        ("stored == 2xx", "yes" if stored == ok else "NO"),
        ("5xx answers", sum(n for s, n in statuses.items() if isinstance(s, int) and s >= 500)),
        ("latency p50", f"{percentile(latencies, 0.5) * 1000:.0f} ms"),
        ("latency p95", f"{percentile(latencies, 0.95) * 1000:.0f} ms"),
        ("refresh caught up after", f"{settled:.1f} s"),
        ("doubled passage rows", doubled),
        ("last refresh error", (state.last_error[:60] if state and state.last_error else "none")),
    ]
    width = max(len(name) for name, _ in rows)
    print()
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


def _setup_database() -> str:
    return f"{connection.vendor} {connection.settings_dict['NAME']}"


if __name__ == "__main__":
    main()
