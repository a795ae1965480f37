"""The compare pages: theme columns, coverage, the same quote across outlets, text reuse.

Every page reads stored rows (``compare.queries``); nothing is recomputed on request.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from articles.models import Article
from infrastructure.access import READ_ARTICLES, READ_QUOTES, require
from infrastructure.responses import STALE, safe_next

from . import queries
from .charts import chart_layout
from .decisions import SuggestionOutdated, accept_suggestion, dismiss_suggestion
from .forms import CompareForm
from .models import ThemeSuggestion
from .rendering import chart_svg, reuse_panes

DECIDE_SUGGESTIONS = "annotations.add_annotation"
# Beyond this many articles side by side a page is unreadable (and megabytes long): the
# first ones are shown, and a note says how to choose others.
MAX_COLUMNS = 12
ROWS_PER_PAGE = 20
GROUPS_PER_PAGE = 20
PAIRS_PER_PAGE = 50


@require_GET
def theme_columns(request: HttpRequest) -> HttpResponse:
    require(request, READ_ARTICLES)
    query = request.GET.copy()
    default = queries.default_theme() if "theme" not in query else None
    if default:  # the first view: the theme with the most to compare
        query["theme"] = default.slug
    form = CompareForm(query)
    if not form.is_valid():  # the page, saying which choice does not exist (404)
        context = {"form": form, "theme": None, "errors": form.errors}
        return render(request, "compare/theme_columns.html", context, status=404)
    theme = form.cleaned_data["theme"]
    articles, matching = queries.columns(
        form.cleaned_data["article"], form.cleaned_data["outlet"], MAX_COLUMNS
    )
    rows = queries.theme_columns(theme, articles) if theme else []
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    query.pop("page", None)
    context = {
        "form": form,
        "theme": theme,
        "default_theme": default is not None,
        "columns": articles,
        "matching": matching,
        "rows": page.object_list,
        "page": page,
        "query": query.urlencode(),
        "can_decide": request.user.has_perm(DECIDE_SUGGESTIONS),
        "next": request.get_full_path(),
    }
    return render(request, "compare/theme_columns.html", context)


@require_GET
def coverage(request: HttpRequest) -> HttpResponse:
    require(request, READ_ARTICLES)
    table = queries.coverage_table()
    chart = chart_layout(table.chart_groups(), "Share of each source's text covered by each theme")
    context = {"table": table, "chart": chart, "chart_svg": chart_svg(chart)}
    return render(request, "compare/coverage.html", context)


@require_GET
def quote_groups(request: HttpRequest) -> HttpResponse:
    require(request, READ_QUOTES)
    sources = queries.all_sources()
    matrix, speaker_total = queries.speaker_matrix(sources)
    page = Paginator(queries.stored_groups(), GROUPS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "groups": queries.quote_groups(page.object_list, sources),
        "page": page,
        "sources": sources,
        "matrix": matrix,
        "speaker_total": speaker_total,
    }
    return render(request, "compare/quote_groups.html", context)


@require_GET
def reuse(request: HttpRequest) -> HttpResponse:
    require(request, READ_ARTICLES)
    page = Paginator(queries.reuse_pairs(), PAIRS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"pairs": queries.with_openings(page.object_list), "page": page,
               "matrix": queries.reuse_matrix()}  # fmt: skip
    return render(request, "compare/reuse.html", context)


@require_GET
def reuse_pair(request: HttpRequest, first: int, second: int) -> HttpResponse:
    require(request, READ_ARTICLES)
    if first == second:
        raise Http404("Compare two different articles.")
    left = get_object_or_404(Article.objects.select_related("outlet"), pk=first)
    right = get_object_or_404(Article.objects.select_related("outlet"), pk=second)
    pair, spans = queries.reuse_pair(left, right)
    left_html, right_html = reuse_panes(left.body, right.body, spans)
    context = {"pair": pair, "left": left, "right": right, "spans": spans,
               "left_html": left_html, "right_html": right_html}  # fmt: skip
    return render(request, "compare/reuse_pair.html", context)


def _decided(request: HttpRequest, suggestion: ThemeSuggestion, error: str = "") -> HttpResponse:
    if request.htmx:
        context = {"suggestion": suggestion, "error": error}
        status = STALE if error else 200
        return render(request, "compare/partials/decided.html", context, status=status)
    return redirect(safe_next(request, default=f"/compare/?theme={suggestion.theme.slug}"))


def _suggestion_for(request: HttpRequest, pk: int) -> ThemeSuggestion:
    if not request.user.has_perm(DECIDE_SUGGESTIONS):
        raise PermissionDenied("Only editors accept or dismiss suggestions.")
    return get_object_or_404(ThemeSuggestion.objects.select_related("theme", "article"), pk=pk)


@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = _suggestion_for(request, pk)
    try:
        suggestion = accept_suggestion(suggestion, request.user)
    except SuggestionOutdated as exc:
        return _decided(request, suggestion, str(exc))
    return _decided(request, suggestion)


@require_POST
def dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = _suggestion_for(request, pk)
    try:
        suggestion = dismiss_suggestion(suggestion, request.user)
    except SuggestionOutdated as exc:
        suggestion.refresh_from_db()
        return _decided(request, suggestion, str(exc))
    return _decided(request, suggestion)
