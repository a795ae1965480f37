"""make mutation: mutmut over the logic whose bugs nobody would see, one module at a time.

For each module below, a scratch copy of the checkout is made under ``.mutation/<name>/``
(mutmut rewrites what it mutates), mutmut runs there against the tests that target the
module, within a time budget, and the kill rate is printed:

    kill rate = (killed + timed out) / (mutants that some test ran)

``no tests`` mutants (code no targeted test reaches) are counted apart and listed in the
table, not hidden in the rate. Where a target is a few functions of larger files (the
version checks of the services), only their mutants run (``only``: mutmut's name globs).
``MODULE=anchoring`` runs one; ``BUDGET=600`` seconds each.
Outside CI: a full run takes tens of minutes. ``mutmut results`` inside a scratch copy
lists the survivors; ``mutmut show <name>`` shows one.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = ROOT / ".mutation"
GOAL = 0.85


@dataclass(frozen=True)
class Target:
    name: str
    paths: tuple[str, ...]
    tests: tuple[str, ...]
    # mutmut's mutant names (globs) when only some functions of the files are the target
    only: tuple[str, ...] = ()


TARGETS = [
    Target("anchoring", ("newsnlp/anchoring.py",),
           ("tests/test_anchoring.py", "tests/test_anchoring_properties.py")),
    Target("attribution", ("newsnlp/quotes/attribution.py",),
           ("tests/test_quote_attribution.py", "tests/test_attribution_unseen.py",
            "tests/test_attribution_rules.py", "tests/test_attribution_resolving.py",
            "tests/test_reported_speech.py",
            "tests/test_quote_extraction.py::test_labelled_seeds_meet_the_bar")),
    # Reported speech: what a verb of saying reports, where it ends, and who said it.
    Target("reported", ("newsnlp/quotes/reported.py", "newsnlp/quotes/report_extent.py",
                        "newsnlp/quotes/reporters.py"),
           ("tests/test_reported_speech.py",)),
    # The incremental refresh's bookkeeping (what changed, what disappeared): the rebuilds it
    # calls are checked against a full rebuild by the same tests.
    Target("refresh", ("compare/refresh.py",),
           ("tests/test_compare_incremental.py", "tests/test_compare_refresh.py",
            "tests/test_compare_suggestion_bookkeeping.py"),
           ("compare.refresh.x_refresh__*", "compare.refresh.x_refresh_suggestions*",
            "compare.refresh.x__store_suggestions*", "compare.refresh.x__same_words*",
            "compare.refresh.x__articles_with_terms*")),
    # Rows an article's change reaches, realigned by the rows' one rule (issue 36, item 6).
    Target("reach", ("compare/reach.py", "compare/alignment.py"),
           ("tests/test_compare_incremental.py",),
           ("compare.reach.*", "compare.alignment.x_join_rows*")),
    Target("versions", ("annotations/services.py", "articles/services.py",
                        "infrastructure/db.py", "infrastructure/responses.py"),
           ("tests/test_annotation_edits.py", "tests/test_quote_correction.py",
            "tests/test_concurrency.py", "tests/test_history.py"),
           ("annotations.services.x__locked*", "annotations.services.x_update_annotation*",
            "annotations.services.x_delete_annotation*", "articles.services.x_correct_quote*",
            "infrastructure.db.x_lock_at_version*", "infrastructure.db.xǁStaleVersion*",
            "infrastructure.responses.x_kept_at_current_version*")),
    Target("undo",
           ("articles/history/__init__.py", "annotations/history.py", "infrastructure/undo.py"),
           ("tests/test_history.py",)),
    Target("import-limits", ("articles/ingest/sources.py",),
           ("tests/test_ingest.py", "tests/test_bad_input.py", "tests/test_admin_import.py",
            "tests/test_zip_limits.py"),
           ("articles.ingest.sources.x_read_zip*", "articles.ingest.sources.x__read_zip*",
            "articles.ingest.sources.x__member_problem*",
            "articles.ingest.sources.x_read_uploads*", "articles.ingest.sources.x__too_large*",
            "articles.ingest.sources.x__read_file*")),
    # What of a page is the article (issue 37): the header split, furniture by kind of line
    # and by its neighbours, kept lines, and a removed line put back where it stood.
    Target("body", ("newsnlp/pages/cleaning.py", "newsnlp/pages/context.py",
                    "newsnlp/pages/furniture.py", "newsnlp/pages/restore.py"),
           ("tests/test_body_kept.py", "tests/test_cleaning.py", "tests/test_furniture.py",
            "tests/test_furniture_kinds.py",
            "tests/test_restore_to_body.py::test_the_page_has_each_kind_of_removal_recorded_"
            "with_its_place",
            "tests/test_restore_to_body.py::test_a_kept_line_stays_in_the_body_where_it_stood",
            "tests/test_restore_to_body.py::test_putting_lines_back_one_by_one_in_any_order_"
            "gives_the_body_cleaning_keeps"),
           ("newsnlp.pages.cleaning.x__split_header*", "newsnlp.pages.cleaning.x__is_furniture*",
            "newsnlp.pages.cleaning.x__context_rule*", "newsnlp.pages.cleaning.x__footer_starts*",
            "newsnlp.pages.cleaning.x__known_header*", "newsnlp.pages.cleaning.x_clean_article*",
            "newsnlp.pages.furniture.x_is_breadcrumb*", "newsnlp.pages.furniture.x_is_media_line*",
            "newsnlp.pages.furniture.x_is_dated_caption*",
            "newsnlp.pages.furniture.x_is_wire_credit*", "newsnlp.pages.context.*",
            "newsnlp.pages.restore.*")),
    # All annotations and their replies (issue 33): the filters, search and rows of
    # /annotations/, the reply writes and their undo, the panel's replies block.
    Target("annotation-stream",
           ("annotations/listing.py", "annotations/services.py", "annotations/history.py",
            "annotations/rendering.py"),
           ("tests/test_annotation_list.py", "tests/test_replies.py", "tests/test_history.py"),
           ("annotations.listing.*", "annotations.services.x_create_reply*",
            "annotations.services.x_update_reply*", "annotations.services.x_delete_reply*",
            "annotations.services.x__locked_reply*", "annotations.services.x_delete_annotation*",
            "annotations.history.x_reply_state*", "annotations.history.x__recreate_reply*",
            "annotations.history.x__undo_reply*", "annotations.history.x__undo_deleted*",
            "annotations.rendering.x_replies_block*", "annotations.rendering.x__reply_item*")),
    # Coding rounds (issue 32): agreement over word units and spans, the round's rules, and
    # who sees blind rounds' work.
    Target("rounds",
           ("newsnlp/agreement.py", "annotations/rounds.py", "annotations/visibility.py"),
           ("tests/test_agreement.py", "tests/test_round_command.py",
            "tests/test_round_visibility.py", "tests/test_round_pages.py",
            "tests/test_round_admin.py")),
    Target("race-safe-writes", ("infrastructure/db.py",),
           ("tests/test_concurrency.py", "tests/test_race_safe_writes.py"),
           ("infrastructure.db.x_find_or_create*",)),
]  # fmt: skip
COPIED = ["newsnlp", "infrastructure", "articles", "annotations", "compare", "summit", "benchmarks",
          "templates", "static", "fixtures", "tests", "manage.py", "pyproject.toml"]  # fmt: skip


def _scratch(target: Target) -> Path:
    place = SCRATCH / target.name
    shutil.rmtree(place, ignore_errors=True)
    place.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, place / name, ignore=ignore)
        else:
            shutil.copy2(source, place / name)
    tests = [t for t in target.tests if (ROOT / t.split("::")[0]).exists()]
    config = (
        "\n[tool.mutmut]\n"
        f"source_paths = {json.dumps(list(target.paths))}\n"
        f"pytest_add_cli_args_test_selection = {json.dumps(tests)}\n"
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q", "-x"]\n'
        f"also_copy = {json.dumps([n for n in COPIED if n != 'pyproject.toml'])}\n"
        "use_git_change_detection = false\n"
    )
    with (place / "pyproject.toml").open("a") as handle:
        handle.write(config)
    return place


def run(target: Target, budget: float) -> dict:
    place = _scratch(target)
    mutmut = Path(sys.executable).parent / "mutmut"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "summit.settings"}
    quiet = {"cwd": place, "env": env, "stdout": subprocess.DEVNULL,
             "stderr": subprocess.DEVNULL}  # fmt: skip
    started = time.monotonic()
    # Its own process group: at the end of the budget, mutmut and the children it forked
    # for each mutant stop together.
    command = [str(mutmut), "run", *target.only]
    process = subprocess.Popen(command, start_new_session=True, **quiet)  # noqa: S603
    try:
        process.wait(timeout=budget)
        finished = True
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait()
        finished = False
    stats = count_statuses(place)
    stats["seconds"] = time.monotonic() - started
    stats["finished"] = finished
    return stats


def count_statuses(place: Path) -> dict:
    """Mutants by mutmut's status, read from the results it keeps beside each mutated file
    (``*.meta``), with its own table of exit codes: nothing is counted that did not run."""
    from mutmut.stats import status_by_exit_code

    counts = {"total": 0}
    for meta in (place / "mutants").rglob("*.meta"):
        for exit_code in json.loads(meta.read_text())["exit_code_by_key"].values():
            if exit_code is None:
                continue  # not run: outside the target's functions, or the budget ran out
            status = status_by_exit_code[exit_code].replace(" ", "_")
            counts[status] = counts.get(status, 0) + 1
            counts["total"] += 1
    return counts


def kill_rate(stats: dict) -> float | None:
    killed = stats.get("killed", 0) + stats.get("timeout", 0)
    ran = killed + stats.get("survived", 0) + stats.get("suspicious", 0)
    return killed / ran if ran else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", default=os.environ.get("MODULE", ""))
    parser.add_argument("--budget", type=float, default=float(os.environ.get("BUDGET", 900)))
    args = parser.parse_args()
    chosen = [t for t in TARGETS if not args.module or t.name == args.module]
    if not chosen:
        names = ", ".join(t.name for t in TARGETS)
        print(f"No module called {args.module!r}; choose one of: {names}")
        return 2
    print(f"{'module':<18}{'mutants':>8}{'killed':>8}{'timeout':>8}{'survived':>9}"
          f"{'no tests':>9}{'rate':>7}  {'goal':<5}{'seconds':>8}")  # fmt: skip
    below = 0
    for target in chosen:
        stats = run(target, args.budget)
        rate = kill_rate(stats)
        met = rate is not None and rate >= GOAL
        below += not met
        shown = f"{rate:.2f}" if rate is not None else "—"
        note = "" if stats["finished"] else "  (budget ran out: partial)"
        print(f"{target.name:<18}{stats.get('total', 0):>8}{stats.get('killed', 0):>8}"
              f"{stats.get('timeout', 0):>8}{stats.get('survived', 0):>9}"
              f"{stats.get('no_tests', 0):>9}{shown:>7}  {'met' if met else 'below':<5}"
              f"{stats['seconds']:>8.0f}{note}", flush=True)  # fmt: skip
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
