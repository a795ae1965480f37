"""The reader: header facts and a body whose text content is exactly Article.body."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Quote
from tests.html import text_content


def test_anonymous_users_are_sent_to_login(client, seeds):
    response = client.get(seeds["000"].get_absolute_url())
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_body_text_content_equals_the_stored_body(researcher_client, seeds, number):
    article = seeds[number]
    response = researcher_client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert text_content(response.content.decode(), "data-article-body") == article.body


def test_header_shows_title_outlet_byline_subtitle(researcher_client, seeds):
    html = researcher_client.get(seeds["000"].get_absolute_url()).content.decode()
    assert "<h1>Xi and Putin Strengthen Strategic Partnership in Beijing Meeting</h1>" in html
    assert "Faruk Imamovic" in html
    assert "Outlet unknown" in html
    html = researcher_client.get(seeds["003"].get_absolute_url()).content.decode()
    assert "The leaders pledged to expand space" in html


def test_markup_in_article_text_is_shown_as_text(researcher_client, db):
    body = 'A <script>alert("x")</script> & <b>bold</b> claim.\n\nSecond “paragraph”.'
    article = Article.objects.create(title="<i>T</i>", body=body, raw=body, source_name="x.txt")
    html = researcher_client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "&lt;i&gt;T&lt;/i&gt;" in html
    assert text_content(html, "data-article-body") == body


def test_characters_outside_the_basic_plane_survive_rendering(researcher_client, db):
    body = "Emoji 😀 and 𠀋 stand here.\n\nThen Putin spoke."
    article = Article.objects.create(title="Plane", body=body, raw=body, source_name="p.txt")
    html = researcher_client.get(article.get_absolute_url()).content.decode()
    assert text_content(html, "data-article-body") == body


def test_unknown_article_is_404(researcher_client, db):
    assert researcher_client.get("/articles/999999/").status_code == 404


def test_quotes_are_marked_without_changing_the_text(researcher_client, seeds):
    article = seeds["004"]
    html = researcher_client.get(article.get_absolute_url()).content.decode()
    assert text_content(html, "data-article-body") == article.body
    for quote in article.quotes.all():
        assert f'data-quote-id="{quote.pk}"' in html
        assert f'id="quote-{quote.pk}"' in html
    assert 'data-speaker="Alexandra Prokopenko"' in html
    unattributed = article.quotes.filter(speaker=None).exists()
    assert ('data-speaker="Speaker unknown"' in html) == unattributed
    assert ('data-attribution="unattributed"' in html) == unattributed
    assert 'data-attribution="attributed"' in html


def test_the_reader_lists_the_articles_speakers(researcher_client, seeds):
    html = researcher_client.get(seeds["000"].get_absolute_url()).content.decode()
    assert '<span class="speaker-name">Alexandra Prokopenko</span>' in html
    assert "a fellow at the Carnegie Russia Eurasia Center" in html
    assert '<span class="speaker-name">Andrei Belousov</span>' in html  # mentioned only


def test_reader_queries_do_not_grow_with_quotes(researcher_client, seeds):
    by_quotes = sorted(seeds.values(), key=lambda article: article.quotes.count())
    few, many = by_quotes[0], by_quotes[-1]
    assert many.quotes.count() > few.quotes.count() + 5
    researcher_client.get(few.get_absolute_url())  # warm the session
    counts = []
    for article in (few, many):
        with CaptureQueriesContext(connection) as queries:
            response = researcher_client.get(article.get_absolute_url())
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 14


def test_the_reader_names_an_unnamed_source_as_the_article_describes_it(researcher_client, seeds):
    article = seeds["001"]
    quote = article.quotes.exclude(kind=Quote.Kind.REPORTED).first()
    Quote.objects.filter(pk=quote.pk).update(speaker=None, source="a <i>senior</i> aide")
    html = researcher_client.get(article.get_absolute_url()).content.decode()
    assert 'data-speaker="Unnamed source: a &lt;i&gt;senior&lt;/i&gt; aide"' in html
    assert 'data-attribution="unnamed"' in html
