"""python manage.py check_integrity — every stored offset points at the text it claims."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from summit.integrity import CHECKED, offset_problems


class Command(BaseCommand):
    help = (
        "Check that every annotation, quote, mention, compare passage and open suggestion "
        "points at the words it claims in its article's current text (or is marked "
        "orphaned). Prints each row that does not and exits non-zero; prints a summary "
        "and exits 0 when all hold."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--article", type=int, action="append", help="check only this article (repeatable)"
        )

    def handle(self, *args, article: list[int] | None, **options) -> None:
        problems = list(offset_problems(article))
        for problem in problems:
            self.stdout.write(str(problem))
        kinds = ", ".join(kind + "s" for kind, *_ in CHECKED)
        if problems:
            raise CommandError(
                f"{len(problems)} stored offset(s) do not point at their text (listed above)."
            )
        self.stdout.write(f"All offsets hold: {kinds}.")
