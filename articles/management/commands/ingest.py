"""python manage.py ingest PATH… — load coverage from files, folders and zip archives."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.pipeline import analyse_articles, needing_analysis
from articles.services import Outcome, ingest_source
from articles.signals import batched_changes
from articles.sources import SourceError, iter_sources, load_manifest


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

    def handle(
        self, *args, paths: list[str], manifest: Path | None, skip_quotes: bool, **options
    ) -> None:
        try:
            facts = load_manifest(manifest) if manifest else None
        except SourceError as exc:
            raise CommandError(str(exc)) from exc
        with batched_changes():
            self._ingest(paths, facts, skip_quotes, options["verbosity"])

    def _ingest(self, paths, facts, skip_quotes: bool, verbosity: int) -> None:
        documents = list(iter_sources(paths, settings.INGEST_MAX_FILE_BYTES, facts))
        counts: Counter[Outcome] = Counter()
        touched: set[int] = set()
        width = len(str(len(documents)))
        for number, document in enumerate(documents, start=1):
            result = ingest_source(document)
            counts[result.outcome] += 1
            if result.article is not None and result.outcome != Outcome.DUPLICATE:
                touched.add(result.article.pk)
            counter = f"[{number:>{width}}/{len(documents)}]"
            detail = result.message or (result.article.display_title if result.article else "")
            line = f"{counter} {result.source_name}: {result.outcome}"
            line = f"{line} — {detail}" if detail else line
            if result.outcome == Outcome.FAILED:
                self.stderr.write(self.style.ERROR(line))
            else:
                self.stdout.write(line)
            if verbosity > 1:
                for warning in result.warnings:
                    self.stdout.write(f"    {warning}")
        summary = ", ".join(f"{counts[outcome]} {outcome}" for outcome in Outcome)
        self.stdout.write(f"Summary: {summary}.")
        if not skip_quotes:
            self._extract_quotes(touched)
        if counts[Outcome.FAILED]:
            raise CommandError(f"{counts[Outcome.FAILED]} of {len(documents)} document(s) failed.")
        if not documents:
            raise CommandError("No documents found under the given paths.")

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
