"""/annotations/: every annotation the user may see, filtered and searched, and exactly that
selection as CSV or JSON."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET

from articles.quotes.exports import csv_lines, json_array_chunks
from infrastructure.access import READ_ARTICLES, require
from infrastructure.responses import plain_text

from .listing import (
    EXPORT_FIELDS,
    annotation_filter,
    annotation_rows,
    export_record,
    export_rows,
    row_values,
)

READ_ANNOTATIONS = "annotations.view_annotation"
ANNOTATIONS_PER_PAGE = 50


class CountedPaginator(Paginator):
    """Pages of row values, counted on the bare selection: a count over the rows' values
    would keep their joins (article, outlet, author) for nothing."""

    selected = None

    @cached_property
    def count(self) -> int:
        return self.selected.count() if self.selected is not None else super().count


def _require_reader(request: HttpRequest) -> None:
    require(request, READ_ARTICLES)
    require(request, READ_ANNOTATIONS)


@require_GET
def annotation_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    filterset = annotation_filter(request.GET, request.user)
    paginator = CountedPaginator(row_values(filterset.qs), ANNOTATIONS_PER_PAGE)
    paginator.selected = filterset.qs
    page = paginator.get_page(request.GET.get("page"))
    filters = request.GET.copy()
    filters.pop("page", None)
    without_article = filters.copy()
    without_article.pop("article", None)
    context = {
        "form": filterset.form,
        "page": page,
        "rows": annotation_rows(page.object_list),
        "filters": filters.urlencode(),
        "filters_without_article": without_article.urlencode(),
    }
    if request.htmx:  # the results only; the filters stay as they are on the page
        response = render(request, "annotations/annotation_list.html#results", context)
        if request.headers.get("X-History") == "replace":  # still typing the same search
            response["HX-Replace-Url"] = request.get_full_path()
    else:
        response = render(request, "annotations/annotation_list.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def annotation_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Exactly the annotations the current filters select, streamed as CSV or JSON."""
    _require_reader(request)
    filterset = annotation_filter(request.GET, request.user)
    if not filterset.is_valid():
        problems = "; ".join(e for errors in filterset.form.errors.values() for e in errors)
        return plain_text(f"Nothing exported: {problems}", 400)
    records = (export_record(row, request.build_absolute_uri) for row in export_rows(filterset.qs))
    if fmt == "csv":
        flat = ({**record, "themes": "; ".join(record["themes"])} for record in records)
        response = StreamingHttpResponse(csv_lines(flat, EXPORT_FIELDS), content_type="text/csv")
    else:
        chunks = json_array_chunks(records)
        response = StreamingHttpResponse(chunks, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="annotations.{fmt}"'
    return response
