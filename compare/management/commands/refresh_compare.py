"""python manage.py refresh_compare — rebuild every stored comparison, or serve the waiting ones."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from compare.scheduling import rebuild_everything, refresh_status, run_pending


class Command(BaseCommand):
    help = (
        "Recompute every stored comparison (theme suggestions, passage rows, coverage, quote "
        "groups, text reuse) in this process. With --pending, only what changes asked for."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--pending", action="store_true", help="serve only the waiting refresh requests"
        )

    def handle(self, *args, pending: bool, **options) -> None:
        try:
            if pending:
                run_pending()
            else:
                rebuild_everything()
        except Exception as exc:
            raise CommandError(f"The refresh failed: {exc}") from exc
        status = refresh_status()
        if status["waiting"] and status["running"]:
            self.stdout.write(
                f"Another refresh is running; it serves the {status['waiting']} waiting request(s)."
            )
        else:
            self.stdout.write(f"Comparisons refreshed; {status['waiting']} request(s) waiting.")
