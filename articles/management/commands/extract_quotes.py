"""python manage.py extract_quotes — (re-)extract quotes and speakers from stored articles."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import F

from articles.models import Article
from articles.quotes.analysis import extract_quotes


class Command(BaseCommand):
    help = (
        "Extract quotes, speakers and mentions from articles whose text changed since their "
        "last extraction (--all: every article). Verified quotes are never changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="every article, changed or not")

    def handle(self, *args, **options) -> None:
        articles = Article.objects.order_by("pk")
        if not options["all"]:
            articles = articles.exclude(extracted_hash=F("content_hash"))
        result = extract_quotes(articles)
        self.stdout.write(
            f"{result.quotes} quotes and {result.people} speakers in {result.articles} article(s)."
        )
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(f"Warning: {warning}"))
