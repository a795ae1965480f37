"""/quotes/: filters, search on both databases, htmx partials, exports, bad input, queries."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations.models import Annotation
from articles import queries
from articles.models import Article, Outlet, Person, Quote, Theme
from compare.models import ThemeSuggestion
from compare.refresh import refresh_suggestions

URL = reverse("articles:quotes")


def slug(name: str) -> str:
    return Person.objects.get(name=name).slug


def shown_quote_ids(html: str) -> set[int]:
    import re

    return {int(pk) for pk in re.findall(r'data-quote-row="(\d+)"', html)}


def every_shown_quote_id(client, params) -> set[int]:
    """The quotes a filter selects on all of its pages (25 a page)."""
    found: set[int] = set()
    for page in range(1, 40):
        ids = shown_quote_ids(client.get(URL, {**params, "page": page}).content.decode())
        if not ids or ids <= found:  # past the last page Django shows the last one again
            return found
        found |= ids
    raise AssertionError("more pages than a seed corpus can have")


def test_anonymous_users_are_sent_to_login(client, seeds):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_users_without_a_role_get_403(client, outsider, seeds):
    client.force_login(outsider)
    assert client.get(URL).status_code == 403
    assert client.get(reverse("articles:quote-export", args=["csv"])).status_code == 403


@pytest.mark.parametrize("user_fixture", ["researcher", "editor"])
def test_researchers_and_editors_read(client, request, seeds, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    response = client.get(URL)
    assert response.status_code == 200
    assert f"{Quote.objects.count()} quotes" in response.content.decode()


def test_filter_by_speaker_as_page_and_partial_and_exports(researcher_client, seeds):
    params = {"speaker": slug("Alexandra Prokopenko")}
    expected = set(
        Quote.objects.filter(speaker__name="Alexandra Prokopenko").values_list("pk", flat=True)
    )
    assert len(expected) == 4
    page = researcher_client.get(URL, params).content.decode()
    assert "<html" in page
    assert shown_quote_ids(page) == expected
    partial = researcher_client.get(URL, params, headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode()
    assert shown_quote_ids(partial.content.decode()) == expected
    assert "HX-Request" in partial["Vary"]
    articles = {Quote.objects.get(pk=pk).article.source_name[:3] for pk in expected}
    assert articles == {"000", "004"}

    exported = researcher_client.get(reverse("articles:quote-export", args=["json"]), params)
    records = json.loads(b"".join(exported.streaming_content))
    assert len(records) == 4
    assert {r["speaker"] for r in records} == {"Alexandra Prokopenko"}
    assert {"file", "outlet", "speaker", "speaker_kind", "text", "start", "end", "kind",
            "attribution", "unnamed_source", "rule", "confidence", "verified",
            "title", "url", "reader_url"} == set(records[0])  # fmt: skip
    assert records[0]["reader_url"].startswith("http://testserver/articles/")
    csv_response = researcher_client.get(reverse("articles:quote-export", args=["csv"]), params)
    content = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert sorted(int(r["start"]) for r in rows) == sorted(r["start"] for r in records)


def test_filter_by_xi_finds_every_form_of_his_name(researcher_client, seeds):
    ids = every_shown_quote_id(researcher_client, {"speaker": slug("Xi Jinping")})
    texts = [Quote.objects.get(pk=pk).article.body for pk in ids]
    assert len(ids) >= 4
    contexts = " ".join(texts)
    assert "Xi said" in contexts  # "Xi" alone
    assert "Mr Xi" in contexts or "Mr. Xi" in contexts  # the BBC block in 004
    xi = Person.objects.get(name="Xi Jinping")
    for pk in ids:  # his own words, or words he shares as a joint speaker
        speaker = Quote.objects.get(pk=pk).speaker
        assert speaker == xi or xi in speaker.members.all()


def test_choosing_putin_also_finds_what_he_said_jointly(researcher_client, seeds):
    putin = Person.objects.get(name="Vladimir Putin")
    joint = Person.objects.get(name="Xi Jinping and Vladimir Putin")
    assert set(joint.members.all()) == {putin, Person.objects.get(name="Xi Jinping")}
    shared = set(Quote.objects.filter(speaker=joint).values_list("pk", flat=True))
    own = set(Quote.objects.filter(speaker=putin).values_list("pk", flat=True))
    assert shared
    assert own
    assert every_shown_quote_id(researcher_client, {"speaker": putin.slug}) == shared | own
    typed = every_shown_quote_id(researcher_client, {"speaker_name": "putin"})
    assert typed == shared | own  # a typed name or alias finds the same
    assert (
        shown_quote_ids(researcher_client.get(URL, {"speaker_name": "Nobody"}).content.decode())
        == set()
    )


def test_several_speakers_at_once(researcher_client, seeds):
    html = researcher_client.get(
        f"{URL}?speaker={slug('Antony Blinken')}&speaker={slug('Agathe Demarais')}"
    ).content.decode()
    assert shown_quote_ids(html) == set(
        Quote.objects.filter(speaker__name__in=["Antony Blinken", "Agathe Demarais"]).values_list(
            "pk", flat=True
        )
    )


def test_words_search_finds_multipolar_on_this_database(researcher_client, seeds):
    html = researcher_client.get(URL, {"q": "multipolar"}).content.decode()
    ids = shown_quote_ids(html)
    quotes = Quote.objects.filter(pk__in=ids).select_related("article", "speaker")
    assert {
        q.article.source_name[:3]
        for q in quotes
        if q.speaker and q.speaker.name == "Vladimir Putin"
    } == {"003", "004"}
    assert all("multipolar" in q.text.lower() for q in quotes)
    assert "<mark>multipolar</mark>" in html
    none = researcher_client.get(URL, {"q": "multipolar", "speaker": slug("Xi Jinping")})
    assert shown_quote_ids(none.content.decode()) == set()
    assert b"No quotes match" in none.content


def test_other_filters(researcher_client, seeds, editor):
    cdt = Outlet.objects.get(name="China Digital Times")
    assert every_shown_quote_id(researcher_client, {"outlet": cdt.slug}) == set(
        Quote.objects.filter(article__outlet=cdt).values_list("pk", flat=True)
    )
    blocks = shown_quote_ids(researcher_client.get(URL, {"kind": "block"}).content.decode())
    assert len(blocks) == 6
    documents = shown_quote_ids(
        researcher_client.get(URL, {"speaker_kind": "document"}).content.decode()
    )
    assert documents
    assert all(Quote.objects.get(pk=pk).speaker.kind == "document" for pk in documents)
    quote = Quote.objects.first()
    Quote.objects.filter(pk=quote.pk).update(verified=True, verified_by=editor)
    verified = shown_quote_ids(researcher_client.get(URL, {"verified": "on"}).content.decode())
    assert verified == {quote.pk}


def test_attribution_filter_and_badges_tell_terms_from_unattributed_quotes(
    researcher_client, seeds
):
    article = seeds["000"]
    term = Quote.objects.create(
        article=article, start=1, end=9, text="no limits", kind="partial", rule="term"
    )
    nobody = Quote.objects.create(
        article=article, start=11, end=19, text="a word nobody claims", kind="direct"
    )
    unnamed = Quote.objects.create(
        article=article, start=21, end=29, text="we will see", source="a <b>senior</b> aide"
    )
    attributed = set(Quote.objects.exclude(speaker=None).values_list("pk", flat=True))

    def shown(status: str, kind: str = "quoted") -> tuple[set[int], str]:
        html = researcher_client.get(URL, {"attribution": status, "kind": kind}).content.decode()
        return shown_quote_ids(html), html

    terms, html = shown("term")
    assert terms == {term.pk}
    assert "term-badge" in html
    assert "unattributed-badge" not in html
    unattributed, html = shown("unattributed")
    assert nobody.pk in unattributed
    assert term.pk not in unattributed
    assert unnamed.pk not in unattributed
    assert not unattributed & attributed
    assert "unattributed-badge" in html
    sourced, html = shown("unnamed")
    assert sourced == {unnamed.pk}
    reported, _ = shown("unnamed", "reported")  # "Observers suggest that …", "analysts say"
    assert len(reported) >= 1
    assert Quote.objects.filter(pk__in=reported, kind=Quote.Kind.REPORTED).count() == len(reported)
    assert "unnamed-badge" in html
    assert "a &lt;b&gt;senior&lt;/b&gt; aide" in html  # the article's words, escaped
    with_speaker, html = shown("attributed")
    assert with_speaker <= attributed
    assert with_speaker
    assert "confidence 0." in html or "confidence 1." in html

    exported = researcher_client.get(
        reverse("articles:quote-export", args=["json"]), {"attribution": "term"}
    )
    records = json.loads(b"".join(exported.streaming_content))
    assert [(r["text"], r["attribution"], r["rule"]) for r in records] == [
        ("no limits", "term", "term")
    ]
    exported = researcher_client.get(
        reverse("articles:quote-export", args=["json"]),
        {"attribution": "unnamed", "kind": "quoted"},
    )
    records = json.loads(b"".join(exported.streaming_content))
    assert [(r["speaker"], r["unnamed_source"], r["attribution"]) for r in records] == [
        (None, "a <b>senior</b> aide", "unnamed")
    ]


def test_published_date_range(researcher_client, seeds):
    Article.objects.filter(source_name__startswith="001").update(published="2024-05-16")
    shown = every_shown_quote_id(
        researcher_client, {"published_from": "2024-05-16", "published_to": "2024-05-16"}
    )
    assert shown == set(
        Quote.objects.filter(article__source_name__startswith="001").values_list("pk", flat=True)
    )


def test_theme_filter_and_themes_shown_from_covering_annotations(researcher_client, seeds, editor):
    quote = Quote.objects.get(text__startswith="Gazprom’s losses")
    energy = Theme.objects.get(slug="energy")
    annotation = Annotation.objects.create(
        article=quote.article,
        author=editor,
        start=quote.start - 5,
        end=quote.start + 10,
        exact=quote.article.body[quote.start - 5 : quote.start + 10],
    )
    annotation.themes.add(energy)
    html = researcher_client.get(URL, {"theme": "energy"}).content.decode()
    assert shown_quote_ids(html) == {quote.pk}
    assert ">Energy</span>" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"speaker": "nobody-at-all"}, "There is no speaker"),
        ({"published_from": "2024-13-45"}, "Give the date as YYYY-MM-DD"),
        ({"q": "x" * 5000}, "Search for at most 200 characters"),
        ({"outlet": "<b>bold</b>"}, "There is no such outlet"),
        ({"published_from": "2024-06-01", "published_to": "2024-05-01"}, "start date is after"),
    ],
)
def test_bad_filters_get_a_clear_message_and_no_500(researcher_client, seeds, params, message):
    response = researcher_client.get(URL, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert shown_quote_ids(html) == set()
    assert "<b>bold</b>" not in html
    export = researcher_client.get(reverse("articles:quote-export", args=["csv"]), params)
    assert export.status_code == 400


@pytest.mark.parametrize(
    "words",
    [
        "'; DROP TABLE articles_quote; --",
        "<script>alert(1)</script>",
        '"unbalanced',
        "&&& |||",
        "ü ø 中国",
    ],
)
def test_sql_and_html_in_the_search_box_are_just_words(researcher_client, seeds, words):
    response = researcher_client.get(URL, {"q": words})
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content
    assert Quote.objects.count() > 0


def test_a_page_past_the_end_shows_the_last_page(researcher_client, seeds):
    response = researcher_client.get(URL, {"page": "9999"})
    assert response.status_code == 200
    assert shown_quote_ids(response.content.decode())


def test_each_quote_links_to_its_place_in_the_reader(researcher_client, seeds):
    quote = Quote.objects.get(text__startswith="Gazprom’s losses")
    html = researcher_client.get(URL, {"q": "Gazprom"}).content.decode()
    assert f'href="{quote.article.get_absolute_url()}#quote-{quote.pk}"' in html
    reader = researcher_client.get(quote.article.get_absolute_url()).content.decode()
    assert f'id="quote-{quote.pk}"' in reader


def test_csv_cells_that_look_like_formulas_are_neutralised(researcher_client, seeds):
    quote = Quote.objects.first()
    Quote.objects.filter(pk=quote.pk).update(text='=HYPERLINK("http://evil")')
    Person.objects.filter(pk=quote.speaker_id).update(name="@SUM(A1)")
    content = b"".join(
        researcher_client.get(reverse("articles:quote-export", args=["csv"])).streaming_content
    ).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    row = next(
        r for r in rows if int(r["start"]) == quote.start and r["file"] == quote.article.source_name
    )
    assert row["text"].startswith("'=")
    assert row["speaker"] == "'@SUM(A1)"


def _make_quotes(count: int) -> None:
    outlet, _ = Outlet.objects.get_or_create(name="Wire")
    person, _ = Person.objects.get_or_create(name="Jane Roe")
    first = Article.objects.count()
    for n in range(first, first + count):
        body = f"“Statement number {n},” said Jane Roe."
        article = Article.objects.create(
            outlet=outlet, title=f"Story {n}", body=body, raw=body, source_name=f"{n}.txt"
        )
        Quote.objects.create(
            article=article,
            speaker=person,
            text=f"Statement number {n},",
            start=1,
            end=len(f"Statement number {n},") + 1,
        )


def test_query_count_does_not_grow_with_rows(researcher_client, db):
    _make_quotes(3)
    researcher_client.get(URL)
    with CaptureQueriesContext(connection) as few:
        researcher_client.get(URL)
    _make_quotes(40)
    with CaptureQueriesContext(connection) as many:
        response = researcher_client.get(URL, {"q": "Statement"})
    assert b"43 quotes" in response.content
    assert len(many) <= len(few) + 1  # the search itself may add nothing or a count
    assert len(many) <= 12


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text index exists on PostgreSQL only"
)
def test_postgresql_search_uses_the_gin_index(seeds):
    from articles.filters import quote_filter

    queryset = quote_filter({"q": "multipolar"}, None).qs  # no theme filter: no viewer
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "articles_quote_search_vector" in plan


def test_the_csv_export_is_utf8_with_a_byte_order_mark_and_every_field_quoted(
    researcher_client, seeds
):
    """Spreadsheets read it as UTF-8 ("Xi’s" not "Xiâ€™s"), and a cell that a semicolon or
    tab locale splits after a separator starts no formula there."""
    quote = Quote.objects.first()
    Quote.objects.filter(pk=quote.pk).update(text='Xi’s plan; =HYPERLINK("http://evil")')
    raw = b"".join(
        researcher_client.get(reverse("articles:quote-export", args=["csv"])).streaming_content
    )
    assert raw.startswith("\ufeff".encode())
    text = raw.decode("utf-8-sig")
    assert text.startswith('"file","outlet","speaker"')
    # numbers and flags quoted too: "start","end" of the changed quote, side by side
    assert f'"{quote.start}","{quote.end}"' in text
    assert text.count("Xi’s plan; '=HYPERLINK") == 1
    assert text.count("; =HYPERLINK") == 0


# --- issue 36, item 3: a theme filter that says what it means and what emptied the page ----


def test_the_theme_filter_can_look_in_the_lexicons_suggestions_marked_as_unreviewed(
    researcher_client, seeds
):
    ukraine = Theme.objects.get(slug="ukraine")
    refresh_suggestions(theme_ids=[ukraine.pk])  # what the worker does after an import
    suggested = ThemeSuggestion.objects.filter(theme=ukraine).exclude(
        state=ThemeSuggestion.State.DISMISSED
    )
    assert suggested.count() >= 3  # the seeds speak of Ukraine; no editor tagged anything
    inside = {
        quote.pk
        for quote in Quote.objects.all()
        if any(s.article_id == quote.article_id and s.start < quote.end and quote.start < s.end
               for s in suggested)
    }  # fmt: skip
    assert len(inside) >= 2
    by_editors = every_shown_quote_id(researcher_client, {"theme": "ukraine"})
    by_lexicon = every_shown_quote_id(
        researcher_client, {"theme": "ukraine", "theme_source": "lexicon"}
    )
    assert (len(by_editors), by_lexicon) == (0, inside)
    html = researcher_client.get(URL).content.decode()
    assert "in a lexicon suggestion (unreviewed)" in html
    assert 'aria-describedby="theme-help"' in html


def test_a_dismissed_suggestion_no_longer_puts_its_quotes_under_the_theme(researcher_client, seeds):
    ukraine = Theme.objects.get(slug="ukraine")
    refresh_suggestions(theme_ids=[ukraine.pk])
    params = {"theme": "ukraine", "theme_source": "lexicon"}
    before = every_shown_quote_id(researcher_client, params)
    assert len(before) >= 2
    ThemeSuggestion.objects.filter(theme=ukraine).update(state=ThemeSuggestion.State.DISMISSED)
    assert every_shown_quote_id(researcher_client, params) == set()


def test_an_empty_result_names_the_filter_that_emptied_it(researcher_client, seeds):
    putin_quotes = every_shown_quote_id(researcher_client, {"speaker_name": "Putin"})
    assert len(putin_quotes) >= 3
    html = researcher_client.get(URL, {"speaker_name": "Putin", "theme": "ukraine"}).content
    page = html.decode()
    assert "No quotes match these filters." in page
    assert page.count("remove this filter") == 1  # only the theme, alone, empties it
    assert "Theme: Ukraine (in an editor’s highlight)" in page
    assert f"without it, {len(putin_quotes)} quote" in page
    assert 'href="?speaker_name=Putin"' in page
    assert "Look in the lexicon’s suggestions instead" in page


def test_when_no_single_filter_empties_it_the_page_says_so(researcher_client, seeds):
    params = {"q": "zzzunheardof", "theme": "ukraine"}
    page = researcher_client.get(URL, params).content.decode()
    assert "remove this filter" not in page
    assert "No single filter empties it" in page


def test_the_outlet_filter_offers_articles_of_no_known_outlet(researcher_client, seeds):
    wire = Outlet.objects.create(name="Example Wire", slug="example-wire")
    Article.objects.filter(pk=seeds["000"].pk).update(outlet=wire)
    shown = every_shown_quote_id(researcher_client, {"outlet": "unknown"})
    expected = Quote.objects.filter(article__outlet__isnull=True)
    assert shown == set(expected.values_list("pk", flat=True))
    assert 1 <= len(shown) < Quote.objects.count()
    assert shown.isdisjoint(Quote.objects.filter(article=seeds["000"]).values_list("pk", flat=True))
    assert ">Unknown outlet</option>" in researcher_client.get(URL).content.decode()


# --- issue 36, item 7: a typed name with a title finds its speaker; an unknown one says so ----


@pytest.mark.parametrize(
    ("typed", "speaker"),
    [
        ("Mr. Xi", "Xi Jinping"),
        ("President Putin", "Vladimir Putin"),
        ("  mr  XI. ", "Xi Jinping"),
        ("Xi Jinping’s", "Xi Jinping"),
        ("Vladimir Vladimirovich Putin", "Vladimir Putin"),
    ],
)
def test_titles_honorifics_and_punctuation_fold_in_speaker_search(
    researcher_client, seeds, typed, speaker
):
    person = Person.objects.get(name=speaker)
    chosen = every_shown_quote_id(researcher_client, {"speaker": person.slug})
    assert len(chosen) >= 2
    assert every_shown_quote_id(researcher_client, {"speaker_name": typed}) == chosen


def test_a_name_no_speaker_has_says_so_instead_of_showing_nothing(researcher_client, seeds):
    page = researcher_client.get(URL, {"speaker_name": "Mr. Nobody-At-All"}).content.decode()
    assert "No speaker is called “Mr. Nobody-At-All”" in page
    assert "These filters could not be applied" in page
    assert shown_quote_ids(page) == set()


def test_person_called_prefers_the_name_as_typed_over_the_name_without_titles(seeds):
    xi = Person.objects.get(name="Xi Jinping")
    general = Person.objects.create(name="General Xi", slug="general-xi")
    general.aliases.create(alias="General Xi", normalised="general xi")
    assert queries.person_called("General Xi") == general.pk
    assert queries.person_called("Gen. Xi") == xi.pk
    assert queries.person_called("") is None
    assert queries.person_called("Mr.") is None
