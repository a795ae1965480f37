from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from .. import queries
from ..access import READ_ARTICLES, require
from ..models import Article
from ..reader import reader_context

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
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def reader(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, READ_ARTICLES)
    article = get_object_or_404(Article.objects.select_related("outlet"), pk=pk)
    template = "articles/reader.html" + ("#annotated" if request.htmx else "")
    response = render(request, template, reader_context(request, article))
    patch_vary_headers(response, ["HX-Request"])
    return response
