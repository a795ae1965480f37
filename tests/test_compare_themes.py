"""/compare/: a theme's passages side by side, lexicon suggestions, accept and dismiss."""

from __future__ import annotations

import re
from collections import Counter

from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext

from annotations.models import Annotation
from articles.models import Article, Theme
from compare.models import ThemePassage, ThemeSuggestion
from compare.refresh import refresh_all, refresh_suggestions
from compare.suggestions import suggest_themes


def test_the_lexicon_matches_whole_tokens_case_insensitively_per_sentence():
    text = (
        "Talks on Gaza went nowhere. The POWER OF SIBERIA 2 pipeline stalled.\n\n"
        "Gas prices fell. Nothing else happened"
    )
    found = suggest_themes({1: text}, {7: ["gas", "Power of Siberia 2"]})[1]
    sentences = [text[s.start : s.end] for s in found]
    assert sentences == ["The POWER OF SIBERIA 2 pipeline stalled.", "Gas prices fell."]
    assert found[0].terms == ("power of siberia 2",)


def cells_by_row(html: str) -> list[tuple[int, int, str]]:
    """(row, column, text) of every passage on the page."""
    found = []
    cell = (
        r'<div class="cell[^"]*" data-row="(\d+)" data-column="(\d+)">(.*?)</div>\s*'
        r"(?=<div class=\"cell|</div>\s*</div>)"
    )
    for row, column, body in re.findall(cell, html, re.S):
        for text in re.findall(r"<p>(.*?)</p>", body, re.S):
            found.append((int(row), int(column), text))
    return found


def test_energy_puts_the_power_of_siberia_passages_on_one_row_and_the_gas_pipeline_next(
    researcher_client, seeds
):
    refresh_all()
    html = researcher_client.get("/compare/?theme=energy").content.decode()
    assert html.count('class="column-head"') == 5
    heads = re.findall(r'<header class="column-head" data-column="(\d+)">', html)
    column_of = {int(pk): index for index, pk in enumerate(heads)}
    passages = cells_by_row(html)
    siberia = {(row, column) for row, column, text in passages if "Power of Siberia 2" in text}
    rows = {row for row, _ in siberia}
    assert len(rows) == 1, siberia
    assert {column for _, column in siberia} == {
        column_of[seeds["000"].pk],
        column_of[seeds["002"].pk],
    }
    [siberia_row] = rows
    gas_pipeline = [row for row, column, text in passages
                    if column == column_of[seeds["003"].pk] and "gas pipeline" in text]  # fmt: skip
    assert gas_pipeline
    assert abs(gas_pipeline[0] - siberia_row) <= 1


def test_annotations_and_suggestions_are_told_apart(editor_client, seeds, editor):
    article = seeds["000"]
    start = article.body.index("One notable uncompleted agreement")
    end = article.body.index(".", start) + 1
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = editor_client.post(
            f"/articles/{article.pk}/annotations/",
            {"start": start, "end": end, "exact": article.body[start:end],
             "themes": [Theme.objects.get(slug="energy").pk]},
        )  # fmt: skip
    assert response.status_code == 302  # a plain form post: back to the reader
    refresh_all()
    html = editor_client.get("/compare/?theme=energy").content.decode()
    assert 'data-origin="annotation"' in html
    assert 'data-origin="suggestion"' in html
    annotated = ThemePassage.objects.get(origin="annotation")
    assert annotated.text.startswith("One notable uncompleted agreement")
    # The suggestion for the same sentence gives way to the editor's annotation.
    assert not ThemePassage.objects.filter(origin="suggestion", article=article,
                                           start=annotated.start).exists()  # fmt: skip


def test_an_editor_accepts_a_suggestion_in_one_click(editor_client, seeds, editor):
    refresh_all()
    suggestion = ThemeSuggestion.objects.filter(
        theme__slug="energy", exact__contains="Power of Siberia 2"
    ).first()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = editor_client.post(
            f"/compare/suggestions/{suggestion.pk}/accept/", headers={"HX-Request": "true"}
        )
    assert response.status_code == 200
    assert "Accepted: now an annotation" in response.content.decode()
    annotation = Annotation.objects.get()
    assert (annotation.start, annotation.end, annotation.author) == (
        suggestion.start, suggestion.end, editor)  # fmt: skip
    assert list(annotation.themes.values_list("slug", flat=True)) == ["energy"]
    html = editor_client.get("/compare/?theme=energy").content.decode()
    assert html.count('data-origin="annotation"') == 1


def test_a_dismissed_suggestion_stays_dismissed(editor_client, seeds):
    refresh_all()
    suggestion = ThemeSuggestion.objects.filter(theme__slug="energy").first()
    with TestCase.captureOnCommitCallbacks(execute=True):
        editor_client.post(f"/compare/suggestions/{suggestion.pk}/dismiss/")
    refresh_all()  # a full recomputation keeps the decision
    suggestion.refresh_from_db()
    assert suggestion.state == ThemeSuggestion.State.DISMISSED
    html = editor_client.get("/compare/?theme=energy").content.decode()
    assert suggestion.exact not in html.replace("&#x27;", "'").replace("&quot;", '"')


def test_a_dismissal_is_in_the_history_and_the_editor_can_undo_it(editor_client, seeds):
    from articles.models import Change

    refresh_all()
    suggestion = ThemeSuggestion.objects.filter(theme__slug="energy").first()
    with TestCase.captureOnCommitCallbacks(execute=True):
        editor_client.post(f"/compare/suggestions/{suggestion.pk}/dismiss/")
        editor_client.post(f"/compare/suggestions/{suggestion.pk}/dismiss/")  # twice: one record
    change = Change.objects.get(kind=Change.Kind.SUGGESTION_DISMISSED)
    assert "dismissed" in editor_client.get("/changes/").content.decode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = editor_client.post(f"/changes/{change.pk}/undo/")
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.state == ThemeSuggestion.State.OPEN
    assert suggestion.decided_by is None
    refresh_all()
    html = editor_client.get("/compare/?theme=energy").content.decode()
    assert f"/compare/suggestions/{suggestion.pk}/dismiss/" in html  # offered again


def test_dismissing_a_suggestion_another_editor_accepted_is_409_and_it_stays_accepted(
    editor_client, seeds
):
    refresh_all()
    suggestion = ThemeSuggestion.objects.filter(theme__slug="energy").first()
    editor_client.post(f"/compare/suggestions/{suggestion.pk}/accept/")
    response = editor_client.post(
        f"/compare/suggestions/{suggestion.pk}/dismiss/", headers={"HX-Request": "true"}
    )
    assert response.status_code == 409
    assert "Another editor accepted this suggestion already" in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.state == ThemeSuggestion.State.ACCEPTED
    assert suggestion.annotation_id


def test_researchers_cannot_decide_and_unknown_suggestions_are_404(researcher_client, seeds):
    refresh_suggestions()
    suggestion = ThemeSuggestion.objects.first()
    assert (
        researcher_client.post(f"/compare/suggestions/{suggestion.pk}/accept/").status_code == 403
    )
    assert (
        researcher_client.post(f"/compare/suggestions/{suggestion.pk}/dismiss/").status_code == 403
    )
    html = researcher_client.get("/compare/?theme=energy").content.decode()
    assert "Accept as annotation" not in html
    suggestion.refresh_from_db()
    assert suggestion.state == ThemeSuggestion.State.OPEN


def test_unknown_suggestion_is_404_and_get_is_refused(editor_client, db):
    assert editor_client.post("/compare/suggestions/999999/accept/").status_code == 404
    assert editor_client.post("/compare/suggestions/999999/dismiss/").status_code == 404
    assert editor_client.get("/compare/suggestions/999999/accept/").status_code == 405


def test_accepting_needs_the_csrf_token(editor, seeds):
    refresh_suggestions()
    suggestion = ThemeSuggestion.objects.first()
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(f"/compare/suggestions/{suggestion.pk}/accept/").status_code == 403
    assert not Annotation.objects.exists()


def test_an_outdated_suggestion_is_refused_with_a_message(editor_client, seeds):
    refresh_suggestions()
    suggestion = ThemeSuggestion.objects.first()
    ThemeSuggestion.objects.filter(pk=suggestion.pk).update(exact="something else")
    response = editor_client.post(
        f"/compare/suggestions/{suggestion.pk}/accept/", headers={"HX-Request": "true"}
    )
    assert response.status_code == 409
    assert "The article changed" in response.content.decode()
    assert not Annotation.objects.exists()


def test_empty_states_and_404s(researcher_client, seeds):
    # Issue 36, item 12: a 404 that names the choice that does not exist, in the page.
    for query, message in [
        ("theme=no-such-theme", "There is no theme “no-such-theme”."),
        ("theme=energy&article=999999", "There is no article 999999."),
        ("theme=energy&article=abc", "“abc” is not an article number."),
        ("theme=energy&outlet=nowhere", "There is no outlet “nowhere”."),
    ]:
        response = researcher_client.get(f"/compare/?{query}")
        assert response.status_code == 404
        page = response.content.decode()
        assert message in page
        assert page.count('id="compare-errors"') == 1
        assert "Choose a theme" in page  # the form, to choose again
    landing = researcher_client.get("/compare/").content.decode()
    assert "Pick a theme" in landing
    Theme.objects.create(name="Space", slug="space")
    empty = researcher_client.get("/compare/?theme=space").content.decode()
    assert 'id="no-passages"' in empty


def test_a_single_article_gets_a_single_column(researcher_client, seeds):
    refresh_all()
    html = researcher_client.get(
        f"/compare/?theme=energy&article={seeds['003'].pk}"
    ).content.decode()
    assert html.count('class="column-head"') == 1
    assert "gas pipeline" in html


def test_an_outlet_filter_keeps_its_articles(researcher_client, seeds):
    refresh_all()
    html = researcher_client.get(
        "/compare/?theme=ukraine&outlet=china-digital-times"
    ).content.decode()
    assert html.count('class="column-head"') == 1


def test_a_lexicon_change_recomputes_suggestions(admin_client_, seeds):
    theme = Theme.objects.get(slug="taiwan")
    before = ThemeSuggestion.objects.filter(theme=theme).count()
    with TestCase.captureOnCommitCallbacks(execute=True):
        theme.lexicon += "\nZhongnanhai"
        theme.save()
    after = ThemeSuggestion.objects.filter(theme=theme)
    assert after.count() > before
    assert after.filter(exact__contains="Zhongnanhai").exists()


def test_the_page_uses_a_fixed_number_of_queries(researcher_client, seeds):
    refresh_all()
    with CaptureQueriesContext(connection) as few:
        researcher_client.get("/compare/?theme=energy")
    body = seeds["003"].body.replace("Thursday", "Friday")
    Article.objects.create(title="Another", body=body, raw=body, source_name="another.txt")
    refresh_all()
    with CaptureQueriesContext(connection) as more:
        researcher_client.get("/compare/?theme=energy")
    assert len(more) == len(few)


def test_users_without_a_role_get_403(client, outsider, db):
    client.force_login(outsider)
    assert client.get("/compare/?theme=energy").status_code == 403


def test_many_articles_are_capped_to_readable_columns(researcher_client, seeds, monkeypatch):
    monkeypatch.setattr("compare.views.MAX_COLUMNS", 2)
    monkeypatch.setattr("compare.views.ROWS_PER_PAGE", 1)
    refresh_all()
    html = researcher_client.get("/compare/?theme=energy").content.decode()
    assert html.count('class="column-head"') == 2
    assert "Showing the first 2 of 5 articles" in html
    assert "Next rows" in html
    second = researcher_client.get("/compare/?theme=energy&page=2").content.decode()
    assert "Previous rows" in second


def test_in_context_opens_the_reader_at_the_annotation(editor_client, seeds):
    refresh_all()
    suggestion = ThemeSuggestion.objects.filter(theme__slug="energy").first()
    with TestCase.captureOnCommitCallbacks(execute=True):
        editor_client.post(f"/compare/suggestions/{suggestion.pk}/accept/")
    annotation = Annotation.objects.get()
    html = editor_client.get("/compare/?theme=energy").content.decode()
    link = f"/articles/{annotation.article_id}/#annotation-{annotation.pk}"
    assert f'href="{link}"' in html
    reader = editor_client.get(f"/articles/{annotation.article_id}/").content.decode()
    assert f'<mark id="annotation-{annotation.pk}" data-annotation-id="{annotation.pk}"' in reader


def test_in_context_links_of_suggestions_carry_a_text_fragment():
    from compare.templatetags.compare_tags import text_fragment

    fragment = text_fragment("Gas, oil and coal-fired power: “more”, said the two leaders, again.")
    assert fragment == "#:~:text=Gas%2C%20oil%20and%20coal,the%20two%20leaders%2C%20again"
    assert text_fragment("Short & sweet") == "#:~:text=Short%20%26%20sweet"
    assert text_fragment("…") == ""


def test_the_first_view_compares_the_theme_with_the_most_passages(researcher_client, seeds):
    refresh_all()
    counts = Counter(ThemePassage.objects.values_list("theme__slug", flat=True))
    (busiest, most), (_, next_most) = counts.most_common(2)
    assert most > next_most
    html = researcher_client.get("/compare/").content.decode()
    assert 'id="default-theme"' in html
    assert f'<option value="{busiest}" selected>' in html
    assert f'data-theme="{busiest}"' in html
