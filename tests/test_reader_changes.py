"""After a save or delete, the reader gets only what changed (out-of-band swaps), and what
it gets is exactly what a full reload would show in those places."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations.models import Annotation
from annotations.services import create_annotation
from articles.models import Article, Theme
from articles.rendering import paragraph_spans
from tests.test_annotations import HX, create_url, selection

PARAGRAPH = re.compile(r'<p id="paragraph-(\d+)"( hx-swap-oob="true")?>.*?</p>(?=\n\n|<)', re.S)


@pytest.fixture
def article(seeds) -> Article:
    return seeds["000"]


@pytest.fixture
def energy(db) -> Theme:
    return Theme.objects.get(slug="energy")


def paragraphs_in(html: str) -> dict[int, str]:
    """Each reader paragraph in ``html`` by number, without its out-of-band attribute."""
    return {
        int(match.group(1)): match.group(0).replace(' hx-swap-oob="true"', "")
        for match in PARAGRAPH.finditer(html)
    }


def paragraph_of(article: Article, position: int) -> int:
    return next(
        n for n, (start, end) in enumerate(paragraph_spans(article.body)) if start <= position < end
    )


def reload(client, article: Article) -> str:
    return client.get(article.get_absolute_url()).content.decode()


def page_state(client, article: Article) -> dict:
    """What the reader sends with every write: the version of the text it shows (in the
    page) and the entries it lists (``shown``, added by annotate.js)."""
    html = reload(client, article)
    text = re.search(r'name="text" id="panel-state" value="([^"]+)"', html).group(1)
    shown = re.findall(r'data-annotation-item="(\d+)"', html)
    return {"text": text, "shown": ",".join(shown)}


def some_annotations(article: Article, author, count: int) -> None:
    """``count`` one-word highlights spread over the whole article."""
    words = list(re.finditer(r"[A-Za-z]{5,}", article.body))
    for match in words[:: max(1, len(words) // count)][:count]:
        create_annotation(article, author, {"start": match.start(), "end": match.end()})


def test_a_save_answers_with_the_touched_paragraph_entry_count_and_legend(
    editor_client, editor, article, energy
):
    some_annotations(article, editor, 12)
    data = {**selection(article, "Power of Siberia 2"), "themes": [energy.pk]}
    response = editor_client.post(
        create_url(article), {**data, **page_state(editor_client, article)}, headers=HX
    )
    assert response.status_code == 200
    assert response["HX-Reswap"] == "none"
    html = response.content.decode()
    new = Annotation.objects.latest("pk")
    touched = paragraph_of(article, new.start)
    assert set(paragraphs_in(html)) == {touched}
    # What a reload shows in that paragraph, mark for mark.
    assert paragraphs_in(html)[touched] == paragraphs_in(reload(editor_client, article))[touched]
    assert f'id="annotation-item-{new.pk}"' in html
    assert f'id="annotation-count" hx-swap-oob="true">{Annotation.objects.count()}<' in html
    assert 'id="annotation-legend" hx-swap-oob="true"' in html
    assert "Energy" in html


def test_a_new_entry_carries_its_place_in_reading_order(editor_client, editor, article):
    some_annotations(article, editor, 12)
    data = {**selection(article, "Power of Siberia 2"), **page_state(editor_client, article)}
    html = editor_client.post(create_url(article), data, headers=HX).content.decode()
    new = Annotation.objects.latest("pk")
    # annotate.js moves it from the end of the list to its place by these.
    assert f'data-annotation-item="{new.pk}" data-start="{new.start}" data-end="{new.end}"' in html


def test_an_edit_replaces_its_entry_and_recolours_its_paragraph(
    editor_client, editor, article, energy
):
    some_annotations(article, editor, 5)
    annotation = Annotation.objects.order_by("pk").first()
    url = reverse("annotations:edit", args=[annotation.pk])
    data = {"themes": [energy.pk], "note": "now <energy>", "version": annotation.version,
            **page_state(editor_client, article)}  # fmt: skip
    html = editor_client.post(url, data, headers=HX).content.decode()
    assert 'tabindex="0" hx-swap-oob="true">' in html
    assert "now &lt;energy&gt;" in html
    touched = paragraph_of(article, annotation.start)
    assert paragraphs_in(html)[touched] == paragraphs_in(reload(editor_client, article))[touched]
    assert f"a-{energy.pk}" in paragraphs_in(html)[touched]


def test_a_delete_removes_its_entry_and_its_marks(editor_client, editor, article):
    some_annotations(article, editor, 5)
    annotation = Annotation.objects.order_by("pk").last()
    url = reverse("annotations:delete", args=[annotation.pk])
    data = {"version": annotation.version, **page_state(editor_client, article)}
    html = editor_client.post(url, data, headers=HX).content.decode()
    assert f'<li id="annotation-item-{annotation.pk}" hx-swap-oob="delete"></li>' in html
    touched = paragraph_of(article, annotation.start)
    assert set(paragraphs_in(html)) == {touched}
    assert f'data-annotation-id="{annotation.pk}"' not in html
    assert paragraphs_in(html)[touched] == paragraphs_in(reload(editor_client, article))[touched]
    assert 'id="annotation-count" hx-swap-oob="true">4<' in html


@pytest.mark.parametrize(
    "extra",
    [{"theme": "energy"}, {"mine": "1"}, {"new_theme": "Arctic shipping"}],
    ids=["theme filter", "mine only", "new theme"],
)
def test_a_filtered_panel_or_a_new_theme_gets_the_whole_fragment(
    editor_client, editor, article, energy, extra
):
    some_annotations(article, editor, 3)
    data = {**selection(article, "Power of Siberia 2"), "themes": [energy.pk], **extra,
            **page_state(editor_client, article)}  # fmt: skip
    response = editor_client.post(create_url(article), data, headers=HX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div class="reader-layout" id="annotated">')
    assert "HX-Reswap" not in response
    if "theme" in extra:  # the filter is kept: only the Energy annotation is listed
        assert html.count("data-annotation-item=") == 1


def test_the_first_annotation_gets_the_whole_fragment(editor_client, article):
    data = {**selection(article, "Power"), **page_state(editor_client, article)}
    response = editor_client.post(create_url(article), data, headers=HX)
    assert response.content.decode().lstrip().startswith('<div class="reader-layout"')


def test_other_editors_changes_are_counted_with_a_link_not_pulled_in(
    editor_client, editor, staff_admin, article
):
    from annotations.services import delete_annotation

    some_annotations(article, editor, 4)
    state = page_state(editor_client, article)  # the page is drawn now; then someone else…
    theirs = article.body.index("Zhongnanhai")
    added = create_annotation(article, staff_admin, {"start": theirs, "end": theirs + 11})
    delete_annotation(Annotation.objects.order_by("pk").first(), None, staff_admin)
    data = {**selection(article, "Power of Siberia 2"), **state}
    html = editor_client.post(create_url(article), data, headers=HX).content.decode()
    mine = Annotation.objects.latest("pk")
    assert f'id="annotation-item-{mine.pk}"' in html
    assert f'id="annotation-item-{added.pk}"' not in html  # theirs is not pulled in…
    assert "1 annotation added and 1 removed by other editors" in html  # …but announced
    assert f'hx-get="{article.get_absolute_url()}"' in html
    assert set(paragraphs_in(html)) == {paragraph_of(article, mine.start)}


def test_a_page_showing_an_older_text_gets_the_whole_fragment(editor_client, editor, article):
    some_annotations(article, editor, 3)
    data = {**selection(article, "Power of Siberia 2"), **page_state(editor_client, article)}
    data["text"] = "0" * 64  # drawn before the article was re-imported
    html = editor_client.post(create_url(article), data, headers=HX).content.decode()
    assert html.lstrip().startswith('<div class="reader-layout" id="annotated">')


def test_without_the_list_of_shown_entries_the_whole_fragment_is_sent(
    editor_client, editor, article
):
    some_annotations(article, editor, 3)
    data = selection(article, "Power of Siberia 2")
    html = editor_client.post(create_url(article), data, headers=HX).content.decode()
    assert html.lstrip().startswith('<div class="reader-layout" id="annotated">')


def test_the_answer_stays_small_and_its_queries_do_not_grow(editor_client, editor, article):
    def save(phrase: str) -> tuple[int, int]:
        data = {**selection(article, phrase), **page_state(editor_client, article)}
        with CaptureQueriesContext(connection) as queries:
            response = editor_client.post(create_url(article), data, headers=HX)
        assert response["HX-Reswap"] == "none"
        return len(queries), len(response.content)

    some_annotations(article, editor, 10)
    few_queries, _ = save("Power of Siberia 2")
    some_annotations(article, editor, 60)
    many_queries, size = save("Zhongnanhai compound")
    assert many_queries == few_queries
    assert size < len(reload(editor_client, article)) / 10
