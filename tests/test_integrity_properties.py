"""The offsets invariant under random work (Hypothesis): imports, re-imports that replace a
text, highlights, edits, deletes, quote corrections, undos, extraction and the compare
refresh, in any order. After every step, ``offset_problems`` finds nothing: each stored
offset points at the text it claims, or its row is marked orphaned."""

from __future__ import annotations

from contextlib import suppress

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.models import Annotation
from annotations.services import create_annotation, delete_annotation, update_annotation
from articles import history
from articles.models import Article, Change, Quote
from articles.quotes.analysis import analyse_articles
from articles.services import Replace, correct_quote, ingest_text
from compare.refresh import refresh_all
from infrastructure.db import StaleVersion
from summit.integrity import offset_problems

SENTENCES = [
    "Helen Marsh said the energy talks were warm.",
    "“We will build the pipeline together,” Tom Reed said on Monday.",
    "The board met in Harbin.",
    "Trade rose by a third, according to Helen Marsh.",
    "Energy exports to the east grew again.",
    "“Nothing is off the table,” she added.",
    "Sanctions were not discussed.",
    "The military drills begin in July.",
]
NAME = "story.txt"

texts = st.lists(st.integers(0, len(SENTENCES) - 1), min_size=1, max_size=6).map(
    lambda picks: " ".join(SENTENCES[i] for i in picks)
)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("reimport"), texts),
        st.tuples(st.just("highlight"), st.integers(0, len(SENTENCES) - 1)),
        st.tuples(st.just("edit"), st.integers(0, 5)),
        st.tuples(st.just("delete"), st.integers(0, 5)),
        st.tuples(st.just("correct"), st.integers(0, 5)),
        st.tuples(st.just("undo"), st.integers(0, 5)),
        st.tuples(st.just("extract"), st.just(0)),
        st.tuples(st.just("refresh"), st.just(0)),
    ),
    min_size=1,
    max_size=8,
)


def nth(rows: list, index: int):
    return rows[index % len(rows)] if rows else None


def apply(step: tuple, editor) -> None:
    action, value = step
    article = Article.objects.get(source_name=NAME)
    if action == "reimport":
        ingest_text(NAME, value, replace=Replace.ANY)
    elif action == "highlight":
        phrase = SENTENCES[value].split()[-1].strip(".”,")
        if phrase in article.body:
            start = article.body.index(phrase)
            create_annotation(article, editor, {"start": start, "end": start + len(phrase)})
    elif action in {"edit", "delete"}:
        annotation = nth(list(Annotation.objects.order_by("pk")), value)
        if annotation is not None and action == "edit":
            update_annotation(annotation, {"note": f"note {value}"}, annotation.version, editor)
        elif annotation is not None:
            delete_annotation(annotation, annotation.version, editor)
    elif action == "correct":
        quote = nth(list(Quote.objects.filter(orphaned=False).order_by("pk")), value)
        if quote is not None:
            data = {"speaker": None, "start": quote.start, "end": quote.end, "kind": quote.kind}
            correct_quote(quote, data, editor, quote.version)
    elif action == "undo":
        change = nth(list(Change.objects.exclude(kind=Change.Kind.UNDO).order_by("pk")), value)
        if change is not None and history.may_undo(editor, change):
            with suppress(history.UndoRefused, StaleVersion):  # refused: nothing changed
                history.undo(change, editor)
    elif action == "extract":
        analyse_articles([article.pk])
    else:
        refresh_all()


@pytest.mark.django_db
@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(first=texts, work=steps)
def test_every_offset_holds_after_any_sequence_of_work(editor, first, work):
    with transaction.atomic():
        ingest_text(NAME, first)
        analyse_articles(list(Article.objects.values_list("pk", flat=True)))
        for step in work:
            apply(step, editor)
            problems = [str(problem) for problem in offset_problems()]
            assert problems == [], f"after {step}"
        transaction.set_rollback(True)


def test_the_generated_work_does_reach_every_kind_of_row(editor, db):
    """Not vacuous: the sentences give quotes, mentions, highlights and suggestions."""
    ingest_text(NAME, " ".join(SENTENCES))
    article = Article.objects.get()
    analyse_articles([article.pk])
    apply(("highlight", 2), editor)
    refresh_all()
    assert article.quotes.count() >= 2
    assert article.mentions.count() >= 2
    assert Annotation.objects.count() == 1
    assert article.body.count("Harbin") == 1
    from compare.models import ThemeSuggestion

    assert ThemeSuggestion.objects.filter(article=article).count() >= 1
