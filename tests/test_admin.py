"""The Django admin: every model listed, searchable and filterable; staff only."""

from __future__ import annotations

import re

import pytest

from articles.models import Quote

ADMIN_PAGES = [
    "articles/outlet",
    "articles/article",
    "articles/person",
    "articles/personalias",
    "articles/quote",
    "articles/mention",
    "articles/theme",
    "annotations/annotation",
]


@pytest.mark.parametrize("model", ADMIN_PAGES)
def test_changelist_search_and_add_pages_load(admin_client_, seeds, model):
    assert admin_client_.get(f"/admin/{model}/").status_code == 200
    assert admin_client_.get(f"/admin/{model}/", {"q": "Putin"}).status_code == 200
    add = admin_client_.get(f"/admin/{model}/add/")
    if model == "articles/article":  # an article comes in through an import, not a form
        assert add.status_code == 302
        assert add["Location"] == "/admin/articles/article/import/"
    else:
        assert add.status_code == 200


def test_article_changelist_shows_useful_columns_and_filters(admin_client_, seeds):
    html = admin_client_.get("/admin/articles/article/").content.decode()
    assert "Faruk Imamovic" in html
    assert "China Digital Times" in html
    assert "By outlet" in html
    assert "By outlet known" in html  # the two outlet filters are told apart
    assert len(re.findall(r"By outlet\s*</", html)) == 1
    assert '<th scope="col" class="sortable column-headline">' in html
    assert ">Title</a>" in html
    unknown = admin_client_.get("/admin/articles/article/", {"outlet_known": "no"})
    assert "China Digital Times" not in unknown.content.decode().split("</table>")[0]
    found = admin_client_.get("/admin/articles/article/", {"q": "Prokopenko"}).content.decode()
    assert "2 results" in found


def test_the_body_cannot_be_edited_by_hand(admin_client_, seeds):
    article = seeds["000"]
    html = admin_client_.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert 'name="body"' not in html
    assert 'name="title"' in html


def test_quote_changelist_shows_and_searches_unnamed_sources(admin_client_, seeds):
    quote = Quote.objects.filter(speaker=None).first() or Quote.objects.first()
    Quote.objects.filter(pk=quote.pk).update(speaker=None, source="a senior trade official")
    found = admin_client_.get("/admin/articles/quote/", {"q": "trade official"}).content.decode()
    assert "1 result" in found
    assert "a senior trade official" in found
    assert "column-source" in found


@pytest.mark.parametrize("user_fixture", ["editor", "researcher"])
def test_non_staff_cannot_enter_the_admin(client, db, request, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    response = client.get("/admin/articles/article/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
