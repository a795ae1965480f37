"""The reader page, its annotation writes (create, edit, delete) and the W3C JSON-LD export.

A write answers with the reader's parts it changed (``fragments``), or where the page
cannot take those with the whole ``#annotated`` fragment, body and side panel together.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles import history
from articles.models import Article, Change
from infrastructure.access import READ_ARTICLES, require
from infrastructure.db import StaleVersion
from infrastructure.responses import (
    NO_VERSION,
    STALE,
    form_page,
    kept_at_current_version,
    plain_text,
)

from . import fragments, queries, rounds, services
from .forms import AnnotationEditForm, AnnotationForm
from .models import Annotation
from .reader import reader_context
from .visibility import visible_annotations
from .w3c import JSONLD, annotation_collection, web_annotation

ADD = "annotations.add_annotation"


@require_GET
def reader(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, READ_ARTICLES)
    article = get_object_or_404(Article.objects.select_related("outlet"), pk=pk)
    template = "annotations/reader.html" + ("#annotated" if request.htmx else "")
    context = reader_context(request, article)
    if not request.htmx:  # the header, outside the fragment: the coder's round and codebook
        context["coding_round"] = rounds.open_round_of(article.pk, request.user)
        if context["coding_round"] is not None:
            context["codebook"] = rounds.codebook(context["coding_round"])
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _reader_fragment(
    request: HttpRequest,
    article: Article,
    notice: str = "",
    status: int = 200,
    done: fragments.Done | None = None,
) -> HttpResponse:
    if not request.htmx:
        if notice:
            messages.warning(request, notice)
        return redirect(article)
    # The panel's filters ride along with every write (hx-include), so the answer keeps them.
    context = {**reader_context(request, article, request.POST), "notice": notice, "done": done}
    response = render(request, "annotations/reader.html#annotated", context, status=status)
    return fragments.focus_after(response, done)


def _after_write(
    request: HttpRequest, article: Article, annotation: Annotation, change: str
) -> HttpResponse:
    """Only what this write changed (``fragments``), where the page can take it: it lists
    its entries unfiltered, the list is neither empty before nor after, no theme was created
    (the theme lists would be stale) and the text is the one the page shows. Otherwise the
    whole fragment."""
    shown = fragments.parse_shown(request.POST.get("shown"))
    whole = (
        not request.htmx
        or not shown
        or request.POST.get("theme")
        or request.POST.get("mine")
        or (request.POST.get("new_theme") or "").strip()
        or request.POST.get("text") != article.content_hash
        or not article.annotations.exists()
    )
    done = fragments.Done.of(request.user, annotation, change)
    if whole:
        return _reader_fragment(request, article, done=done)
    parts = fragments.changed_parts(request, article, annotation, change, shown)
    response = HttpResponse(parts + fragments.undo_status(request, article, done))
    response["HX-Reswap"] = "none"  # everything is in the out-of-band swaps
    return fragments.focus_after(response, done)


@require_POST
def undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo, from the reader, the editor's own change to an annotation of this article (the
    one its Undo button names): the reader's fragment, focus on what came back."""
    require(request, ADD)
    article = get_object_or_404(Article, pk=pk)
    change_id = request.POST.get("change", "")
    if not change_id.isdigit():
        raise Http404("No such change.")
    change = get_object_or_404(Change, pk=int(change_id), object_type="annotation")
    if article.pk not in {change.before.get("article"), change.after.get("article")}:
        raise Http404("That change is not to this article.")
    if not history.may_undo(request.user, change):
        raise PermissionDenied("Only your own last change can be undone, once.")
    try:
        history.undo(change, request.user)
    except history.UndoRefused as refused:
        return _reader_fragment(request, article, f"Not undone: {refused}", STALE)
    restored = Annotation.objects.filter(pk=change.object_id).first()
    return _reader_fragment(request, article, done=fragments.Done.undone(change, restored))


def _check_theme_creation(request: HttpRequest, form) -> None:
    """Every path that can create a theme checks the permission to add one."""
    if form.creates_theme and not request.user.has_perm("articles.add_theme"):
        raise PermissionDenied("Your account cannot create themes; tick existing ones.")


def _errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@require_POST
def create(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, ADD)
    article = get_object_or_404(Article, pk=pk)
    form = AnnotationForm(request.POST, body=article.body)
    if not form.is_valid():
        status = 400 if form.anchor_rejected else 422
        return plain_text(_errors(form), status)
    _check_theme_creation(request, form)
    annotation = services.create_annotation(article, request.user, form.cleaned_data)
    return _after_write(request, article, annotation, fragments.CREATED)


def _editable(request: HttpRequest, pk: int) -> Annotation:
    visible = visible_annotations(request.user).select_related("article")
    annotation = get_object_or_404(visible, pk=pk)
    if not annotation.editable_by(request.user):
        raise PermissionDenied("Only its author or an admin can change this annotation.")
    return annotation


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    annotation = _editable(request, pk)
    if request.method == "GET":
        form = AnnotationEditForm(
            initial={
                "themes": annotation.themes.all(),
                "note": annotation.note,
                "version": annotation.version,
            }
        )
        return _edit_form(request, annotation, form)
    form = AnnotationEditForm(request.POST)
    if not form.is_valid():
        return _edit_form(request, annotation, form, status=422)
    _check_theme_creation(request, form)
    try:
        updated = services.update_annotation(
            annotation, form.cleaned_data, form.cleaned_data["version"], request.user
        )
    except StaleVersion as stale:
        form = AnnotationEditForm(kept_at_current_version(request, stale))
        if request.htmx:
            return _conflict_in_place(request, stale.current, form)
        return _edit_form(request, stale.current, form, status=STALE, theirs=stale.current)
    except services.AnnotationGone:
        return _reader_fragment(
            request, annotation.article, "Not saved: someone deleted this annotation.", STALE
        )
    return _after_write(request, annotation.article, updated, fragments.EDITED)


def _conflict_in_place(request: HttpRequest, current: Annotation, form) -> HttpResponse:
    """A refused stale edit, for htmx: the entry and its highlight redrawn as stored now
    (their themes and note), with the editor's form and the conflict in the entry."""
    context = {"form": form, "annotation": current, "inline": True, "theirs": current}
    edit_form = render_to_string("annotations/edit.html#edit-form", context, request)
    shown = fragments.parse_shown(request.POST.get("shown")) or set()
    parts = fragments.changed_parts(
        request, current.article, current, fragments.EDITED, shown, edit_form
    )
    response = HttpResponse(parts, status=STALE)
    response["HX-Reswap"] = "none"  # everything is in the out-of-band swaps
    return response


def _edit_form(
    request: HttpRequest, annotation: Annotation, form, status: int = 200, theirs=None
) -> HttpResponse:
    context = {"form": form, "annotation": annotation, "inline": request.htmx, "theirs": theirs}
    # The form posts to #annotated; an answer that is the form again replaces the form.
    form_id = f"edit-form-{annotation.pk}"
    return form_page(request, "annotations/edit.html", "edit-form", context, status, form_id)


@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    annotation = _editable(request, pk)
    article = annotation.article
    version = request.POST.get("version", "")
    if not version.isdigit():  # never last-writer-wins: the version comes with the request
        return _reader_fragment(request, article, NO_VERSION["required"], 422)
    replies = request.POST.get("replies", "0")  # how many replies the editor agreed to lose
    try:
        services.delete_annotation(
            annotation, int(version), request.user, int(replies) if replies.isdigit() else 0
        )
    except services.RepliesUnconfirmed as unconfirmed:
        notice = (
            f"Not deleted: it has {unconfirmed.count} replies now, more than you were asked "
            "about. Read them and delete again."
        )
        return _reader_fragment(request, article, notice, STALE)
    except StaleVersion:
        notice = "Not deleted: someone changed this annotation since you opened the page. "
        return _reader_fragment(request, article, notice + "Check it and delete again.", STALE)
    except services.AnnotationGone:
        pass  # deleted already: what the editor wanted
    return _after_write(request, article, annotation, fragments.DELETED)


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One annotation as a W3C Web Annotation (what an exported ``id`` points to)."""
    require(request, "annotations.view_annotation")
    annotation = get_object_or_404(
        visible_annotations(request.user)
        .select_related("article", "author")
        .prefetch_related("themes"),
        pk=pk,
    )
    return JsonResponse(web_annotation(request, annotation), content_type=JSONLD)


@require_GET
def export_jsonld(request: HttpRequest) -> HttpResponse:
    require(request, READ_ARTICLES)
    require(request, "annotations.view_annotation")
    article, theme = request.GET.get("article", ""), request.GET.get("theme", "")
    if article and not article.isdigit():
        return plain_text("article must be a number", 400)
    annotations = list(queries.export_selection(request.user, article, theme))
    document = annotation_collection(request, annotations, request.get_full_path())
    return JsonResponse(
        document,
        content_type=JSONLD,
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
