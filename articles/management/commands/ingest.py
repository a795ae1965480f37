"""python manage.py ingest PATH… — load coverage from files, folders and zip archives."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.services import Outcome, ingest_source
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

    def handle(self, *args, paths: list[str], manifest: Path | None, **options) -> None:
        try:
            facts = load_manifest(manifest) if manifest else None
        except SourceError as exc:
            raise CommandError(str(exc)) from exc
        documents = list(iter_sources(paths, settings.INGEST_MAX_FILE_BYTES, facts))
        counts: Counter[Outcome] = Counter()
        width = len(str(len(documents)))
        for number, document in enumerate(documents, start=1):
            result = ingest_source(document)
            counts[result.outcome] += 1
            counter = f"[{number:>{width}}/{len(documents)}]"
            detail = result.message or (result.article.display_title if result.article else "")
            line = f"{counter} {result.source_name}: {result.outcome}"
            line = f"{line} — {detail}" if detail else line
            if result.outcome == Outcome.FAILED:
                self.stderr.write(self.style.ERROR(line))
            else:
                self.stdout.write(line)
            if options["verbosity"] > 1:
                for warning in result.warnings:
                    self.stdout.write(f"    {warning}")
        summary = ", ".join(f"{counts[outcome]} {outcome}" for outcome in Outcome)
        self.stdout.write(f"Summary: {summary}.")
        if counts[Outcome.FAILED]:
            raise CommandError(f"{counts[Outcome.FAILED]} of {len(documents)} document(s) failed.")
        if not documents:
            raise CommandError("No documents found under the given paths.")
