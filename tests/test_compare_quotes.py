"""The same quote across outlets: groups, wording diffs, sources, the speaker × outlet matrix."""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Person, Quote
from compare.models import QuoteGroup, SpeakerQuotes
from compare.quotegroups import QuoteText, group_quotes, normalise, word_diff
from compare.refresh import refresh_quote_groups


def test_normalising_folds_marks_dashes_hyphens_and_spacing():
    assert normalise("He’s  okay with on-going “dependency” — and") == normalise(
        'he\'s okay with ongoing "dependency" - and'
    )


def test_a_partial_quote_joins_the_full_one_and_other_speakers_stay_apart():
    full = "For Putin, it’s a glory moment that Russia is still on its feet, economically."
    groups = group_quotes(
        [
            QuoteText(1, "prokopenko", full),
            QuoteText(2, "prokopenko", "it's a glory moment that Russia is still on its feet"),
            QuoteText(3, "prokopenko", "Something else entirely about the summit, she said."),
            QuoteText(4, "someone", full),
            QuoteText(5, "prokopenko", "For Putin, it's a glory moment that Russia is still "
                                       "on its feet (economically)"),
        ]
    )  # fmt: skip
    assert sorted(map(sorted, groups)) == [[1, 2, 5], [3], [4]]


def test_the_diff_shows_a_variant_spelling_but_not_case_or_marks():
    parts = word_diff(
        "he’s okay with on-going dependency between Russia and China",
        "He's okay with ongoing dependency between Russia and China, too",
    )
    assert [(p.kind, p.text) for p in parts] == [
        ("same", "He's okay with"),
        ("removed", "on-going"),
        ("added", "ongoing"),
        ("same", "dependency between Russia and China,"),
        ("added", "too"),
    ]


def group_elements(html: str) -> dict[str, tuple[str, str]]:
    found = {}
    pattern = (
        r'data-quote-group="(\d+)" data-outlet-count="(\d+)">(.*?)</li>\s*'
        r'(?=<li class="quote-group"|</ol>)'
    )
    for pk, count, body in re.findall(pattern, html, re.S):
        found[pk] = (count, body)
    return found


def test_prokopenkos_two_quotes_are_each_one_group_of_two_outlets(researcher_client, seeds):
    refresh_quote_groups()
    html = researcher_client.get("/compare/quotes/").content.decode()
    groups = group_elements(html)
    glory = [c for c, body in groups.values() if "glory moment" in body and "Prokopenko" in body]
    ongoing = [
        (c, body) for c, body in groups.values() if "dependency" in body and "Prokopenko" in body
    ]
    assert glory == ["2"]
    [(count, body)] = ongoing
    assert count == "2"
    assert "<del>on-going</del>" in body or "<del>ongoing</del>" in body
    assert "<ins>ongoing</ins>" in body or "<ins>on-going</ins>" in body


def test_articles_of_unknown_outlet_are_sources_of_their_own(researcher_client, seeds):
    refresh_quote_groups()
    html = researcher_client.get("/compare/quotes/").content.decode()
    header = html[html.index('id="speaker-matrix"') :].split("</thead>")[0]
    unknown = re.findall(r"<th scope=\"col\">([^<]*\(outlet unknown\))</th>", header)
    assert len(unknown) == Article.objects.filter(outlet=None).count() == 4
    assert seeds["000"].display_title + " (outlet unknown)" in unknown
    group = QuoteGroup.objects.get(wording__contains="glory moment")
    assert group.source_count == 2


def test_each_matrix_cell_opens_the_quote_browser_on_those_quotes(researcher_client, seeds):
    refresh_quote_groups()
    html = researcher_client.get("/compare/quotes/").content.decode()
    blinken = Person.objects.get(name="Antony Blinken")
    article = seeds["003"]
    link = f"/quotes/?speaker={blinken.slug}&amp;article={article.pk}&amp;kind=quoted"
    assert f'href="{link}" data-count="2"' in html
    browser = researcher_client.get(link.replace("&amp;", "&")).content.decode()
    assert "2 quotes" in browser


def test_quote_groups_and_the_matrix_count_quoted_words_only(researcher_client, seeds):
    """Reported statements are not grouped by wording, nor counted in the matrix: the
    seeds' 'they called for an independent Palestinian state' in two outlets is no group."""
    reported = Quote.objects.filter(kind=Quote.Kind.REPORTED)
    palestinian = reported.filter(text__contains="independent Palestinian state")
    assert palestinian.values("article").distinct().count() == 2
    refresh_quote_groups()
    assert QuoteGroup.objects.filter(members__quote__in=reported).count() == 0
    assert QuoteGroup.objects.filter(wording__contains="Palestinian").count() == 0
    blinken = Person.objects.get(name="Antony Blinken")
    counted = SpeakerQuotes.objects.filter(speaker=blinken).aggregate(n=Sum("quotes"))["n"]
    assert counted == blinken.quotes.exclude(kind=Quote.Kind.REPORTED).count()
    assert blinken.quotes.filter(kind=Quote.Kind.REPORTED).count() >= 2


def test_a_speaker_with_no_shared_quote_and_an_article_with_no_quotes(researcher_client, db):
    Article.objects.create(title="Quiet", body="Nobody said anything.", raw="x", source_name="q")
    refresh_quote_groups()
    html = researcher_client.get("/compare/quotes/").content.decode()
    assert "No quote appears in more than one source yet." in html
    assert "No quote has a speaker yet." in html


def test_quote_text_is_escaped(researcher_client, seeds):
    quote = Quote.objects.filter(text__contains="glory moment").first()
    Quote.objects.filter(pk=quote.pk).update(
        text="<script>alert(1)</script> glory moment " + quote.text
    )
    refresh_quote_groups()
    html = researcher_client.get("/compare/quotes/").content.decode()
    assert "<script>alert(1)</script>" not in html


def test_the_page_uses_a_fixed_number_of_queries(researcher_client, seeds):
    refresh_quote_groups()
    with CaptureQueriesContext(connection) as few:
        researcher_client.get("/compare/quotes/")
    article = seeds["000"]
    speaker = Person.objects.get(name="Alexandra Prokopenko")
    for offset in range(3):
        Quote.objects.create(
            article=article,
            speaker=speaker,
            start=offset,
            end=offset + 5,
            text="For Putin, it’s a glory moment that Russia is still on its feet",
        )
    refresh_quote_groups()
    with CaptureQueriesContext(connection) as more:
        researcher_client.get("/compare/quotes/")
    assert len(more) == len(few)


def test_users_without_a_role_get_403(client, outsider, db):
    client.force_login(outsider)
    assert client.get("/compare/quotes/").status_code == 403


def test_a_wording_from_an_article_of_unknown_outlet_names_its_title_once(researcher_client, seeds):
    """Issue 36, item 12: the label was "<title> (outlet unknown) (<title>)"."""
    refresh_quote_groups()
    html = researcher_client.get("/compare/quotes/").content.decode()
    wordings = re.findall(r'<li data-source="[^"]*">(.*?)</li>', html, re.S)
    unknown = [w for w in wordings if "(outlet unknown)" in w]
    assert len(unknown) >= 2
    titles = [a.display_title for a in Article.objects.filter(outlet=None)]
    repeated = [w for w in unknown for title in titles if w.count(title) > 1]
    assert repeated == []
    assert sum(1 for w in unknown if any(w.count(t) == 1 for t in titles)) == len(unknown)
