"""python manage.py resume_work — send again the background work left unfinished."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from summit.resume import resume_unfinished_work


class Command(BaseCommand):
    help = (
        "Queue again the import batches still preparing or importing and the waiting compare "
        "refreshes (a worker does this when it starts). Safe to run at any time."
    )

    def handle(self, *args, **options) -> None:
        for what, count in resume_unfinished_work().items():
            self.stdout.write(f"{what}: {count} sent again")
