from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from infrastructure.access import READ_ARTICLES, require

from .. import queries
from ..filters import article_filter

ARTICLES_PER_PAGE = 50


@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    require(request, READ_ARTICLES)
    outlet = request.GET.get("outlet", "").strip()
    page = Paginator(article_filter(request.GET).qs, ARTICLES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "outlets": queries.outlets_with_articles(),
        "selected_outlet": outlet,
        "page_query": urlencode({"outlet": outlet}) if outlet else "",
    }
    template = "articles/article_list.html"
    if request.htmx:
        template += "#article-table"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
