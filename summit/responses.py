"""Small answers the views share."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


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
