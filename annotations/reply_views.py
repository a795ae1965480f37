"""Replies under an annotation: write one, edit or delete your own (admins any), and each as
a W3C Web Annotation. A write by htmx answers with the annotation's replies block, redrawn
(``rendering.replies_block``); without JavaScript, with the reader at the annotation."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from infrastructure.access import READ_ARTICLES, require
from infrastructure.db import StaleVersion
from infrastructure.responses import (
    NO_VERSION,
    STALE,
    form_page,
    kept_at_current_version,
    plain_text,
)

from . import services
from .forms import ReplyEditForm, ReplyForm
from .models import Annotation, Reply
from .queries import replies_of
from .rendering import replies_block
from .visibility import visible_annotations, visible_q
from .w3c import JSONLD, web_reply

ADD_REPLY = "annotations.add_reply"
TEMPLATE = "annotations/reply.html"


def _after_write(
    request: HttpRequest, annotation: Annotation, status: str, code: int = 200
) -> HttpResponse:
    """The annotation's replies block as stored now, with ``status`` (htmx); a redirect to
    the reader (a plain form), or for a refusal (``code`` ≥ 400) the reason as text."""
    if not request.htmx:
        if code >= 400:
            return plain_text(status, code)
        return redirect(f"{annotation.article.get_absolute_url()}#annotation-item-{annotation.pk}")
    replies = replies_of([annotation.pk], request.user).get(annotation.pk, [])
    can_reply = request.user.has_perm(ADD_REPLY)
    return HttpResponse(replies_block(annotation.pk, replies, can_reply, status), status=code)


def _form(
    request: HttpRequest, form, annotation: Annotation, reply: Reply | None = None,
    status: int = 200, theirs: Reply | None = None,
) -> HttpResponse:  # fmt: skip
    form_id = f"reply-form-{reply.pk}" if reply else f"reply-form-new-{annotation.pk}"
    form.auto_id = f"{form_id}-%s"  # several reply forms can be open in one reader
    context = {
        "form": form, "annotation": annotation, "reply": reply, "theirs": theirs,
        "form_id": form_id, "inline": request.htmx,
    }  # fmt: skip
    return form_page(request, TEMPLATE, "reply-form", context, status, form_id)


@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, READ_ARTICLES)
    require(request, ADD_REPLY)
    visible = visible_annotations(request.user).select_related("article")
    annotation = get_object_or_404(visible, pk=pk)
    if request.method == "GET":
        return _form(request, ReplyForm(), annotation)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _form(request, form, annotation, status=422)
    try:
        services.create_reply(annotation, request.user, form.cleaned_data["text"])
    except services.AnnotationGone:
        return _after_write(
            request, annotation, "Not saved: someone deleted this annotation.", STALE
        )
    return _after_write(request, annotation, "Reply saved.")


def _editable(request: HttpRequest, pk: int) -> Reply:
    visible = Reply.objects.filter(visible_q(request.user, "annotation__"))
    reply = get_object_or_404(visible.select_related("annotation__article"), pk=pk)
    if not reply.editable_by(request.user):
        raise PermissionDenied("Only its author or an admin can change this reply.")
    return reply


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    reply = _editable(request, pk)
    if request.method == "GET":
        form = ReplyEditForm(initial={"text": reply.text, "version": reply.version})
        return _form(request, form, reply.annotation, reply)
    form = ReplyEditForm(request.POST)
    if not form.is_valid():
        return _form(request, form, reply.annotation, reply, status=422)
    try:
        services.update_reply(
            reply, form.cleaned_data["text"], form.cleaned_data["version"], request.user
        )
    except StaleVersion as stale:
        form = ReplyEditForm(kept_at_current_version(request, stale))
        current = stale.current
        return _form(request, form, reply.annotation, current, status=STALE, theirs=current)
    except services.ReplyGone:
        return _after_write(
            request, reply.annotation, "Not saved: someone deleted this reply.", STALE
        )
    return _after_write(request, reply.annotation, "Reply saved.")


@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    reply = _editable(request, pk)
    version = request.POST.get("version", "")
    if not version.isdigit():  # never last-writer-wins: the version comes with the request
        return plain_text(NO_VERSION["required"], 422)
    try:
        services.delete_reply(reply, int(version), request.user)
    except StaleVersion:
        notice = "Not deleted: someone changed this reply since you opened the page. "
        return _after_write(request, reply.annotation, notice + "Check it and delete again.", STALE)
    except services.ReplyGone:
        pass  # deleted already: what the author wanted
    return _after_write(
        request, reply.annotation, "Reply deleted. Undo it from Changes if you need it back."
    )


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One reply as a W3C Web Annotation replying to its annotation."""
    require(request, READ_ARTICLES)
    require(request, "annotations.view_reply")
    visible = Reply.objects.filter(visible_q(request.user, "annotation__"))
    reply = get_object_or_404(visible.select_related("author"), pk=pk)
    return JsonResponse(web_reply(request, reply), content_type=JSONLD)
