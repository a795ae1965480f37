"""Coding rounds' pages (issue 32): the list, and a round's page — its codebook, each
coder's progress per article (a coder marks an article done there), its agreement table
and chart, the agreement as CSV, and an admin's Close button."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_POST

from infrastructure.access import READ_ARTICLES, require
from infrastructure.responses import plain_text

from . import rounds
from .models import CodingRound

READ_ROUNDS = "annotations.view_codinground"
CLOSE_ROUNDS = "annotations.change_codinground"


def _readable(request: HttpRequest, pk: int) -> CodingRound:
    require(request, READ_ARTICLES)
    require(request, READ_ROUNDS)
    return get_object_or_404(CodingRound.objects.select_related("adjudicator"), pk=pk)


@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    require(request, READ_ARTICLES)
    require(request, READ_ROUNDS)
    return render(request, "annotations/round_list.html", {"rounds": rounds.round_rows()})


def _page_context(request: HttpRequest, coding_round: CodingRound, status: str = "") -> dict:
    progress = rounds.progress(coding_round)
    return {
        "round": coding_round,
        "progress": progress,
        "codes_here": request.user.get_username() in progress.coders,
        "codebook": rounds.codebook(coding_round),
        "agreement": rounds.agreement_table(coding_round),
        "can_close": request.user.has_perm(CLOSE_ROUNDS)
        and coding_round.state == CodingRound.State.OPEN,
        "status": status,
    }


@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    coding_round = _readable(request, pk)
    return render(request, "annotations/round.html", _page_context(request, coding_round))


@require_POST
def round_done(request: HttpRequest, pk: int) -> HttpResponse:
    """A coder marks one article (``article``) or all of theirs (none given) done."""
    coding_round = _readable(request, pk)
    article = request.POST.get("article", "")
    if article and not article.isdigit():
        return plain_text("article must be a number", 400)
    if not coding_round.coders.filter(pk=request.user.pk).exists():
        raise PermissionDenied("Only the round's coders mark its articles done.")
    try:
        marked = rounds.mark_done(coding_round, request.user, [int(article)] if article else None)
    except rounds.RoundRefused as refused:
        return _answer(request, coding_round, f"Not marked: {refused}", 409)
    status = f"{marked} article{'s' if marked != 1 else ''} marked done."
    return _answer(request, coding_round, status)


def _answer(request: HttpRequest, coding_round: CodingRound, status: str, code: int = 200):
    if not request.htmx:
        (messages.success if code == 200 else messages.warning)(request, status)
        return redirect("annotations:round", pk=coding_round.pk)
    context = _page_context(request, coding_round, status)
    response = render(request, "annotations/round.html#progress", context, status=code)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    coding_round = _readable(request, pk)
    require(request, CLOSE_ROUNDS)
    try:
        rounds.close_round(coding_round)
    except rounds.RoundRefused as refused:
        messages.warning(request, str(refused))
        return redirect("annotations:round", pk=coding_round.pk)
    messages.success(request, f"“{coding_round}” is closed.")
    return redirect("annotations:round", pk=coding_round.pk)


@require_GET
def round_agreement_csv(request: HttpRequest, pk: int) -> HttpResponse:
    coding_round = _readable(request, pk)
    response = HttpResponse(
        rounds.agreement_csv(rounds.agreement(coding_round)), content_type="text/csv"
    )
    response["Content-Disposition"] = f'attachment; filename="round-{pk}-agreement.csv"'
    return response
