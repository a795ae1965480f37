"""Project-wide views: liveness and readiness checks, the page for a request too large to
read, and password reset (only where a mail server is configured)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.defaults import bad_request as django_bad_request

from infrastructure.responses import plain_text
from infrastructure.uploads import UploadTooLarge

from .readiness import database_problem, queue_problem

logger = logging.getLogger(__name__)


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers (a load balancer restarts it when this fails)."""
    return plain_text("ok")


# What a caller is told of each check that fails; the details (addresses, errors) go to the
# log only: the endpoint answers anyone, logged in or not.
READINESS_CHECKS = [(database_problem, "database unavailable"),
                    (queue_problem, "task queue unavailable")]  # fmt: skip


@login_not_required
@require_GET
def readyz(request: HttpRequest) -> HttpResponse:
    """Readiness: the database and the task queue answer; 503 naming the part that does not
    (a load balancer sends no traffic here until both are back)."""
    down = []
    for check, label in READINESS_CHECKS:
        if detail := check():
            logger.warning("readyz: %s: %s", label, detail)
            down.append(label)
    if down:
        return plain_text("not ready: " + "; ".join(down), 503)
    return plain_text("ready")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Say why an over-large form was refused (a huge paste, too many files) instead of a bare
    "Bad Request"; Django refuses such requests before any view runs, so nothing was saved.
    """
    if isinstance(exception, RequestDataTooBig | TooManyFilesSent):
        context = {
            "limit_mb": f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024):.0f}",
            "file_limit_mb": f"{settings.INGEST_MAX_FILE_BYTES / (1024 * 1024):g}",
            "max_files": settings.DATA_UPLOAD_MAX_NUMBER_FILES,
            "too_many_files": isinstance(exception, TooManyFilesSent),
            "upload_limit": settings.INGEST_MAX_UPLOAD_BYTES,
            "too_large_upload": isinstance(exception, UploadTooLarge),
        }
        return render(request, "request_too_large.html", context, status=413)
    return django_bad_request(request, exception)


@login_not_required
def password_reset(request: HttpRequest) -> HttpResponse:
    """Django's password reset, or — with no mail server configured — a page that says so
    (rather than a form that pretends to send a mail nobody receives)."""
    if settings.PASSWORD_RESET_BY_MAIL:
        return auth_views.PasswordResetView.as_view()(request)
    return render(request, "registration/password_reset_unavailable.html", status=503)
