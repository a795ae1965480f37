"""python manage.py load_corpus PATH — read a dump_corpus file into this instance."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from summit.corpus.load import CorpusError, load


class Command(BaseCommand):
    help = (
        "Load a dump_corpus file. Into an empty instance everything is recreated as it was; "
        "an instance that already holds work is refused unless --merge is given (then what "
        "is there already is kept and the rest added). All or nothing: one transaction."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument(
            "--merge",
            action="store_true",
            help="add to an instance that holds work, keeping what it has (no change history)",
        )

    def handle(self, *args, path: str, merge: bool, **options) -> None:
        try:
            with open(path, encoding="utf-8") as stream:
                report = load(stream, merge=merge)
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror or exc}") from exc
        except CorpusError as exc:
            raise CommandError(f"{path}: {exc}. Nothing was loaded.") from exc
        added = ", ".join(f"{n} {kind}" for kind, n in report.added.items()) or "nothing"
        self.stdout.write(f"Loaded {path}: {added}.")
        if report.kept:
            kept = ", ".join(f"{n} {kind}" for kind, n in report.kept.items())
            self.stdout.write(f"Already here, kept as they are: {kept}.")
        if report.users_created:
            self.stdout.write(
                f"Created {len(report.users_created)} inactive user(s) without a password "
                f"(authors in the file): {', '.join(report.users_created)}."
            )
        self.stdout.write("The comparisons are being rebuilt by the worker.")
