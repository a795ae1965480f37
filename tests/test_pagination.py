"""The one pager every list uses: it keeps the list's filters, swaps with htmx where the list
does, and says where the reader is."""

from __future__ import annotations

import re
from html import unescape

from django.urls import reverse

from articles.models import Article, Outlet


def _articles(count: int, outlet: Outlet, start: int = 0) -> None:
    Article.objects.bulk_create(
        Article(outlet=outlet, title=f"{outlet.name} story {n}", body=f"Body {n}", raw=f"Body {n}",
                source_name=f"{n}.txt", content_hash=f"{n:064d}")
        for n in range(start, start + count)
    )  # fmt: skip


def _links(html: str, word: str) -> list[str]:
    return [unescape(href) for href in re.findall(rf'<a href="([^"]*)"[^>]*>{word}</a>', html)]


def test_the_next_page_keeps_the_outlet_filter(researcher_client, db):
    wire, other = Outlet.objects.create(name="Wire & Co"), Outlet.objects.create(name="Other")
    _articles(60, wire)
    _articles(5, other, start=100)
    first = researcher_client.get(reverse("articles:list"), {"outlet": wire.slug}).content.decode()
    assert "Page 1 of 2" in first
    (next_page,) = _links(first, "Next")
    assert _links(first, "Previous") == []
    second = researcher_client.get(reverse("articles:list") + next_page).content.decode()
    assert "Page 2 of 2" in second
    assert "Wire &amp; Co story" in second
    assert "Other story" not in second
    assert _links(second, "Next") == []
    assert len(_links(second, "Previous")) == 1


def test_one_page_shows_no_pager(researcher_client, db):
    _articles(3, Outlet.objects.create(name="Wire"))
    html = researcher_client.get(reverse("articles:list")).content.decode()
    assert 'class="pagination"' not in html


def test_the_quote_browser_pages_with_htmx_into_its_results(researcher_client, seeds):
    html = researcher_client.get(reverse("articles:quotes"), {"per_page": 10}).content.decode()
    nav = html[html.index('class="pagination"') :]
    nav = nav[: nav.index("</nav>")]
    assert 'hx-target="#quote-results"' in nav
    assert 'hx-push-url="true"' in nav
    (next_page,) = _links(nav, "Next")
    assert "page=2" in next_page
