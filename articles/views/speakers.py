"""Speakers: everyone quoted, and one speaker's quotes grouped by article."""

from __future__ import annotations

from itertools import groupby

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from infrastructure.access import READ_QUOTES, require

from .. import queries
from ..models import Person

SPEAKERS_PER_PAGE = 100


@require_GET
def speaker_list(request: HttpRequest) -> HttpResponse:
    require(request, READ_QUOTES)
    page = Paginator(queries.speaker_list(), SPEAKERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "articles/speaker_list.html", {"page": page})


@require_GET
def speaker_detail(request: HttpRequest, slug: str) -> HttpResponse:
    require(request, READ_QUOTES)
    person = get_object_or_404(Person.objects.prefetch_related("aliases", "members"), slug=slug)
    quotes = queries.speaker_quotes(person)
    by_article = [(article, list(group)) for article, group in groupby(quotes, lambda q: q.article)]
    outlets = sorted({a.outlet.name for a, _ in by_article if a.outlet})
    unknown = [a for a, _ in by_article if not a.outlet]
    context = {
        "person": person,
        "by_article": by_article,
        "outlets": outlets,
        "unknown_outlet_articles": unknown,
        "tally": queries.SpeakerTally.of(person, quotes),
    }
    return render(request, "articles/speaker_detail.html", context)
