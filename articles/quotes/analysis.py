"""What happens to articles after their text is stored, whichever way it arrived, and the
writes of quote extraction: an ``ArticleExtraction`` becomes Person, Quote and Mention rows.

``manage.py ingest``, the admin's import and its "re-run extraction" action all call
``analyse_articles`` (or its task), so coverage is processed the same way however it comes in.

Editors' corrections win: a verified quote is never changed or removed, and a new quote that
overlaps it is not added. Running extraction again over an unchanged article writes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import F

from infrastructure.nlp import full_pipeline
from newsnlp.quotes.extraction import ArticleExtraction, ExtractedQuote, extract_all
from newsnlp.quotes.speakers import Entity
from newsnlp.quotes.vocabulary import joint_name_parts, normalise_alias

from ..models import Article, Mention, Person, PersonAlias, Quote
from ..services import find_or_create_person
from ..signals import batched_changes
from .curated import summit_gazetteer

logger = logging.getLogger(__name__)


@dataclass
class ExtractionSummary:
    articles: int = 0
    quotes: int = 0
    speakers: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    # The same warnings by article id, without the article's label (for per-document reports).
    article_warnings: dict[int, list[str]] = field(default_factory=dict)

    def warn(self, article: Article, label: str, warning: str) -> None:
        self.warnings.append(f"{label}: {warning}")
        self.article_warnings.setdefault(article.pk, []).append(warning)

    @property
    def people(self) -> int:
        """How many distinct speakers and people the articles quote or name."""
        return len(self.speakers)


def known_people() -> dict[str, Entity]:
    """Every alias in the database, for the gazetteer."""
    aliases = PersonAlias.objects.select_related("person")
    return {
        alias.alias: Entity(alias.person.name, alias.person.kind, alias.person.description)
        for alias in aliases
    }


def extract_quotes(articles: Iterable[Article], batch_size: int = 16) -> ExtractionSummary:
    """Extract and store quotes and people for ``articles``, parsing them in batches."""
    summary = ExtractionSummary()
    articles = list(articles)
    for article in [a for a in articles if len(a.body) > settings.EXTRACTION_MAX_CHARS]:
        articles.remove(article)
        summary.warn(
            article,
            article.source_name,
            f"quotes not extracted, the text is {len(article.body):,} characters "
            f"(EXTRACTION_MAX_CHARS is {settings.EXTRACTION_MAX_CHARS:,})",
        )
    if not articles:
        return summary
    nlp = full_pipeline()
    results = extract_all(
        (article.body for article in articles),
        nlp,
        summit_gazetteer(known_people()),
        batch_size,
        leads=(f"{article.title}\n\n{article.subtitle}".strip() for article in articles),
    )
    with batched_changes():
        for article, result in zip(articles, results, strict=True):
            label = article.source_name or f"article {article.pk}"
            try:
                store_extraction(article, result)
            except Exception as exc:  # one article's failure must not stop the batch
                logger.exception("storing quotes for %s failed", label)
                summary.warn(article, label, f"quotes not stored ({exc})")
                continue
            summary.articles += 1
            summary.quotes += len(result.statements)
            summary.speakers.update(person.name for person in result.people)
            for warning in result.warnings:
                summary.warn(article, label, warning)
    return summary


@transaction.atomic
def store_extraction(article: Article, result: ArticleExtraction) -> None:
    people = _PersonIndex()
    quotes = [(q, people.person_for(q.speaker) if q.speaker else None) for q in result.statements]
    mentions = {(m.start, m.end): (people.person_for(m.person), m.text) for m in result.mentions}
    people.link_joint_speakers()  # their members may have been met after them
    _store_quotes(article, quotes)
    _store_mentions(article, mentions)
    if article.extracted_hash != article.content_hash:
        Article.objects.filter(pk=article.pk).update(extracted_hash=article.content_hash)
        article.extracted_hash = article.content_hash


def _store_quotes(article: Article, quotes: list[tuple[ExtractedQuote, Person | None]]) -> None:
    existing = list(article.quotes.all())
    # An orphaned verified quote has no place in this text: nothing it overlaps is skipped.
    verified = [q for q in existing if q.verified and not q.orphaned]
    automatic = {(q.start, q.end): q for q in existing if not q.verified}
    keep: set[int] = set()
    for extracted, speaker in quotes:
        if any(v.start < extracted.end and extracted.start < v.end for v in verified):
            continue
        values = {
            "text": extracted.text,
            "kind": extracted.kind,
            "speaker_id": speaker.pk if speaker else None,
            "cue": extracted.cue[:100],
            "rule": extracted.rule,
            "confidence": round(extracted.confidence, 3),
            "source": extracted.source,
            "orphaned": False,  # found again in the current text
        }
        current = automatic.get((extracted.start, extracted.end))
        if current is None:
            current = Quote.objects.create(
                article=article, start=extracted.start, end=extracted.end, **values
            )
        elif any(getattr(current, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(current, name, value)
            current.save()
        keep.add(current.pk)
    stale = [q.pk for q in automatic.values() if q.pk not in keep]
    if stale:
        Quote.objects.filter(pk__in=stale).delete()


def _store_mentions(article: Article, mentions: dict[tuple[int, int], tuple[Person, str]]) -> None:
    wanted = {(start, end, person.pk) for (start, end), (person, _) in mentions.items()}
    current = set(article.mentions.values_list("start", "end", "person_id"))
    if wanted == current:
        return
    article.mentions.all().delete()
    Mention.objects.bulk_create(
        Mention(article=article, person=person, start=start, end=end, text=text[:200])
        for (start, end), (person, text) in mentions.items()
    )


class _PersonIndex:
    """``find_or_create_person`` with a cache, for the many mentions of one article."""

    def __init__(self) -> None:
        self._cache: dict[str, Person] = {}

    def person_for(self, entity: Entity) -> Person:
        key = normalise_alias(entity.name)
        if key not in self._cache:
            self._cache[key] = find_or_create_person(
                entity.name, entity.kind, entity.aliases, entity.description
            )
        return self._cache[key]

    def link_joint_speakers(self) -> None:
        for person in self._cache.values():
            if len(joint_name_parts(person.name)) > 1:
                person.link_members()


def needing_analysis(article_ids: Iterable[int]) -> list[int]:
    """The articles among these whose text changed since quotes were last extracted."""
    return list(
        Article.objects.filter(pk__in=list(article_ids))
        .exclude(extracted_hash=F("content_hash"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def analyse_articles(article_ids: Iterable[int]) -> ExtractionSummary:
    """Extract quotes and speakers for these articles whose text changed since their last
    extraction. Verified quotes are always kept.
    """
    pending = Article.objects.filter(pk__in=list(article_ids)).order_by("pk")
    return extract_quotes(pending.exclude(extracted_hash=F("content_hash")))


@shared_task(name="articles.extract_quotes")
def extract_quotes_task(article_ids: list[int]) -> dict:
    """Extract quotes for the given articles (all of them, changed or not); returns counts
    and warnings."""
    with batched_changes():  # one compare refresh for the whole run
        result = extract_quotes(Article.objects.filter(pk__in=article_ids).order_by("pk"))
    return {
        "articles": result.articles,
        "quotes": result.quotes,
        "people": result.people,
        "warnings": result.warnings,
    }
