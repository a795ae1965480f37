"""python manage.py export_quotes --format json|csv — every quote, one record each."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.models import Outlet, Person
from articles.queries import quotes_for_export
from articles.quotes.exports import EXPORT_FIELDS, csv_writer, quote_record, spreadsheet_safe


class Command(BaseCommand):
    help = "Write quotes as a JSON list or CSV rows to standard output or --output FILE."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--speaker", help="a speaker's slug")
        parser.add_argument("--outlet", help="an outlet's slug")
        parser.add_argument("--output", type=Path, help="a file to write instead of stdout")

    def handle(self, *args, **options) -> None:
        speaker, outlet = options["speaker"], options["outlet"]
        if speaker and not Person.objects.filter(slug=speaker).exists():
            raise CommandError(f"No speaker with slug {speaker!r}.")
        if outlet and not Outlet.objects.filter(slug=outlet).exists():
            raise CommandError(f"No outlet with slug {outlet!r}.")
        records = (quote_record(q) for q in quotes_for_export(speaker, outlet).iterator())
        output = options["output"]
        # A file gets the byte-order mark spreadsheets need to read it as UTF-8 (CSV only).
        encoding = "utf-8-sig" if options["format"] == "csv" else "utf-8"
        stream = output.open("w", encoding=encoding, newline="") if output else _Raw(self.stdout)
        try:
            if options["format"] == "json":
                json.dump(list(records), stream, ensure_ascii=False, indent=2)
                stream.write("\n")
            else:
                writer = csv_writer(stream, EXPORT_FIELDS)
                writer.writeheader()
                writer.writerows(spreadsheet_safe(record) for record in records)
        finally:
            if output:
                stream.close()


class _Raw:
    """Write chunks to the command's stdout as they are (no newline added to each)."""

    def __init__(self, wrapper) -> None:
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, ending="")
