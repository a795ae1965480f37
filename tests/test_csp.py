"""Content Security Policy: every page says scripts and styles come from this site's files
only, and no page needs an inline script, handler, style attribute or style block."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from annotations.models import Annotation
from articles.models import Theme

INLINE = [
    (r"<script(?![^>]*\bsrc=)[^>]*>", "an inline <script>"),
    (r"<[^>]+\son[a-z]+\s*=", "an on…= handler"),
    (r"<[^>]+\sstyle\s*=", "a style attribute"),
    (r"<style[\s>]", "a <style> block"),
]


def assert_no_inline_code(html: str) -> None:
    for pattern, what in INLINE:
        found = re.search(pattern, html, re.IGNORECASE)
        assert not found, f"{what}: {found.group(0)[:120] if found else ''}"


@pytest.fixture
def annotated(editor_client, seeds):
    article = seeds["000"]
    themes = list(Theme.objects.order_by("pk")[:2])
    start = article.body.index("Power of Siberia 2")
    editor_client.post(
        reverse("annotations:create", args=[article.pk]),
        {"start": start, "end": start + 18, "exact": "Power of Siberia 2",
         "themes": [t.pk for t in themes], "note": "two themes"},
    )  # fmt: skip
    assert Annotation.objects.count() == 1
    return article


@pytest.mark.parametrize(
    "path",
    ["/", "/articles/{pk}/", "/quotes/", "/speakers/", "/compare/?theme=energy",
     "/compare/coverage/", "/compare/quotes/", "/compare/reuse/", "/annotations/{note}/edit/"],
)  # fmt: skip
def test_pages_carry_the_policy_and_no_inline_code(editor_client, annotated, path):
    note = Annotation.objects.get().pk
    response = editor_client.get(path.format(pk=annotated.pk, note=note))
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert_no_inline_code(response.content.decode())


def test_admin_pages_and_the_login_page_carry_it_too(admin_client_, client, db):
    for response in (client.get("/accounts/login/"), admin_client_.get("/admin/"),
                     admin_client_.get("/admin/articles/article/import/")):  # fmt: skip
        assert "default-src 'self'" in response["Content-Security-Policy"]
        assert_no_inline_code(response.content.decode())


def test_the_theme_stylesheet_gives_every_theme_its_colour_and_revalidates(client, db):
    theme = Theme.objects.create(name="Arctic", colour="#123abc")
    response = client.get(reverse("articles:theme-stylesheet"))
    assert response["Content-Type"].startswith("text/css")
    css = response.content.decode()
    assert f".theme-{theme.pk} {{ --theme: #123abc;" in css
    assert f"mark.d-{theme.pk} {{ --c4: #123abc; }}" in css
    again = client.get(reverse("articles:theme-stylesheet"), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    Theme.objects.filter(pk=theme.pk).update(colour="#ff0000")
    changed = client.get(reverse("articles:theme-stylesheet"), HTTP_IF_NONE_MATCH=response["ETag"])
    assert changed.status_code == 200
    assert "#ff0000" in changed.content.decode()
