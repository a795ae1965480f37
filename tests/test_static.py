"""Vendored htmx 2.x, no CDN, and the CSRF token on every htmx request."""

from __future__ import annotations

import re

from tests.conftest import ROOT

HTMX = ROOT / "static" / "vendor" / "htmx" / "htmx.min.js"


def test_htmx_2_is_vendored_with_its_recorded_version():
    source = HTMX.read_text()
    version = re.search(r'version:"(\d+\.\d+\.\d+)"', source).group(1)
    assert version.startswith("2.")
    assert version in (HTMX.parent / "VERSION.md").read_text()


def test_pages_load_scripts_from_our_own_static_files_only(researcher_client, seeds):
    html = researcher_client.get("/").content.decode()
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert "/static/vendor/htmx/htmx.min.js" in sources
    assert all(source.startswith("/") for source in sources), sources


def test_body_carries_the_csrf_token_for_htmx(researcher_client, seeds):
    html = researcher_client.get("/").content.decode()
    token = re.search(r"<body hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"\}'>", html)
    assert token
    assert len(token.group(1)) >= 32


def test_whitenoise_serves_static_files(client, db, settings):
    response = client.get("/static/vendor/htmx/htmx.min.js")
    assert response.status_code == 200


def test_health_check_needs_no_login(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_readiness_checks_the_database_and_the_queue(client, db, folder_queue):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.content == b"ready"


def test_readiness_says_which_part_is_down_and_keeps_the_details_for_the_log(
    client, db, unreachable_broker, caplog
):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content.decode() == "not ready: task queue unavailable"
    assert "readyz: task queue unavailable: the task queue (broker) does not answer" in caplog.text
    assert client.get("/healthz").status_code == 200  # alive, just not ready


def test_readiness_names_a_database_that_does_not_answer_and_no_more(client, db, monkeypatch):
    from django.db import OperationalError

    import summit.readiness

    def broken(*args, **kwargs):
        raise OperationalError("could not connect to server at 10.0.0.7:5432, user summit")

    with monkeypatch.context() as patched:
        patched.setattr(summit.readiness.connection, "cursor", broken)
        response = client.get("/readyz")
    assert (response.status_code, response.content) == (503, b"not ready: database unavailable")
