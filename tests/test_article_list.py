"""The article index at /: every article with outlet, date, byline, length; filter by outlet."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, Outlet

URL = reverse("articles:list")


def test_anonymous_users_are_sent_to_login(client, seeds):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/")


def test_lists_every_seed_with_its_columns(researcher_client, seeds):
    response = researcher_client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "5 articles" in html
    for article in seeds.values():
        assert article.get_absolute_url() in html
    assert "Xi and Putin Strengthen Strategic Partnership in Beijing Meeting" in html
    assert "Faruk Imamovic" in html
    assert "China Digital Times" in html
    assert f">{seeds['004'].word_count:,}<" in html


def test_filter_by_outlet_and_by_unknown_outlet(researcher_client, seeds):
    cdt = Outlet.objects.get(name="China Digital Times")
    only_cdt = researcher_client.get(URL, {"outlet": cdt.slug}).content.decode()
    assert "1 article" in only_cdt
    assert seeds["004"].get_absolute_url() in only_cdt
    assert seeds["000"].get_absolute_url() not in only_cdt
    unknown = researcher_client.get(URL, {"outlet": "unknown"}).content.decode()
    assert "4 articles" in unknown
    assert seeds["004"].get_absolute_url() not in unknown


def test_an_outlet_that_does_not_exist_gives_an_empty_list(researcher_client, seeds):
    response = researcher_client.get(URL, {"outlet": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert b"0 articles" in response.content
    assert b"<script>alert(1)</script>" not in response.content


def test_htmx_requests_get_only_the_table(researcher_client, seeds):
    response = researcher_client.get(URL, {"outlet": "unknown"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="article-table">')
    assert "<html" not in html
    assert "4 articles" in html


def test_full_page_contains_the_fragment_htmx_swaps(researcher_client, seeds):
    html = researcher_client.get(URL).content.decode()
    assert '<div id="article-table">' in html
    assert 'hx-target="#article-table"' in html


def test_a_page_past_the_end_shows_the_last_page(researcher_client, seeds):
    response = researcher_client.get(URL, {"page": "999"})
    assert response.status_code == 200
    assert b"5 articles" in response.content


def _make_articles(count: int, outlet: Outlet) -> None:
    Article.objects.bulk_create(
        Article(
            outlet=outlet,
            title=f"Story {n}",
            body=f"Body {n}",
            raw=f"Body {n}",
            source_name=f"{n}.txt",
            content_hash=f"{n:064d}",
        )
        for n in range(count)
    )


def test_query_count_does_not_grow_with_rows(researcher_client, db):
    outlet = Outlet.objects.create(name="Wire")
    _make_articles(3, outlet)
    researcher_client.get(URL)  # warm the session
    with CaptureQueriesContext(connection) as few:
        researcher_client.get(URL)
    Article.objects.all().delete()
    _make_articles(45, outlet)
    with CaptureQueriesContext(connection) as many:
        response = researcher_client.get(URL)
    assert b"45 articles" in response.content
    assert len(many) == len(few) <= 8
