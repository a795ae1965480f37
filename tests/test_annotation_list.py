"""/annotations/ (issue 33): every annotation in one place, each filter narrowing as stated,
search in notes and passages, pagination, exports of exactly the selection, roles, and a
query count that does not grow with the page."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from annotations import rounds, services
from annotations.listing import annotation_filter
from annotations.models import Annotation
from articles.models import Article, Outlet, Theme
from tests.html import text_content


def results_text(response) -> str:
    """What the results section says, as a reader sees it (tags gone, entities decoded)."""
    return " ".join(text_content(response.content.decode(), "data-annotation-results").split())


LIST = reverse("annotations:list")
HX = {"HX-Request": "true"}

FLOODS = (
    "Rescue teams evacuated thousands of people from villages near Imola on Tuesday. "
    "The regional government asked for army help with pumps and pipelines. "
    "Farmers said the harvest of peaches was lost for a second year."
)
SUMMIT = (
    "Leaders of the G20 agreed on Saturday to admit the African Union as a member. "
    "Delegates said the energy transition would need cheaper finance for Africa. "
    "The host spoke of a family of nations sharing one future."
)


def make_article(title: str, body: str, outlet: Outlet | None) -> Article:
    return Article.objects.create(
        title=title, body=body, raw=body, source_name=f"{title}.txt", outlet=outlet,
        content_hash=title,
    )  # fmt: skip


def annotate(article: Article, author, phrase: str, themes=(), note: str = "") -> Annotation:
    start = article.body.index(phrase)
    data = {"start": start, "end": start + len(phrase), "themes": list(themes), "note": note}
    return services.create_annotation(article, author, data)


@pytest.fixture
def corpus(db, editor, staff_admin):
    """Two articles of two outlets; four annotations by two authors over three days."""
    wire, paper = (
        Outlet.objects.create(name="Wire", slug="wire"),
        Outlet.objects.create(name="Paper", slug="paper"),
    )
    floods = make_article("Floods in Emilia-Romagna", FLOODS, wire)
    summit = make_article("G20 admits the African Union", SUMMIT, paper)
    energy, economy = (
        Theme.objects.get(slug="energy"),
        Theme.objects.get(slug="sanctions-and-trade"),
    )
    made = {
        "pumps": annotate(floods, editor, "army help with pumps and pipelines", [energy],
                          "Ask the ministry how many pumps arrived."),
        "harvest": annotate(floods, staff_admin, "the harvest of peaches was lost", [economy]),
        "finance": annotate(summit, editor, "cheaper finance for Africa", [energy, economy],
                            "Compare with the Paris pledge."),
        "family": annotate(summit, staff_admin, "a family of nations", [], "A slogan."),
    }  # fmt: skip
    days = {"pumps": 3, "harvest": 2, "finance": 1, "family": 0}  # days ago
    now = dt.datetime.now(dt.UTC)
    for key, annotation in made.items():
        Annotation.objects.filter(pk=annotation.pk).update(
            created=now - dt.timedelta(days=days[key])
        )
    return {"floods": floods, "summit": summit, **made}


def shown(response) -> list[int]:
    """The annotations a page lists, in its order (their row ids)."""
    html = response.content.decode()
    return [int(part.split('"')[0]) for part in html.split('data-annotation-row="')[1:]]


def ids(corpus, *keys: str) -> list[int]:
    return [corpus[key].pk for key in keys]


def test_lists_every_annotation_newest_first_with_its_passage_and_link(researcher_client, corpus):
    response = researcher_client.get(LIST)
    assert response.status_code == 200
    assert shown(response) == ids(corpus, "family", "finance", "harvest", "pumps")
    text = results_text(response)
    assert "4 annotations" in text
    assert "Compare with the Paris pledge." in text
    reader = reverse("annotations:reader", args=[corpus["summit"].pk])
    assert f'href="{reader}#annotation-{corpus["finance"].pk}"' in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"theme": "energy"}, ["finance", "pumps"]),
        ({"theme": "sanctions-and-trade"}, ["finance", "harvest"]),
        ({"author": "eddie"}, ["finance", "pumps"]),
        ({"author": "ada"}, ["family", "harvest"]),
        ({"outlet": "wire"}, ["harvest", "pumps"]),
        ({"theme": "energy", "outlet": "paper"}, ["finance"]),
    ],
)
def test_each_filter_narrows_to_what_it_names(researcher_client, corpus, query, expected):
    assert shown(researcher_client.get(LIST, query)) == ids(corpus, *expected)


def test_the_article_filter_and_the_date_range(researcher_client, corpus):
    one = researcher_client.get(LIST, {"article": corpus["floods"].pk})
    assert shown(one) == ids(corpus, "harvest", "pumps")
    today = timezone.localdate()
    recent = {"created_from": (today - dt.timedelta(days=1)).isoformat()}
    assert shown(researcher_client.get(LIST, recent)) == ids(corpus, "family", "finance")
    older = {"created_to": (today - dt.timedelta(days=2)).isoformat()}
    assert shown(researcher_client.get(LIST, older)) == ids(corpus, "harvest", "pumps")


def test_search_finds_a_note_by_a_word_in_it_and_a_passage_by_a_word_in_it(
    researcher_client, corpus
):
    assert shown(researcher_client.get(LIST, {"q": "ministry"})) == ids(corpus, "pumps")
    assert shown(researcher_client.get(LIST, {"q": "peaches"})) == ids(corpus, "harvest")
    # Both words, one in the passage and one in the note of the same annotation.
    both = researcher_client.get(LIST, {"q": "finance Paris"})
    assert shown(both) == ids(corpus, "finance")
    assert shown(researcher_client.get(LIST, {"q": "volcano"})) == []


def test_a_bad_filter_says_why_and_shows_nothing(researcher_client, corpus):
    response = researcher_client.get(LIST, {"theme": "no-such-theme"})
    assert shown(response) == []
    assert "There is no such theme." in results_text(response)
    backwards = researcher_client.get(
        LIST, {"created_from": "2026-05-02", "created_to": "2026-05-01"}
    )
    assert "The start date is after the end date." in results_text(backwards)


def test_htmx_gets_the_results_only_and_the_page_holds_that_fragment(researcher_client, corpus):
    fragment = researcher_client.get(LIST, {"theme": "energy"}, headers=HX).content.decode()
    assert fragment.lstrip().startswith('<section id="annotation-results"')
    page = researcher_client.get(LIST, {"theme": "energy"}).content.decode()
    assert fragment.strip() in page


def test_fifty_a_page(researcher_client, corpus, editor):
    for number in range(60):
        annotate(corpus["floods"], editor, "Rescue teams", note=f"n{number}")
    first = researcher_client.get(LIST)
    second = researcher_client.get(LIST, {"page": 2})
    assert (len(shown(first)), len(shown(second))) == (50, 14)
    assert not set(shown(first)) & set(shown(second))


def test_query_count_does_not_grow_with_the_page(researcher_client, corpus, editor):
    def queries(query: dict) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert researcher_client.get(LIST, query).status_code == 200
        return len(captured)

    few = queries({"q": "finance"})
    for number in range(40):
        annotation = annotate(corpus["summit"], editor, "cheaper finance", note=f"n{number}")
        services.create_reply(annotation, editor, "Agreed.")
    many = queries({"q": "finance"})
    assert len(shown(researcher_client.get(LIST, {"q": "finance"}))) == 41
    assert many == few


def test_the_exports_hold_exactly_the_selection(researcher_client, corpus):
    response = researcher_client.get(reverse("annotations:list-export", args=["json"]),
                                     {"theme": "energy"})  # fmt: skip
    records = json.loads(b"".join(response.streaming_content))
    assert [r["id"] for r in records] == ids(corpus, "finance", "pumps")
    assert records[0]["themes"] == ["Energy", "Sanctions and trade"]
    assert records[0]["note"] == "Compare with the Paris pledge."
    assert records[0]["reader_url"].endswith(f"#annotation-{corpus['finance'].pk}")
    response = researcher_client.get(reverse("annotations:list-export", args=["csv"]),
                                     {"author": "ada"})  # fmt: skip
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [int(r["id"]) for r in rows] == ids(corpus, "family", "harvest")
    assert rows[0]["exact"] == "a family of nations"


def test_an_export_with_a_bad_filter_is_refused_with_the_reason(researcher_client, corpus):
    response = researcher_client.get(reverse("annotations:list-export", args=["csv"]),
                                     {"outlet": "nowhere"})  # fmt: skip
    assert response.status_code == 400
    assert "There is no such outlet." in response.content.decode()


def test_notes_and_passages_stay_text(researcher_client, corpus, editor):
    annotate(corpus["floods"], editor, "Rescue teams", note="<script>alert(1)</script>")
    html = researcher_client.get(LIST).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_outsiders_and_anonymous_users_see_nothing(client, outsider, corpus):
    assert client.get(LIST).status_code == 302  # to the login page
    client.force_login(outsider)
    assert client.get(LIST).status_code == 403
    export = reverse("annotations:list-export", args=["json"])
    assert client.get(export).status_code == 403


def test_the_round_filter_lists_a_rounds_work_or_what_is_outside_rounds(
    researcher_client, corpus, editor, staff_admin
):
    coding_round = rounds.create_round(
        "Open pilot", [corpus["floods"].pk], ["eddie", "ada"], blind=False
    )
    work = annotate(corpus["floods"], editor, "Rescue teams", note="round work")
    assert work.coding_round == coding_round
    in_round = researcher_client.get(LIST, {"coding_round": coding_round.pk})
    assert shown(in_round) == [work.pk]
    outside = researcher_client.get(LIST, {"coding_round": "none"})
    assert shown(outside) == ids(corpus, "family", "finance", "harvest", "pumps")


def test_an_export_record_holds_every_field_as_stored(researcher_client, corpus, editor):
    body = FLOODS + " Roads reopened."
    untitled = Article.objects.create(
        title="", body=body, raw=body, source_name="wire-0516.txt", url="https://x.example/a",
    )  # fmt: skip
    made = annotate(untitled, editor, "Rescue teams", note="by someone who left")
    editor.delete()
    response = researcher_client.get(reverse("annotations:list-export", args=["json"]),
                                     {"article": untitled.pk})  # fmt: skip
    (record,) = json.loads(b"".join(response.streaming_content))
    made.refresh_from_db()
    assert record == {
        "id": made.pk, "article": untitled.pk, "title": "wire-0516.txt", "outlet": None,
        "author": "deleted user", "created": made.created.isoformat(),
        "updated": made.updated.isoformat(), "start": 0, "end": 12, "exact": "Rescue teams",
        "prefix": "", "suffix": made.suffix, "note": "by someone who left", "themes": [],
        "replies": 0, "orphaned": False,
        "reader_url": f"http://testserver/articles/{untitled.pk}/#annotation-{made.pk}",
    }  # fmt: skip
    assert made.suffix == FLOODS[12:44]
    wire = researcher_client.get(reverse("annotations:list-export", args=["json"]),
                                 {"outlet": "wire"})  # fmt: skip
    assert {r["outlet"] for r in json.loads(b"".join(wire.streaming_content))} == {"Wire"}


def test_an_export_larger_than_a_batch_holds_every_row_once(
    researcher_client, corpus, editor, monkeypatch
):
    monkeypatch.setattr("annotations.listing.EXPORT_BATCH", 3)
    for number in range(4):
        services.create_reply(corpus["pumps"], editor, f"reply {number}")
    response = researcher_client.get(reverse("annotations:list-export", args=["json"]))
    records = json.loads(b"".join(response.streaming_content))
    assert [r["id"] for r in records] == ids(corpus, "family", "finance", "harvest", "pumps")
    assert [r["replies"] for r in records] == [0, 0, 0, 4]


def test_a_row_without_replies_says_none_and_dates_are_date_inputs(researcher_client, corpus):
    html = researcher_client.get(LIST).content.decode()
    assert html.count('<span class="reply-count">0 replies</span>') == 4
    assert html.count('type="date"') == 2
    wrong = researcher_client.get(LIST, {"created_from": "16 May"})
    assert "Give the date as YYYY-MM-DD." in results_text(wrong)
    assert shown(wrong) == []


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text index exists on PostgreSQL only"
)
def test_postgresql_search_uses_the_gin_index(corpus, researcher):
    queryset = annotation_filter({"q": "pumps"}, researcher).qs
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "annotations_annotation_search_vector" in plan
