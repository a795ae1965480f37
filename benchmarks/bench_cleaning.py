"""make bench-cleaning CLEANING_DATA=<dir>: how much of each article the import path keeps
in ``Article.body``, scored as the Zyte/Scrapinghub article-extraction benchmark scores
(``benchmarks/scoring/extraction.py``), beside bare trafilatura on the same pages.

Dev datasets (none of them the Zyte benchmark, which is kept for checking):

- ``readability``: Mozilla Readability's test pages (``test/test-pages/*/source.html`` with
  the article in ``expected.html``; Apache-2.0), from a clone of github.com/mozilla/readability
  put at ``$CLEANING_DATA/readability`` (or ``$CLEANING_DATA/test/test-pages``).
- ``furniture``: this repository's own plain-text pages of other events
  (``tests/data/furniture_corpus.py``), where "bare" is the raw text kept whole.

``--errors N`` prints the N pages where the import path loses most against bare trafilatura.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import _setup  # noqa: F401 — Django configured
import trafilatura
from lxml import html as lxml_html

from articles.ingest.preparation import prepare_text
from articles.ingest.sources import SourceError
from benchmarks.scoring.extraction import ExtractionScore, _recall
from tests.data.furniture_corpus import CASES, LOOKALIKES


def _page_text(markup: str) -> str:
    """The words of an HTML fragment, a space between elements."""
    return " ".join(lxml_html.fromstring(markup).itertext())


def readability_pages(root: Path) -> list[tuple[str, str, str]]:
    folder = next(
        (p for p in (root / "readability" / "test" / "test-pages", root / "test" / "test-pages",
                     root / "readability") if p.is_dir()),
        None,
    )  # fmt: skip
    if folder is None:
        return []
    pages = []
    for page in sorted(folder.iterdir()):
        source, expected = page / "source.html", page / "expected.html"
        if source.is_file() and expected.is_file():
            pages.append(
                (page.name, source.read_text("utf-8"), _page_text(expected.read_text("utf-8")))
            )
    return pages


REFUSED: list[str] = []


def imported_body(name: str, raw: str) -> str:
    """The body the import stores; a page it refuses (nothing but furniture) scores empty."""
    try:
        return prepare_text(name, raw).body
    except SourceError as error:
        REFUSED.append(f"{name}: {error}")
        return ""


def bare_trafilatura(markup: str) -> str:
    return trafilatura.extract(markup) or ""


def score_readability(pages, errors: int) -> list[tuple]:
    bare, ours, started, losses = ExtractionScore(), ExtractionScore(), time.perf_counter(), []
    for name, source, gold in pages:
        bare_counts = bare.add(gold, bare_trafilatura(source))
        our_counts = ours.add(gold, imported_body(f"{name}.html", source))
        losses.append((_recall(*bare_counts) - _recall(*our_counts), name))
    elapsed = time.perf_counter() - started
    for loss, name in sorted(losses, reverse=True)[:errors]:
        print(f"  readability {name}: recall {loss:+.3f} below bare trafilatura")
    return [
        ("readability", "bare trafilatura", len(pages), bare),
        ("readability", "import path", len(pages), ours, elapsed),
    ]


def score_furniture(errors: int) -> list[tuple]:
    kept, ours, misses = ExtractionScore(), ExtractionScore(), []
    cases = [*CASES, *LOOKALIKES]
    for case in cases:
        kept.add(case.body, case.raw)
        counts = ours.add(case.body, imported_body("page.txt", case.raw))
        misses.append((_recall(*counts), case.id))
    for recall, name in sorted(misses)[:errors]:
        print(f"  furniture {name!r}: recall {recall:.3f}")
    return [
        ("furniture", "raw text kept whole", len(cases), kept),
        ("furniture", "import path", len(cases), ours),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="", help="folder holding the dev datasets")
    parser.add_argument("--errors", type=int, default=0)
    args = parser.parse_args()
    rows = []
    pages = readability_pages(Path(args.data)) if args.data else []
    if pages:
        rows += score_readability(pages, args.errors)
    else:
        print("readability: no pages (set CLEANING_DATA to a folder holding a clone of "
              "mozilla/readability at readability/)")  # fmt: skip
    rows += score_furniture(args.errors)
    for refusal in REFUSED:
        print(f"  refused (scored as empty): {refusal}")
    print(f"\n{'dataset':<12} {'system':<22} {'pages':>5} {'precision':>9} {'recall':>7} {'F1':>6}")
    for dataset, system, count, score, *_ in rows:
        print(f"{dataset:<12} {system:<22} {count:>5} {score.precision:>9.3f} "
              f"{score.recall:>7.3f} {score.f1:>6.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
