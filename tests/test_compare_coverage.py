"""Theme coverage per source: an SVG chart rendered on the server and the same numbers."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Outlet, Theme
from compare.models import ThemeCoverage, ThemePassage
from compare.refresh import refresh_all, refresh_passages


def test_coverage_counts_characters_once_per_source(db):
    outlet = Outlet.objects.create(name="Wire")
    body = "Gas gas gas. Nothing here at all. Oil and gas again."
    other = body.replace("Nothing", "Something")
    Article.objects.create(title="A", body=body, raw=body, source_name="a", outlet=outlet)
    Article.objects.create(title="B", body=other, raw=other, source_name="b", outlet=outlet)
    lonely = Article.objects.create(
        title="Alone", body="No energy words.", raw="x", source_name="c"
    )
    theme = Theme.objects.create(name="Fuel", slug="fuel", lexicon="gas\noil")
    refresh_all()
    wire = ThemeCoverage.objects.get(theme=theme, source_key=f"outlet-{outlet.pk}")
    sentences = len("Gas gas gas.") + len("Oil and gas again.")
    assert (wire.covered_chars, wire.total_chars) == (2 * sentences, len(body) + len(other))
    own = ThemeCoverage.objects.get(theme=theme, source_key=f"article-{lonely.pk}")
    assert own.source_label == "Alone (outlet unknown)"
    assert own.covered_chars == 0


def test_the_page_shows_an_svg_chart_and_the_same_numbers(researcher_client, seeds):
    refresh_all()
    html = researcher_client.get("/compare/coverage/").content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img" class="coverage-chart"' in html
    energy = Theme.objects.get(slug="energy")
    cdt = Outlet.objects.get(name="China Digital Times")
    stored = ThemeCoverage.objects.get(theme=energy, source_key=f"outlet-{cdt.pk}")
    assert f"China Digital Times · Energy: {stored.percent}" in html
    row = re.search(r"<th scope=\"row\">China Digital Times</th>(.*?)</tr>", html, re.S).group(1)
    assert f'<td data-theme="{energy.pk}">{stored.percent}</td>' in row


def test_labels_are_escaped_in_the_chart_and_table(researcher_client, db):
    outlet = Outlet.objects.create(name='<img src=x onerror="alert(1)">')
    Article.objects.create(title="T", body="Gas.", raw="Gas.", source_name="t", outlet=outlet)
    Theme.objects.create(name="<b>Bold</b>", slug="bold", lexicon="gas")
    refresh_all()
    html = researcher_client.get("/compare/coverage/").content.decode()
    assert "<img src=x" not in html
    assert "<b>Bold</b>" not in html
    assert "&lt;b&gt;Bold&lt;/b&gt;" in html


def test_an_empty_corpus_has_an_empty_state(researcher_client, db):
    html = researcher_client.get("/compare/coverage/").content.decode()
    assert "Nothing to measure yet" in html


def test_editing_an_annotation_updates_the_stored_rows(editor_client, seeds):
    from django.test import TestCase

    refresh_passages()
    energy = Theme.objects.get(slug="energy")
    article = seeds["001"]
    start = article.body.index("Putin")
    with TestCase.captureOnCommitCallbacks(execute=True):
        editor_client.post(
            f"/articles/{article.pk}/annotations/",
            {"start": start, "end": start + 5, "exact": "Putin", "themes": [energy.pk]},
        )
    assert ThemePassage.objects.filter(theme=energy, origin="annotation", text="Putin").exists()


def test_the_page_uses_a_fixed_number_of_queries(researcher_client, seeds):
    refresh_all()
    with CaptureQueriesContext(connection) as few:
        researcher_client.get("/compare/coverage/")
    Outlet.objects.create(name="New outlet")
    Article.objects.create(title="X", body="Oil.", raw="Oil.", source_name="x",
                           outlet=Outlet.objects.get(name="New outlet"))  # fmt: skip
    refresh_all()
    with CaptureQueriesContext(connection) as more:
        researcher_client.get("/compare/coverage/")
    assert len(more) == len(few)
