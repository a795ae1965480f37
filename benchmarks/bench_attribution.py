"""make bench-attribution POLNEAR=<clone of networkdynamics/PolNeAR>: quote attribution on
text the pipeline was not built from, scored as ``benchmarks/scoring/polnear.py`` describes,
with textacy's ``direct_quotations`` side by side, and on train how many named quotes each
refinement of ``newsnlp/quotes/refinements.py`` fixes and breaks. Train and dev only: the
test split is how others check the result, and is never read here.

``--errors N`` also prints N of our misses in the last split scored (develop on train's;
dev's are read, never tuned to sentence by sentence). ``--splits train`` scores one split.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import _setup  # noqa: F401 — Django configured
import spacy
from django.conf import settings

from articles.quotes.curated import summit_gazetteer
from benchmarks.scoring.polnear import (
    AttributionScore,
    Prediction,
    gold_quotes,
    load_attributions,
    named_outcomes,
    score,
)
from benchmarks.scoring.reported import ReportedScore, baseline_predictions, score_reported
from infrastructure.nlp import full_pipeline
from newsnlp.quotes.extraction import extract_from_doc
from newsnlp.quotes.refinements import ALL, Refinement

SPLITS = ("train", "dev")


def _predictions(quotes) -> list[Prediction]:
    return [
        Prediction(q.text, q.speaker.name if q.speaker else q.source or None, q.rule)
        for q in quotes
    ]


def ours(articles, nlp) -> tuple[AttributionScore, ReportedScore, float, list]:
    """Direct quotes (``result.quotes``: reported statements are not scored as quotes) and
    reported speech (``result.reported``), from one extraction."""
    total, reported, started = AttributionScore(), ReportedScore(), time.perf_counter()
    docs = list(nlp.pipe(body for _, body, _ in articles))
    results = [extract_from_doc(doc, summit_gazetteer()) for doc in docs]
    for (name, body, attributions), result in zip(articles, results, strict=True):
        total.add(score(gold_quotes(body, attributions), _predictions(result.quotes), name))
        reported.add(score_reported(attributions, _predictions(result.reported), name))
    return total, reported, time.perf_counter() - started, docs


def reported_baseline(articles, docs) -> ReportedScore:
    total = ReportedScore()
    for (name, _, attributions), doc in zip(articles, docs, strict=True):
        total.add(score_reported(attributions, baseline_predictions(doc), name))
    return total


def refinement_effects(articles, docs) -> list[tuple[str, int, int]]:
    """For each refinement: the named quotes it fixes and breaks (right with every
    refinement and wrong without this one, and the reverse), over the same parses."""
    gazetteer = summit_gazetteer()

    def outcomes(refinements) -> list[bool]:
        found = []
        for (_, body, attributions), doc in zip(articles, docs, strict=True):
            result = extract_from_doc(doc, gazetteer, refinements)
            found += named_outcomes(gold_quotes(body, attributions), _predictions(result.quotes))
        return found

    everything = outcomes(ALL)
    effects = []
    for refinement in Refinement:
        without = outcomes(ALL - {refinement})
        fixed = sum(a and not b for a, b in zip(everything, without, strict=True))
        broken = sum(b and not a for a, b in zip(everything, without, strict=True))
        effects.append((refinement.value, fixed, broken))
    return effects


def textacy(articles, bare) -> AttributionScore | None:
    try:
        from textacy.extract.triples import direct_quotations
    except ImportError:
        return None
    total = AttributionScore()
    for (name, body, attributions), doc in zip(articles, bare.pipe(b for _, b, _ in articles),
                                               strict=True):  # fmt: skip
        gold = gold_quotes(body, attributions)
        try:
            triples = list(direct_quotations(doc))
        except Exception:  # textacy raises on an unbalanced quotation mark
            triples = []
        predicted = [
            Prediction(t.content.text.strip('“”" '), " ".join(tok.text for tok in t.speaker))
            for t in triples
        ]
        total.add(score(gold, predicted, name))
    return total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--polnear", default=os.environ.get("POLNEAR", ""))
    parser.add_argument("--errors", type=int, default=0)
    parser.add_argument("--splits", default=",".join(SPLITS), help="train,dev (the default)")
    parser.add_argument("--no-textacy", action="store_true")
    options = parser.parse_args()
    if not options.polnear or not (Path(options.polnear) / "data").is_dir():
        raise SystemExit(
            "Give a clone of networkdynamics/PolNeAR: make bench-attribution POLNEAR=…"
        )
    nlp, bare = full_pipeline(), spacy.load(settings.SPACY_MODEL)
    header = (
        f"{'split':<7}{'system':<27}{'articles':>9}{'quotes':>8}{'named':>7}"
        f"{'found':>8}{'attrib.':>9}{'precision':>11}{'ms/art':>8}"
    )
    print(f"PolNeAR attribution (model {settings.SPACY_MODEL}); goal: attribution ≥ 0.90, "
          "precision ≥ 0.95 on dev")  # fmt: skip
    print(header)
    print("-" * len(header))
    dev_errors: list[str] = []
    reported_rows = []
    for split in options.splits.split(","):
        articles = load_attributions(Path(options.polnear), split)
        mine, reported, seconds, docs = ours(articles, nlp)
        floor = reported_baseline(articles, docs)
        reported_rows += [(split, "Summit Desk", reported), (split, "verb + clause (floor)", floor)]
        theirs = None if options.no_textacy else textacy(articles, bare)
        for label, result, ms in (
            ("Summit Desk", mine, seconds * 1000 / len(articles)),
            ("textacy direct_quotations", theirs, None),
        ):
            if result is None:
                continue
            timing = f"{ms:>8.0f}" if ms is not None else f"{'':>8}"
            print(
                f"{split:<7}{label:<27}{len(articles):>9}{result.gold:>8}{result.named:>7}"
                f"{result.found_share:>8.3f}{result.attribution:>9.3f}{result.precision:>11.3f}"
                f"{timing}"
            )
        dev_errors = mine.errors  # the last split's
        rules = sorted(mine.by_rule.items(), key=lambda item: -item[1][0])
        print(f"{'':<7}precision by rule: " + ", ".join(
            f"{rule} {right / attributed:.2f} ({attributed})" for rule, (attributed, right) in rules
        ))  # fmt: skip
        if split == "train":  # what each refinement buys, where the rules were developed
            print(f"{'':<7}{'refinement (issue 29)':<24}{'fixed':>7}{'broken':>8}")
            for name, fixed, broken in refinement_effects(articles, docs):
                print(f"{'':<7}{name:<24}{fixed:>7}{broken:>8}")
    print_reported(reported_rows)
    for line in dev_errors[: options.errors]:
        print(line)


def print_reported(rows: list[tuple[str, str, ReportedScore]]) -> None:
    print()
    print("Reported speech (no quotation marks, a verb of saying); goal on dev: recall ≥ 0.85, "
          "named ≥ 0.80, precision ≥ 0.85, speaker precision ≥ 0.95")  # fmt: skip
    header = (
        f"{'split':<7}{'system':<30}{'gold':>6}{'named':>7}{'recall':>8}{'named':>7}"
        f"{'precision':>11}{'speaker':>9}{'predicted':>11}"
    )
    print(header)
    print("-" * len(header))
    for split, label, result in rows:
        print(
            f"{split:<7}{label:<30}{result.gold:>6}{result.named:>7}{result.recall:>8.3f}"
            f"{result.attribution:>7.3f}{result.precision:>11.3f}"
            f"{result.speaker_precision:>9.3f}{result.predicted:>11}"
        )


if __name__ == "__main__":
    main()
