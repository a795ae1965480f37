"""python manage.py dump_corpus PATH — write the instance's work as a JSON lines file."""

from __future__ import annotations

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from summit.corpus.dump import dump
from summit.corpus.records import FORMAT, VERSION


class Command(BaseCommand):
    help = (
        "Write everything people made or checked (articles, outlets, people, quotes, themes, "
        f"annotations, decisions, imports, change history) to PATH: {FORMAT} version {VERSION}, "
        "JSON lines (see summit/corpus/__init__.py). '-' writes to standard output."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the file to write ('-' for standard output)")

    def handle(self, *args, path: str, **options) -> None:
        if path == "-":
            counts = dump(self.stdout)
            return
        target = Path(path)
        partial = target.with_name(f".{target.name}.partial")
        try:  # written aside and renamed: an interrupted dump never looks complete
            with partial.open("w", encoding="utf-8") as stream:
                counts = dump(stream)
            os.replace(partial, target)
        except OSError as exc:
            raise CommandError(f"cannot write {target}: {exc.strerror or exc}") from exc
        finally:
            partial.unlink(missing_ok=True)
        summary = ", ".join(f"{count} {kind}" for kind, count in counts.items()) or "nothing"
        self.stdout.write(f"Wrote {target}: {summary}.")
