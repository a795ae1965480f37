"""make bench-quotes: quote extraction on the labelled seeds, against textacy and bare spaCy.

Prints one table: recall, precision (span and speaker right), speaker accuracy for quotes by
individual people, block quotes attributed, and time per article; then accuracy by rule.
"""

from __future__ import annotations

import json
import statistics
import time

import _setup
import spacy
from django.conf import settings

from articles.quotes.curated import summit_gazetteer
from benchmarks.scoring.evaluation import Predicted, Score, locate, score_article
from infrastructure.nlp import full_pipeline
from newsnlp.pages.cleaning import clean_article
from newsnlp.quotes.extraction import _ArticleExtractor, extract_all, extract_from_doc
from newsnlp.quotes.refinements import ALL

ROOT = _setup.ROOT
REPEATS = 7


def load_seeds() -> tuple[list[str], list[str], dict]:
    labels = json.loads((ROOT / "tests/data/quote_labels.json").read_text())["files"]
    names = sorted(labels)
    bodies = [clean_article((ROOT / "fixtures/seeds" / n).read_text()).body for n in names]
    return names, bodies, labels


def timed(function) -> float:
    """Median seconds over REPEATS runs, after one warm-up run."""
    function()
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def score_ours(names, bodies, labels, nlp) -> Score:
    score = Score()
    results = extract_all(bodies, nlp, summit_gazetteer())
    for name, body, result in zip(names, bodies, results, strict=True):
        predicted = [
            Predicted(q.start, q.end, q.speaker.name if q.speaker else None, q.kind, q.rule)
            for q in result.quotes
        ]
        score_article([locate(body, lab) for lab in labels[name]], predicted, score, name[:3])
    return score


def score_textacy(names, bodies, labels, bare) -> tuple[Score | None, int]:
    try:
        from textacy.extract.triples import direct_quotations
    except ImportError:
        return None, 0
    score, failures = Score(), 0
    for name, body, doc in zip(names, bodies, bare.pipe(bodies), strict=True):
        try:
            triples = list(direct_quotations(doc))
        except Exception:  # textacy raises on an unbalanced quotation mark
            triples, failures = [], failures + 1
        predicted = [
            Predicted(
                t.content.start_char,
                t.content.end_char,
                " ".join(token.text for token in t.speaker) or None,
                "direct",
                "textacy",
            )
            for t in triples
        ]
        score_article([locate(body, lab) for lab in labels[name]], predicted, score, name[:3])
    return score, failures


def main() -> None:
    names, bodies, labels = load_seeds()
    bare = spacy.load(settings.SPACY_MODEL)
    ours = full_pipeline()
    gazetteer = summit_gazetteer()
    docs = list(ours.pipe(bodies))

    pipe_time = timed(lambda: list(bare.pipe(bodies)))
    full_time = timed(lambda: extract_all(bodies, ours, gazetteer))
    rules_time = timed(lambda: [extract_from_doc(doc, gazetteer) for doc in docs])
    # Reported speech's own rules: the extractor set up, then its statements and speakers.
    setup_time = timed(lambda: [_ArticleExtractor(doc, gazetteer, ALL) for doc in docs])
    reported_time = (
        timed(lambda: [_ArticleExtractor(d, gazetteer, ALL).reporter.attributed() for d in docs])
        - setup_time
    )
    mine = score_ours(names, bodies, labels, ours)
    theirs, failures = score_textacy(names, bodies, labels, bare)

    per_article = 1000 / len(bodies)
    rows = [
        ("bare nlp.pipe", None, pipe_time * per_article, ""),
        ("Summit Desk", mine, full_time * per_article,
         f"+{(full_time - pipe_time) / pipe_time:.0%} over nlp.pipe; rules alone "
         f"{rules_time * per_article:.1f} ms = {rules_time / pipe_time:.0%}, of which "
         f"reported speech {reported_time * per_article:.1f} ms = "
         f"{reported_time / pipe_time:.0%} (goal < 25%)"),
    ]  # fmt: skip
    if theirs is not None:
        rows.append(("textacy direct_quotations", theirs, None, f"raised on {failures} article(s)"))
    header = (
        f"{'system':<27}{'recall':>8}{'precision':>11}{'person spk':>12}{'blocks':>8}"
        f"{'ms/article':>12}  notes"
    )
    print(f"Quote extraction on {len(bodies)} labelled seeds ({mine.labelled} quotes), "
          f"model {settings.SPACY_MODEL}, median of {REPEATS} runs")  # fmt: skip
    print(header)
    print("-" * len(header))
    for label, score, ms, note in rows:
        metrics = (
            f"{score.recall:>8.3f}{score.precision:>11.3f}{score.person_accuracy:>12.3f}"
            f"{score.block_accuracy:>8.3f}"
            if score
            else f"{'':>8}{'':>11}{'':>12}{'':>8}"
        )
        timing = f"{ms:>12.1f}" if ms is not None else f"{'':>12}"
        print(f"{label:<27}{metrics}{timing}  {note}")
    print("-" * len(header))
    for rule, (count, right) in sorted(mine.by_rule.items()):
        print(f"  rule {rule:<21}{'':>8}{right / count:>11.3f}{'':>12}{'':>8}{'':>12}  n={count}")
    if theirs is not None:
        print(
            f"  textacy speaker exact-name accuracy on person quotes: {theirs.person_accuracy:.3f}"
        )
    if not theirs:
        print("(textacy not installed: `make bench-quotes` installs the bench extra)")


if __name__ == "__main__":
    main()
