"""The article list's and the quote browser's filters, as django-filter FilterSets.

Every filter lives in the URL, so a link restores the view. The views show an invalid
filter's errors and select nothing for it.
"""

from __future__ import annotations

from dataclasses import dataclass

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from annotations.queries import covering_annotations
from compare.models import ThemeSuggestion

from .models import Article, Outlet, Person, Quote, Theme
from .queries import (
    QUOTE_ORDER,
    articles_without_text,
    attribution_is,
    person_called,
    said_by,
    search_quotes,
)

MAX_SEARCH_CHARS = 200
# The kind filter's "quoted words": direct, partial and block quotes, not reported speech.
QUOTED = "quoted"
# Where the theme filter looks: editors' highlights (what was reviewed, the default), or the
# theme lexicon's suggestions (sentences holding a lexicon term, not yet dismissed).
HIGHLIGHTS, LEXICON = "highlights", "lexicon"
THEME_SOURCES = [
    (HIGHLIGHTS, "in an editor’s highlight"),
    (LEXICON, "in a lexicon suggestion (unreviewed)"),
]


class ArticleFilter(filters.FilterSet):
    """/ : the articles of one outlet (by slug), or "unknown" for those without one."""

    outlet = filters.CharFilter(method="by_outlet")

    class Meta:
        model = Article
        fields = ["outlet"]

    def by_outlet(self, articles: QuerySet[Article], name: str, slug: str) -> QuerySet[Article]:
        if slug == "unknown":
            return articles.filter(outlet__isnull=True)
        return articles.filter(outlet__slug=slug)


def article_filter(data) -> ArticleFilter:
    return ArticleFilter(data, queryset=articles_without_text())


def published_filter(label: str, lookup: str) -> filters.DateFilter:
    return filters.DateFilter(
        label=label,
        field_name="article__published",
        lookup_expr=lookup,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Give the date as YYYY-MM-DD."},
    )


class QuoteFilterForm(forms.Form):
    """The quote filters' form: checks that a date range runs forwards and finds the speaker
    a typed name means (``speaker_person``), or says that none is called so."""

    speaker_person: int | None = None

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("published_from"), data.get("published_to")
        if start and end and start > end:
            raise ValidationError("The start date is after the end date.")
        typed = data.get("speaker_name")
        if typed:
            self.speaker_person = person_called(typed)
            if self.speaker_person is None:
                self.add_error(
                    "speaker_name",
                    f"No speaker is called “{typed}”: try another spelling or the surname, "
                    "or choose from the names offered while typing.",
                )
        return data


@dataclass(frozen=True)
class EmptyingFilter:
    """A filter that, alone, leaves the quote browser empty: what it is, how many quotes
    match without it, and the query string without it."""

    description: str
    count: int
    query_without: str


# Each filter a user sets, with the URL parameters that set it (a speaker is chosen or typed).
USER_FILTERS = {
    "q": ["q"],
    "speaker": ["speaker", "speaker_name"],
    "speaker_kind": ["speaker_kind"],
    "outlet": ["outlet"],
    "article": ["article"],
    "theme": ["theme", "theme_source"],
    "kind": ["kind"],
    "attribution": ["attribution"],
    "verified": ["verified"],
    "published_from": ["published_from"],
    "published_to": ["published_to"],
}
USER_FILTER_LABELS = {"q": "Words", "article": "One article", "published_to": "Published to"}


class QuoteFilter(filters.FilterSet):
    """/quotes/: words, speakers, outlet, one article, theme, kind, verified, dates.

    Searching orders by relevance (PostgreSQL's full-text rank); otherwise quotes come
    newest article first, in reading order.
    """

    q = filters.CharFilter(
        label="Words",
        method="search",
        max_length=MAX_SEARCH_CHARS,
        error_messages={"max_length": "Search for at most %(limit_value)d characters."},
    )
    speaker = filters.ModelMultipleChoiceFilter(
        queryset=Person.objects.order_by("name"),
        to_field_name="slug",
        method="by_speakers",
        error_messages={"invalid_choice": "There is no speaker “%(value)s”."},
    )
    # A name typed without choosing from the suggestions (or without JavaScript).
    speaker_name = filters.CharFilter(label="Speaker", method="by_speaker_name", max_length=200)
    speaker_kind = filters.ChoiceFilter(
        label="Speaker kind",
        field_name="speaker__kind",
        choices=Person.Kind.choices,
        empty_label="Any kind",
    )
    outlet = filters.ModelChoiceFilter(
        field_name="article__outlet",
        queryset=Outlet.objects.order_by("name"),
        to_field_name="slug",
        empty_label="All outlets",
        null_label="Unknown outlet",
        null_value="unknown",
        error_messages={"invalid_choice": "There is no such outlet."},
    )
    # One article: where an outlet is unknown, the article is its own source (compare pages).
    article = filters.ModelChoiceFilter(
        queryset=Article.objects.defer("body", "raw"),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "There is no such article."},
    )
    theme = filters.ModelChoiceFilter(
        queryset=Theme.objects.order_by("name"),
        to_field_name="slug",
        method="with_theme",
        empty_label="All themes",
        widget=forms.Select(attrs={"aria-describedby": "theme-help"}),
        error_messages={"invalid_choice": "There is no such theme."},
    )
    # Read by ``with_theme``; filters nothing by itself.
    theme_source = filters.ChoiceFilter(
        label="Theme found",
        choices=THEME_SOURCES,
        empty_label=None,
        method="no_filter",
        widget=forms.Select(choices=THEME_SOURCES, attrs={"aria-describedby": "theme-help"}),
    )
    kind = filters.ChoiceFilter(
        label="Kind",
        choices=[(QUOTED, "Quoted words (direct, partial, block)"), *Quote.Kind.choices],
        empty_label="Any: quoted and reported",
        method="by_kind",
    )
    attribution = filters.ChoiceFilter(
        label="Attribution",
        choices=Quote.Attribution.choices,
        empty_label="Any",
        method="by_attribution",
    )
    verified = filters.BooleanFilter(
        label="Verified only", method="only_verified", widget=forms.CheckboxInput
    )
    published_from = published_filter("Published from", "gte")
    published_to = published_filter("to", "lte")

    viewer = None  # whose highlights the theme filter reads (``quote_filter`` sets it)

    class Meta:
        model = Quote
        fields: list[str] = []
        form = QuoteFilterForm

    def search(self, quotes: QuerySet[Quote], name: str, words: str) -> QuerySet[Quote]:
        return search_quotes(quotes, words, connection.vendor)

    def by_speakers(self, quotes: QuerySet[Quote], name: str, people) -> QuerySet[Quote]:
        """What any of ``people`` said, alone or as a member of a joint speaker."""
        if not people:
            return quotes
        return quotes.filter(said_by(people))

    def by_speaker_name(self, quotes: QuerySet[Quote], name: str, typed: str) -> QuerySet[Quote]:
        """The speaker the form found for the typed name (``person_called``)."""
        return self.by_speakers(quotes, name, [self.form.speaker_person])

    def with_theme(self, quotes: QuerySet[Quote], name: str, theme: Theme) -> QuerySet[Quote]:
        """Quotes inside an editor's highlight of the theme or, when asked, inside a sentence
        the theme's lexicon suggested (open or accepted, not dismissed)."""
        if self.form.cleaned_data.get("theme_source") == LEXICON:
            sentences = ThemeSuggestion.objects.filter(
                theme=theme,
                article=OuterRef("article_id"),
                start__lt=OuterRef("end"),
                end__gt=OuterRef("start"),
            ).exclude(state=ThemeSuggestion.State.DISMISSED)
            return quotes.filter(Exists(sentences))
        covering = covering_annotations(self.viewer).filter(themes=theme)
        return quotes.filter(Exists(covering))

    def no_filter(self, quotes: QuerySet[Quote], name: str, value) -> QuerySet[Quote]:
        return quotes

    def by_kind(self, quotes: QuerySet[Quote], name: str, kind: str) -> QuerySet[Quote]:
        """One kind, or every kind in quotation marks (``quoted``): all but reported."""
        if kind == QUOTED:
            return quotes.exclude(kind=Quote.Kind.REPORTED)
        return quotes.filter(kind=kind)

    def by_attribution(self, quotes: QuerySet[Quote], name: str, status: str) -> QuerySet[Quote]:
        """Attributed, an unnamed source, unattributed (for an editor to fix), or terms."""
        return quotes.filter(attribution_is(status))

    def only_verified(self, quotes: QuerySet[Quote], name: str, wanted: bool) -> QuerySet[Quote]:
        return quotes.filter(verified=True) if wanted else quotes

    def emptied_by(self) -> list[EmptyingFilter]:
        """When nothing matches: each filter the user set whose removal alone would bring
        quotes back, as the user set it, with how many quotes it leaves out (one count query
        per filter set, and only for an empty result)."""
        if not self.is_valid():
            return []
        found = []
        for name, keys in USER_FILTERS.items():
            if not any(self.data.get(key) for key in keys):
                continue
            data = self.data.copy()
            for key in [*keys, "page"]:
                data.pop(key, None)
            alone = type(self)(data, queryset=self.queryset)
            alone.viewer = self.viewer
            count = alone.qs.count()
            if count:
                found.append(EmptyingFilter(self._described(name), count, data.urlencode()))
        return found

    def _described(self, name: str) -> str:
        """ "Theme: Ukraine (in an editor's highlight)", "Words: “pipeline”", …"""
        values = self.form.cleaned_data
        value = values.get(name)
        if name == "speaker":
            names = [person.name for person in value or []]
            names += [values["speaker_name"]] if values.get("speaker_name") else []
            return "Speakers: " + ", ".join(names)
        if name == "theme":
            source = dict(THEME_SOURCES)[values.get("theme_source") or HIGHLIGHTS]
            return f"Theme: {value} ({source})"
        if name == "verified":
            return "Verified only"
        field = self.form.fields[name]
        if name == "outlet" and value == "unknown":
            value = "Unknown outlet"
        elif isinstance(field, forms.ChoiceField) and not hasattr(field, "queryset"):
            value = dict(field.choices).get(value, value)
        elif name == "q":
            value = f"“{value}”"
        return f"{USER_FILTER_LABELS.get(name, field.label)}: {value}"

    def filter_queryset(self, queryset: QuerySet[Quote]) -> QuerySet[Quote]:
        quotes = super().filter_queryset(queryset)
        ranked = "rank" in quotes.query.annotations
        return quotes.order_by(*(["-rank"] if ranked else []), *QUOTE_ORDER)

    @property
    def qs(self) -> QuerySet[Quote]:
        """The matching quotes; none while a filter is invalid."""
        return super().qs if self.is_valid() else self.queryset.none()


def quote_filter(data, viewer) -> QuoteFilter:
    """The quote filters; the theme filter reads the highlights ``viewer`` may see."""
    quotes = Quote.objects.select_related("speaker").prefetch_related(
        Prefetch("article", queryset=articles_without_text())
    )
    filterset = QuoteFilter(data, queryset=quotes)
    filterset.viewer = viewer
    return filterset
