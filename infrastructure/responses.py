"""Small answers the views share."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from .db import StaleVersion

# A save refused because someone else saved first: the answer shows theirs beside yours.
STALE = 409
# A write whose form carries no version is refused (never last-writer-wins).
NO_VERSION = {
    "required": "The form carries no version (it was not opened from this page): reload the "
    "page and try again."
}


def plain_text(text: str, status: int = 200) -> HttpResponse:
    """A short text answer (an error for htmx or a script), its charset declared so that
    a message naming "Großmann" or "习近平" reads right in any client."""
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


def form_page(
    request: HttpRequest, template: str, fragment: str, context: dict, status: int, form_id: str
) -> HttpResponse:
    """A form's page, or for htmx its ``fragment``. An invalid form sent by htmx (status
    other than 200) replaces the form itself (``#form_id``), not the element it posts to."""
    response = render(request, template + (f"#{fragment}" if request.htmx else ""), context,
                      status=status)  # fmt: skip
    if request.htmx and status != 200:
        response["HX-Retarget"] = f"#{form_id}"
        response["HX-Reswap"] = "outerHTML"
    return response


def kept_at_current_version(request: HttpRequest, stale: StaleVersion) -> QueryDict:
    """The editor's submitted values, now at the stored version, for the form answered with
    ``STALE`` beside theirs: saving again replaces theirs knowingly; cancelling keeps it."""
    data = request.POST.copy()
    data["version"] = str(stale.current.version)
    return data


def safe_next(request: HttpRequest, default: str = "") -> str:
    """The ``next`` address the form or link carries, if it is on this site (never an open
    redirect); else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else default
