"""403, 404 and 500 in the site's layout, saying why; a favicon, so browsers ask for no
/favicon.ico that 404s."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from annotations.models import Annotation
from annotations.services import create_annotation


def test_an_unknown_page_is_a_404_in_the_sites_layout(researcher_client):
    response = researcher_client.get("/articles/999999/<script>")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="site-header"' in html  # the site's own layout, its navigation included
    assert "<h1>Not found</h1>" in html
    assert "/articles/999999/%3Cscript%3E" in html  # the path, quoted, never as markup
    assert "<script>" not in html.split("<main")[1]


def test_a_refusal_is_a_403_that_gives_the_servers_reason(client, editor, staff_admin, seeds):
    article = seeds["000"]
    theirs = create_annotation(article, staff_admin, {"start": 0, "end": 5})
    client.force_login(editor)
    response = client.get(reverse("annotations:edit", args=[theirs.pk]))
    assert response.status_code == 403
    html = response.content.decode()
    assert 'class="site-header"' in html
    assert "Only its author or an admin can change this annotation." in html
    assert Annotation.objects.get(pk=theirs.pk).version == 1


def test_the_500_page_renders_without_a_request(db):
    html = render_to_string("500.html")  # as Django renders it: no context at all
    assert "Something went wrong" in html
    assert "Nothing you saved before it is lost" in html


def test_pages_name_a_favicon_that_is_served(researcher_client):
    html = researcher_client.get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    response = Client().get("/static/favicon.svg")
    assert response.status_code == 200
    assert b"<svg" in b"".join(response.streaming_content)
