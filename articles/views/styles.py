"""The theme colours as a stylesheet, so that no page needs an inline style (the Content
Security Policy allows styles from this site's files only).

Every theme gets ``.theme-<pk>`` (its colour as ``--theme``, ``--swatch`` and
``--theme-colour``, which chips, swatches and compare passages use) and ``.a-<pk>`` …
``.d-<pk>`` (its colour as the first to fourth stripe of a highlight: see ``mark.n1`` …
``mark.n4`` in ``static/css/summit.css``). Colours are validated ``#rrggbb`` values.
"""

from __future__ import annotations

import hashlib

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_GET

from ..models import Theme
from ..rendering import STRIPE_CLASSES


def _colours(request: HttpRequest) -> list[tuple[int, str]]:
    """Read once per request: the ETag and the stylesheet both need them."""
    if not hasattr(request, "_theme_colours"):
        themes = Theme.objects.only("pk", "colour")
        request._theme_colours = [(theme.pk, theme.css_colour) for theme in themes]
    return request._theme_colours


def _etag(request: HttpRequest) -> str:
    return hashlib.sha256(repr(_colours(request)).encode()).hexdigest()[:16]


@login_not_required
@require_GET
@cache_control(no_cache=True)  # revalidated on each page (a 304 while no colour changed)
@condition(etag_func=_etag)
def theme_stylesheet(request: HttpRequest) -> HttpResponse:
    rules = []
    for pk, colour in _colours(request):
        rules.append(f".theme-{pk} {{ --theme: {colour}; --swatch: {colour}; "
                     f"--theme-colour: {colour}; }}")  # fmt: skip
        rules += [
            f"mark.{letter}-{pk} {{ --c{n}: {colour}; }}"
            for n, letter in enumerate(STRIPE_CLASSES, start=1)
        ]
    return HttpResponse("\n".join(rules) + "\n", content_type="text/css; charset=utf-8")
