"""/changes/ in words (issue 36, item 9): speakers and themes by name, the passage, and a link
to the place of each change naming its article — never a raw record with internal ids."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations.models import Annotation
from articles.models import Person, Quote, Theme
from tests.test_annotations import create_url, selection

URL = reverse("articles:changes")


@pytest.fixture
def article(seeds):
    return seeds["000"]


def rows(html: str) -> list[str]:
    return re.findall(r'<tr data-change="\d+">(.*?)</tr>', html, re.S)


def test_an_annotation_edit_reads_in_theme_names_with_a_link_to_its_highlight(
    editor_client, article
):
    energy, ukraine = Theme.objects.get(slug="energy"), Theme.objects.get(slug="ukraine")
    editor_client.post(create_url(article), {**selection(article, "Harbin"), "themes": [energy.pk]})
    annotation = Annotation.objects.get()
    edit = reverse("annotations:edit", args=[annotation.pk])
    editor_client.post(edit, {"note": "Rail link", "themes": [ukraine.pk], "version": 1})
    edited, created = rows(editor_client.get(URL).content.decode())
    link = f'href="{article.get_absolute_url()}#annotation-item-{annotation.pk}"'
    assert edited.count(link) == 1
    assert f"highlight in “{article.display_title}”" in edited
    assert "<dt>Themes</dt><dd>Energy → <strong>Ukraine</strong></dd>" in edited
    assert "<dt>Note</dt><dd>— → <strong>Rail link</strong></dd>" in edited
    assert "<dt>Passage</dt><dd>Harbin</dd>" in edited
    assert "{" not in edited  # no raw record
    assert "'themes'" not in edited
    assert created.count(link) == 1


def test_a_quote_correction_names_both_speakers_and_links_to_the_quote(editor_client, article):
    quote = Quote.objects.filter(article=article).exclude(speaker=None).first()
    before = quote.speaker.name
    other = Person.objects.exclude(pk=quote.speaker_id).order_by("name").first()
    data = {"speaker": other.pk, "start": quote.start, "end": quote.end, "kind": quote.kind,
            "version": quote.version}  # fmt: skip
    editor_client.post(reverse("articles:quote-correct", args=[quote.pk]), data)
    [row] = rows(editor_client.get(URL).content.decode())
    assert f"<dt>Speaker</dt><dd>{before} → <strong>{other.name}</strong></dd>" in row
    assert f'href="{article.get_absolute_url()}#quote-{quote.pk}"' in row
    assert f"quote in “{article.display_title}”" in row
    assert f"quote {quote.pk}" not in row  # no bare internal id


def test_a_deleted_annotation_keeps_its_place_in_words(editor_client, article):
    editor_client.post(create_url(article), selection(article, "Harbin"))
    annotation = Annotation.objects.get()
    delete = reverse("annotations:delete", args=[annotation.pk])
    editor_client.post(delete, {"version": annotation.version})
    deleted, _created = rows(editor_client.get(URL).content.decode())
    assert f"highlight in “{article.display_title}”" in deleted
    assert "<dt>Passage</dt><dd>Harbin</dd>" in deleted


def test_the_words_cost_a_fixed_number_of_queries(editor_client, article):
    quotes = list(Quote.objects.filter(article=article).exclude(speaker=None)[:3])
    people = list(Person.objects.order_by("name")[:2])

    def correct(quote, speaker) -> None:
        quote.refresh_from_db()
        data = {"speaker": speaker.pk, "start": quote.start, "end": quote.end,
                "kind": quote.kind, "version": quote.version}  # fmt: skip
        editor_client.post(reverse("articles:quote-correct", args=[quote.pk]), data)

    editor_client.post(create_url(article), selection(article, "Harbin"))
    correct(quotes[0], people[0])
    with CaptureQueriesContext(connection) as few:
        editor_client.get(URL)
    for phrase in ("Beijing", "Putin"):
        editor_client.post(create_url(article), selection(article, phrase))
    for quote in quotes[1:]:
        correct(quote, people[1])
    with CaptureQueriesContext(connection) as more:
        page = editor_client.get(URL).content.decode()
    assert len(rows(page)) == 6
    assert len(more) == len(few)
