"""Small answers the views share."""

from __future__ import annotations

from django.http import HttpResponse


def plain_text(text: str, status: int = 200) -> HttpResponse:
    """A short text answer (an error for htmx or a script), its charset declared so that
    a message naming "Großmann" or "习近平" reads right in any client."""
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
