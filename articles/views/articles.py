from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .. import queries
from ..access import READ_ARTICLES, can_correct_quotes, require
from ..models import Article, Quote
from ..rendering import Overlay, render_body

ARTICLES_PER_PAGE = 50


@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    require(request, READ_ARTICLES)
    outlet = request.GET.get("outlet", "").strip()
    page = Paginator(queries.article_list(outlet), ARTICLES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "outlets": queries.outlets_with_articles(),
        "selected_outlet": outlet,
    }
    template = "articles/article_list.html"
    if request.htmx:
        template += "#article-table"
    return render(request, template, context)


@require_GET
def reader(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, READ_ARTICLES)
    article = get_object_or_404(Article.objects.select_related("outlet"), pk=pk)
    quotes = queries.reader_quotes(article)
    context = {
        "article": article,
        "body_html": render_body(article.body, [quote_overlay(quote) for quote in quotes]),
        "quotes": quotes,
        "speakers": queries.article_speakers(article),
        "can_correct": can_correct_quotes(request),
    }
    return render(request, "articles/reader.html", context)


def quote_overlay(quote: Quote) -> Overlay:
    speaker = quote.speaker.name if quote.speaker else "Speaker unknown"
    return Overlay(
        quote.start,
        quote.end,
        "span",
        {
            "class": f"quote quote-{quote.kind}",
            "data-quote-id": str(quote.pk),
            "data-speaker": speaker,
            "title": f"{speaker} ({quote.get_kind_display().lower()} quote)",
            "tabindex": "0",
        },
        anchor=f"quote-{quote.pk}",
    )
