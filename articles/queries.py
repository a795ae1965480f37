"""Reads for the articles app's pages."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db.models import (
    Count,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Substr
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from newsnlp.quotes.speakers import strip_titles
from newsnlp.quotes.vocabulary import TERM_RULE, normalise_alias
from newsnlp.text.words import words as split_words

from .models import Article, Outlet, Person, PersonAlias, Quote


def articles_without_text() -> QuerySet[Article]:
    """Articles with their outlet but not their texts; ``opening`` keeps display titles cheap."""
    return (
        Article.objects.select_related("outlet")
        .defer("body", "raw")
        .annotate(opening=Substr("body", 1, 200))
    )


def outlets_with_articles() -> QuerySet[Outlet]:
    return Outlet.objects.filter(articles__isnull=False).distinct().order_by("name")


def reader_quotes(article: Article) -> list[Quote]:
    """The quotes placed in the text (an orphaned one has no place to show)."""
    quotes = article.quotes.filter(orphaned=False).select_related("speaker")
    return list(quotes.order_by("start", "-end"))


def article_speakers(article: Article) -> list[Person]:
    """Everyone the article quotes or names, with how often it quotes them.

    Three small indexed queries rather than one join of people, quotes and mentions, which
    PostgreSQL plans over every quote in the database.
    """
    counts = dict(
        article.quotes.filter(speaker__isnull=False)
        .values_list("speaker_id")
        .annotate(n=Count("id"))
        .values_list("speaker_id", "n")
    )
    mentioned = set(article.mentions.values_list("person_id", flat=True))
    people = list(Person.objects.filter(pk__in=counts.keys() | mentioned))
    for person in people:
        person.quote_count = counts.get(person.pk, 0)
    return sorted(people, key=lambda p: (-p.quote_count, p.name))


def quotes_for_export(speaker: str | None = None, outlet: str | None = None) -> QuerySet[Quote]:
    quotes = Quote.objects.select_related("article", "article__outlet", "speaker").defer(
        "article__body", "article__raw"
    )
    if speaker:
        quotes = quotes.filter(speaker__slug=speaker)
    if outlet:
        quotes = quotes.filter(article__outlet__slug=outlet)
    return quotes.order_by("article__source_name", "start")


# The stored, GIN-indexed tsvector column migration 0004 adds on PostgreSQL.
QUOTE_SEARCH_VECTOR = RawSQL(
    '"articles_quote"."search_vector"', [], output_field=SearchVectorField()
)


QUOTE_ORDER = [F("article__published").desc(nulls_last=True), "article__source_name", "start"]


def search_quotes(quotes: QuerySet[Quote], words: str, vendor: str) -> QuerySet[Quote]:
    """Quotes holding the words: PostgreSQL's full-text search on the GIN-indexed vector,
    annotated with its ``rank``; elsewhere every word as a substring."""
    words = words.strip()
    if not words:
        return quotes
    if vendor == "postgresql":
        query = SearchQuery(words, config="english", search_type="websearch")
        return (
            quotes.alias(search=QUOTE_SEARCH_VECTOR)
            .filter(search=query)
            .annotate(rank=SearchRank(QUOTE_SEARCH_VECTOR, query))
        )
    for word in split_words(words) or [words]:
        quotes = quotes.filter(text__icontains=word)
    return quotes


def highlight(text: str, words: str) -> SafeString:
    """The text, escaped, with every word that starts like a searched word in <mark>."""
    terms = [re.escape(term) for term in split_words(words or "") if len(term) >= 2]
    if not terms:
        return escape(text)
    pattern = re.compile(r"\b(?:" + "|".join(terms) + r")\w*", re.IGNORECASE)
    pieces, position = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(format_html("<mark>{}</mark>", match.group()))
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 — every piece is escaped above


def said_by(people: Iterable[int | Person] | OuterRef) -> Q:
    """What any of ``people`` said: as its speaker, or as a member of a joint speaker ("Xi
    Jinping and Vladimir Putin" speaks for both). The one definition of a speaker's quotes:
    the quote browser's speaker filter, speaker pages and the speakers table use it.
    ``people``: ids or speakers, or ``OuterRef("pk")`` inside a query over speakers."""
    if isinstance(people, OuterRef):
        own, joint = Q(speaker=people), Q(to_person=OuterRef(people))
    else:
        ids = [getattr(person, "pk", person) for person in people]
        own, joint = Q(speaker__in=ids), Q(to_person__in=ids)
    joint_speakers = Person.members.through.objects.filter(joint).values("from_person")
    return own | Q(speaker__in=joint_speakers)


def _count_distinct(field: str, *conditions: Q) -> Subquery:
    """COUNT(DISTINCT field) of what the outer speaker said (``said_by``), as a subquery."""
    quotes = Quote.objects.filter(said_by(OuterRef("pk")), *conditions).order_by()
    counted = Func(F(field), function="COUNT", template="COUNT(DISTINCT %(expressions)s)")
    return Subquery(quotes.annotate(n=counted).values("n")[:1], output_field=IntegerField())


REPORTED = Q(kind=Quote.Kind.REPORTED)


def speaker_list() -> QuerySet[Person]:
    """Speakers, most quoted first: their own quoted words, what they said jointly, their
    reported statements, and the articles and outlets of all of it (an article of unknown
    outlet counted apart)."""
    return Person.objects.annotate(
        quote_count=Count("quotes", filter=~Q(quotes__kind=Quote.Kind.REPORTED), distinct=True),
        joint_count=_count_distinct("pk", ~REPORTED, ~Q(speaker=OuterRef("pk"))),
        reported_count=_count_distinct("pk", REPORTED),
        article_count=_count_distinct("article_id"),
        outlet_count=_count_distinct("article__outlet_id"),
        unknown_outlet_count=_count_distinct("article_id", Q(article__outlet__isnull=True)),
        member_count=Count("members", distinct=True),
        person_member_count=Count(
            "members", filter=Q(members__kind=Person.Kind.PERSON), distinct=True
        ),
    ).order_by("-quote_count", "name")


@dataclass(frozen=True)
class SpeakerTally:
    """A speaker page's counts, which add up to what its "Browse" link shows: quoted words of
    their own, quoted words of the joint speakers they belong to, and reported statements
    (their own and joint ones) counted apart."""

    own: int
    joint: int
    reported: int
    joint_speakers: tuple[str, ...]

    @property
    def total(self) -> int:
        return self.own + self.joint + self.reported

    @classmethod
    def of(cls, person: Person, quotes: list[Quote]) -> SpeakerTally:
        reported = [quote for quote in quotes if quote.kind == Quote.Kind.REPORTED]
        quoted = [quote for quote in quotes if quote.kind != Quote.Kind.REPORTED]
        own = sum(1 for quote in quoted if quote.speaker_id == person.pk)
        joint = sorted({q.speaker.name for q in quotes if q.speaker_id != person.pk})
        return cls(own, len(quoted) - own, len(reported), tuple(joint))


def speaker_quotes(person: Person) -> list[Quote]:
    """Everything the speaker page lists (``said_by``), newest article first, with the
    speaker of each (a joint speaker's quotes are shown as such)."""
    return list(
        Quote.objects.filter(said_by([person]))
        .select_related("speaker")
        .prefetch_related(Prefetch("article", queryset=articles_without_text()))
        .order_by(F("article__published").desc(nulls_last=True), "article__source_name", "start")
    )


def person_called(typed: str) -> int | None:
    """The speaker a typed name means: an alias as typed (case, accents and punctuation
    folded), else the name without its titles and honorifics ("Mr. Xi", "President Putin"
    find Xi and Putin). None when no speaker is called so."""
    candidates = list(dict.fromkeys([normalise_alias(typed), normalise_alias(strip_titles(typed))]))
    found = dict(
        PersonAlias.objects.filter(normalised__in=[c for c in candidates if c]).values_list(
            "normalised", "person_id"
        )
    )
    return next((found[c] for c in candidates if c in found), None)


def people_by_slug(slugs: list[str]) -> list[Person]:
    return list(Person.objects.filter(slug__in=slugs).order_by("name"))


def speaker_options() -> list[tuple[str, str]]:
    """(slug, name) of every speaker, for the filter's select (rendered without widgets)."""
    return list(Person.objects.order_by("name").values_list("slug", "name"))


def attribution_is(status: str) -> Q:
    """The quotes whose ``Quote.attribution`` is ``status``, as a filter (the same rule:
    a speaker; else a source described; else a term or unattributed)."""
    nobody = Q(speaker__isnull=True)
    if status == Quote.Attribution.ATTRIBUTED:
        return ~nobody
    if status == Quote.Attribution.UNNAMED:
        return nobody & ~Q(source="")
    unsourced = nobody & Q(source="")
    if status == Quote.Attribution.TERM:
        return unsourced & Q(rule=TERM_RULE)
    return unsourced & ~Q(rule=TERM_RULE)
