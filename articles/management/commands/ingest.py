"""python manage.py ingest PATH… — load coverage from files, folders and zip archives."""

from __future__ import annotations

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.ingest.batches import queue_import
from articles.ingest.local import batch_progress, ingest_here
from articles.ingest.sources import SourceError, iter_sources, load_manifest
from articles.models import ImportBatch, ImportDocument
from articles.quotes.analysis import analyse_articles, needing_analysis
from articles.services import Outcome, Replace
from articles.signals import batched_changes

POLL_SECONDS = 1.0
# The summary's words for the import states, in the in-process summary's order.
OUTCOMES = [(Outcome.CREATED, "imported"), (Outcome.UPDATED, "updated"),
            (Outcome.UNCHANGED, "unchanged"), (Outcome.DUPLICATE, "duplicate"),
            (Outcome.HELD, "held"), (Outcome.FAILED, "failed")]  # fmt: skip


class Command(BaseCommand):
    help = (
        "Ingest articles from text files, folders (a manifest.json inside is applied) and zip "
        "archives. Each article is saved in its own transaction; bad files are reported and "
        "the command exits non-zero."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", help="files, folders or .zip archives")
        parser.add_argument("--manifest", type=Path, help="a manifest.json with per-file facts")
        parser.add_argument(
            "--skip-quotes",
            action="store_true",
            help="load the texts only; run `manage.py extract_quotes` later",
        )
        parser.add_argument(
            "--replace",
            choices=[choice.value for choice in Replace],
            default=Replace.NEVER.value,
            help="may a file replace the text of the article it is a new version of (same URL "
            "or file name)? never (default: such files are held and listed), near (yes while "
            "at least half of the old text's words stay), any (yes, whatever is left). "
            "Annotations and quotes move with their words or are marked orphaned.",
        )
        parser.add_argument(
            "--workers",
            action="store_true",
            help="queue the documents for the Celery workers (in chunks any number of workers "
            "share) instead of importing here, and show the progress until they are done",
        )

    def handle(
        self, *args, paths: list[str], manifest: Path | None, skip_quotes: bool, **options
    ) -> None:
        try:
            facts = load_manifest(manifest) if manifest else None
        except SourceError as exc:
            raise CommandError(str(exc)) from exc
        if options["workers"]:
            if skip_quotes:
                raise CommandError("--workers always extracts quotes; leave out --skip-quotes.")
            self._queue(paths, facts, Replace(options["replace"]))
            return
        with batched_changes():
            self._ingest(
                paths, facts, skip_quotes, options["verbosity"], Replace(options["replace"])
            )

    def _ingest(self, paths, facts, skip_quotes: bool, verbosity: int, replace: Replace) -> None:
        documents = list(iter_sources(paths, settings.INGEST_MAX_FILE_BYTES, facts))
        width = len(str(len(documents)))

        def report(number: int, result) -> None:
            counter = f"[{number:>{width}}/{len(documents)}]"
            detail = result.message or (result.article.display_title if result.article else "")
            line = f"{counter} {result.source_name}: {result.outcome}"
            line = f"{line} — {detail}" if detail else line
            if result.outcome == Outcome.FAILED:
                self.stderr.write(self.style.ERROR(line))
            elif result.outcome == Outcome.HELD:
                self.stdout.write(self.style.WARNING(line))
            else:
                self.stdout.write(line)
            if verbosity > 1:
                for warning in result.warnings:
                    self.stdout.write(f"    {warning}")

        counts, touched = ingest_here(documents, report, replace)
        summary = ", ".join(f"{counts[outcome]} {outcome}" for outcome in Outcome)
        self.stdout.write(f"Summary: {summary}.")
        if counts[Outcome.HELD]:
            self.stdout.write(
                f"{counts[Outcome.HELD]} held: they would replace an article's text. Run again "
                "with --replace near (most of the text stays) or --replace any to replace it."
            )
        if not skip_quotes:
            self._extract_quotes(touched)
        if counts[Outcome.FAILED]:
            raise CommandError(f"{counts[Outcome.FAILED]} of {len(documents)} document(s) failed.")
        if not documents:
            raise CommandError("No documents found under the given paths.")

    def _queue(self, paths, facts, replace: Replace) -> None:
        documents = list(iter_sources(paths, settings.INGEST_MAX_FILE_BYTES, facts))
        if not documents:
            raise CommandError("No documents found under the given paths.")
        batch = queue_import(documents, replace)
        self.stdout.write(
            f"Queued {len(documents)} document(s) as import batch {batch.pk} "
            f"(admin: {batch.get_absolute_url()}); waiting for the workers…"
        )
        try:
            counts = self._wait(batch)
        except KeyboardInterrupt:
            self.stdout.write("Stopped waiting; the workers carry on with the batch.")
            raise SystemExit(130) from None
        failed = batch.documents.filter(state=ImportDocument.State.FAILED).order_by("position")
        for document in failed:
            self.stderr.write(self.style.ERROR(f"{document.name}: failed — {document.message}"))
        summary = ", ".join(f"{counts.get(state, 0)} {outcome}" for outcome, state in OUTCOMES)
        self.stdout.write(f"Summary: {summary}.")
        if failed:
            raise CommandError(f"{len(failed)} of {len(documents)} document(s) failed.")

    def _wait(self, batch: ImportBatch) -> dict[str, int]:
        """Print the batch's progress as it changes until it is done; returns its counts."""
        last, warned = None, False
        while True:
            batch.refresh_from_db(fields=["state"])
            finished, counts = batch_progress(batch)
            if finished != last:
                total = sum(counts.values())
                done = ", ".join(f"{n} {state}" for state, n in sorted(counts.items()))
                self.stdout.write(f"[{finished:>{len(str(total))}}/{total}] {done}")
                last = finished
            if batch.state == ImportBatch.State.DONE:
                return counts
            latest = batch.documents.only("updated").order_by("-updated")[:1]
            if not warned and batch.is_stalled(latest):
                self.stdout.write(
                    self.style.WARNING(
                        "Nothing has moved for a minute: is a worker running? "
                        "(`make worker`, or a Celery worker on this queue)"
                    )
                )
                warned = True
            time.sleep(POLL_SECONDS)

    def _extract_quotes(self, article_ids: set[int]) -> None:
        """Quotes for this run's articles whose text changed since their last extraction.

        Other stale articles (loaded with --skip-quotes) are left to `extract_quotes`.
        """
        pending = needing_analysis(article_ids)
        if not pending:
            return
        self.stdout.write(f"Extracting quotes from {len(pending)} article(s)…")
        result = analyse_articles(pending)
        self.stdout.write(
            f"Quotes: {result.quotes} quotes and {result.people} speakers "
            f"in {result.articles} article(s)."
        )
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(f"Warning: {warning}"))
