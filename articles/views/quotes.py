"""The quote browser: /quotes/, its exports, and an editor's correction of one quote."""

from __future__ import annotations

from html import escape

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_http_methods

from annotations.queries import attach_themes
from infrastructure.access import CORRECT_QUOTES, READ_QUOTES, can_correct_quotes, require
from infrastructure.db import StaleVersion
from infrastructure.responses import (
    STALE,
    form_page,
    kept_at_current_version,
    plain_text,
    safe_next,
)

from .. import queries
from ..filters import quote_filter
from ..forms import QuoteCorrectionForm
from ..models import Quote
from ..quotes.exports import EXPORT_FIELDS, csv_lines, json_array_chunks, quote_record
from ..services import correct_quote

QUOTES_PER_PAGE = 25
EXPORT_EXTRA_FIELDS = ["title", "url", "reader_url"]


def _filtered(request: HttpRequest) -> tuple[forms.Form, QuerySet[Quote]]:
    """The filter form and its quotes; an invalid filter selects nothing (and says why)."""
    filterset = quote_filter(request.GET, request.user)
    return filterset.form, filterset.qs


@require_GET
def quote_list(request: HttpRequest) -> HttpResponse:
    require(request, READ_QUOTES)
    filterset = quote_filter(request.GET, request.user)
    form = filterset.form
    page = Paginator(filterset.qs, QUOTES_PER_PAGE).get_page(request.GET.get("page"))
    rows = attach_themes(list(page.object_list), request.user)
    words = form.cleaned_data.get("q", "") if form.is_valid() else ""
    for quote in rows:
        quote.highlighted = queries.highlight(quote.text, words)
    filters = request.GET.copy()
    filters.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "filters": filters.urlencode(),
        "filters_without_article": _without(filters, "article"),
        "can_correct": can_correct_quotes(request),
        "emptied_by": filterset.emptied_by() if not page.paginator.count else [],
    }
    if request.htmx:  # the results only; the filters stay as they are on the page
        response = render(request, "articles/quote_list.html#quote-results", context)
        if request.headers.get("X-History") == "replace":  # still typing the same search
            response["HX-Replace-Url"] = request.get_full_path()
    else:
        context["speaker_options"] = _speaker_names(queries.speaker_options())
        context["chosen_speakers"] = queries.people_by_slug(request.GET.getlist("speaker"))
        response = render(request, "articles/quote_list.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _speaker_names(speakers: list[tuple[str, str]]) -> SafeString:
    """The speakers to suggest while typing (<datalist> options: the name, and its slug for
    the chip). Built with f-strings through ``html.escape``: a measured hot path (5,000
    speakers: 8 ms here, 55 ms with ``format_html_join``)."""
    html = "".join(
        f'<option value="{escape(name)}" data-slug="{escape(slug)}"></option>'
        for slug, name in speakers
    )
    return mark_safe(html)  # noqa: S308 — names and slugs are escaped above


def _without(query, name: str) -> str:
    query = query.copy()
    query.pop(name, None)
    return query.urlencode()


@require_GET
def quote_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Exactly the quotes the current filters select, streamed as CSV or JSON."""
    require(request, READ_QUOTES)
    form, quotes = _filtered(request)
    if not form.is_valid():
        problems = "; ".join(e for errors in form.errors.values() for e in errors)
        return plain_text(f"Nothing exported: {problems}", 400)
    records = (_export_record(request, q) for q in quotes.iterator(chunk_size=2000))
    if fmt == "csv":
        lines = csv_lines(records, EXPORT_FIELDS + EXPORT_EXTRA_FIELDS)
        response = StreamingHttpResponse(lines, content_type="text/csv")
    else:
        chunks = json_array_chunks(records)
        response = StreamingHttpResponse(chunks, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="quotes.{fmt}"'
    return response


def _export_record(request: HttpRequest, quote: Quote) -> dict:
    """The command's fields plus the article's title, its original URL and the reader link."""
    return {
        **quote_record(quote),
        "title": quote.article.display_title,
        "url": quote.article.url,
        "reader_url": request.build_absolute_uri(
            f"{quote.article.get_absolute_url()}#quote-{quote.pk}"
        ),
    }


@require_http_methods(["GET", "POST"])
def quote_correct(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, CORRECT_QUOTES)
    quote = get_object_or_404(Quote.objects.select_related("article", "speaker"), pk=pk)
    if request.method == "GET":
        return _correction_form(request, quote, QuoteCorrectionForm(instance=quote, **_ids(quote)))
    form = QuoteCorrectionForm(request.POST, instance=quote, **_ids(quote))
    if not form.is_valid():
        return _correction_form(request, quote, form, status=422)
    if form.cleaned_data.get("new_speaker"):
        require(request, "articles.add_person")
    try:
        quote = correct_quote(quote, form.cleaned_data, request.user, form.cleaned_data["version"])
    except StaleVersion as stale:
        data = kept_at_current_version(request, stale)
        form = QuoteCorrectionForm(data, instance=stale.current, **_ids(quote))
        if request.htmx:
            return _conflict_row(request, stale.current, form)
        return _correction_form(request, stale.current, form, status=STALE, theirs=stale.current)
    if request.htmx:
        quote = attach_themes([quote], request.user)[0]
        quote.highlighted = queries.highlight(quote.text, "")
        return render(
            request, "articles/partials/quote_row.html", {"quote": quote, "can_correct": True}
        )
    messages.success(request, "Quote corrected and marked verified.")
    return redirect(safe_next(request) or "articles:quotes")


def _conflict_row(request: HttpRequest, current: Quote, form) -> HttpResponse:
    """A refused stale correction, for htmx: the quote's row redrawn as it is stored now
    (their speaker, span and kind), with the editor's form under it and the conflict."""
    quote = attach_themes([current], request.user)[0]
    quote.highlighted = queries.highlight(quote.text, "")
    context = {
        "quote": quote,
        "can_correct": True,
        "form": form,
        "theirs": quote,
        "inline": True,
        "next": safe_next(request),
    }
    response = render(request, "articles/partials/quote_row.html", context, status=STALE)
    response["HX-Retarget"] = f"#quote-row-{quote.pk}"
    response["HX-Reswap"] = "outerHTML"
    return response


def _ids(quote: Quote) -> dict:
    """Element ids of its own for each quote's form: several can be open in one page, next
    to the quote filters' own fields."""
    return {"auto_id": f"correct-{quote.pk}-%s"}


def _correction_form(
    request: HttpRequest, quote: Quote, form, status: int = 200, theirs=None
) -> HttpResponse:
    context = {
        "form": form,
        "quote": quote,
        "next": safe_next(request),
        "inline": request.htmx,
        "theirs": theirs,
    }
    # The form posts to the quote's row; an answer that is the form replaces the form.
    form_id = f"correction-form-{quote.pk}"
    return form_page(
        request, "articles/quote_correct.html", "correction-form", context, status, form_id
    )
