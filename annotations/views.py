"""Annotation writes from the reader (create, edit, delete) and the W3C JSON-LD export.

Every write re-renders the reader's ``#annotated`` fragment, body and side panel together,
so highlights and the list never disagree.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles.access import READ_ARTICLES, require
from articles.models import Article
from articles.reader import reader_context

from . import queries, services
from .forms import AnnotationContentForm, AnnotationForm
from .models import Annotation
from .w3c import annotation_collection, web_annotation

ADD = "annotations.add_annotation"
JSONLD = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'


def _reader_fragment(request: HttpRequest, article: Article) -> HttpResponse:
    if not request.htmx:
        return redirect(article)
    return render(request, "articles/reader.html#annotated", reader_context(request, article))


def _errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@require_POST
def create(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, ADD)
    article = get_object_or_404(Article, pk=pk)
    form = AnnotationForm(request.POST, body=article.body)
    if not form.is_valid():
        status = 400 if form.anchor_rejected else 422
        return HttpResponse(_errors(form), status=status, content_type="text/plain")
    if form.cleaned_data.get("new_theme") and not request.user.has_perm("articles.add_theme"):
        raise PermissionDenied("Your account cannot create themes.")
    services.create_annotation(article, request.user, form.cleaned_data)
    return _reader_fragment(request, article)


def _editable(request: HttpRequest, pk: int) -> Annotation:
    annotation = get_object_or_404(Annotation.objects.select_related("article"), pk=pk)
    if not annotation.editable_by(request.user):
        raise PermissionDenied("Only its author or an admin can change this annotation.")
    return annotation


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    annotation = _editable(request, pk)
    if request.method == "POST":
        form = AnnotationContentForm(request.POST)
        if form.is_valid():
            services.update_annotation(annotation, form.cleaned_data)
            return _reader_fragment(request, annotation.article)
        status = 422
    else:
        form = AnnotationContentForm(
            initial={"themes": annotation.themes.all(), "note": annotation.note}
        )
        status = 200
    context = {"form": form, "annotation": annotation, "inline": request.htmx}
    template = "annotations/edit.html" + ("#edit-form" if request.htmx else "")
    return render(request, template, context, status=status)


@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    annotation = _editable(request, pk)
    article = annotation.article
    services.delete_annotation(annotation)
    return _reader_fragment(request, article)


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One annotation as a W3C Web Annotation (what an exported ``id`` points to)."""
    require(request, "annotations.view_annotation")
    annotation = get_object_or_404(
        Annotation.objects.select_related("article", "author").prefetch_related("themes"), pk=pk
    )
    return JsonResponse(web_annotation(request, annotation), content_type=JSONLD)


@require_GET
def export_jsonld(request: HttpRequest) -> HttpResponse:
    require(request, READ_ARTICLES)
    require(request, "annotations.view_annotation")
    article, theme = request.GET.get("article", ""), request.GET.get("theme", "")
    if article and not article.isdigit():
        return HttpResponse("article must be a number", status=400, content_type="text/plain")
    annotations = list(queries.export_selection(article, theme))
    document = annotation_collection(request, annotations, request.get_full_path())
    return JsonResponse(
        document,
        content_type=JSONLD,
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
