"""The suggestion bookkeeping of the incremental refresh, function by function: which
articles a lexicon change reads again, that every chunk of a large refresh is stored and
reported, and that an editor's decision stays on its sentence when the sentence moved.
(Killing what ``make mutation MODULE=refresh`` left alive: each is a bug a user would see
as a missing or reset suggestion.)"""

from __future__ import annotations

import pytest

from articles.models import Article, Outlet, Theme, content_hash_of
from compare import refresh as refresh_module
from compare.models import ThemeSuggestion
from compare.refresh import _articles_with_terms, refresh_suggestions


def _article(outlet: Outlet, number: int, body: str) -> Article:
    # bulk_create: no signals, so only the functions under test store suggestions
    return Article.objects.bulk_create(
        [
            Article(title=f"Story {number}", body=body, raw=body, outlet=outlet,
                    source_name=f"story-{number}.txt", content_hash=content_hash_of(body),
                    word_count=len(body.split()))
        ]
    )[0]  # fmt: skip


@pytest.fixture
def outlet(db) -> Outlet:
    return Outlet.objects.create(name="Daily Wire Service")


def test_a_lexicon_change_reads_the_articles_holding_the_terms_longest_word(outlet):
    theme = Theme.objects.create(name="Bookkeeping test theme", lexicon="zinc pipeline")
    holds_longest = _article(outlet, 1, "The pipeline opened on Monday.")
    holds_shorter_only = _article(outlet, 2, "Zinc prices rose on Monday.")
    neither = _article(outlet, 3, "Talks ended on Monday.")
    ids = [holds_longest.pk, holds_shorter_only.pk, neither.pk]
    # "pipeline" is the longest word (a match of the term needs it); "zinc" sorts last
    assert _articles_with_terms(ids, [theme.pk], {"zinc pipeline"}) == [holds_longest.pk]


def test_a_lexicon_change_reads_articles_with_a_suggestion_of_those_terms_only(outlet):
    theme = Theme.objects.create(name="Bookkeeping test theme", lexicon="gas pipeline\ncoal")
    had_the_term = _article(outlet, 1, "The talks ended.")
    had_another_term = _article(outlet, 2, "The talks went on.")
    ThemeSuggestion.objects.create(
        article=had_the_term, theme=theme, start=0, end=16, exact="The talks ended.",
        terms=["gas pipeline"],
    )  # fmt: skip
    ThemeSuggestion.objects.create(
        article=had_another_term, theme=theme, start=0, end=18, exact="The talks went on.",
        terms=["coal"],
    )  # fmt: skip
    ids = [had_the_term.pk, had_another_term.pk]
    assert _articles_with_terms(ids, [theme.pk], {"gas pipeline"}) == [had_the_term.pk]


def test_every_chunk_of_a_large_refresh_is_stored_and_reported(outlet, monkeypatch):
    monkeypatch.setattr(refresh_module, "CHUNK", 2)
    theme = Theme.objects.create(name="Bookkeeping test theme", lexicon="pipeline")
    articles = [_article(outlet, n, f"Story {n} is about the pipeline deal.") for n in range(5)]
    changed = refresh_suggestions(theme_ids=[theme.pk])
    stored = ThemeSuggestion.objects.filter(theme=theme)
    assert stored.count() == 5
    assert sorted(stored.values_list("article_id", flat=True)) == [a.pk for a in articles]
    assert changed == {(theme.pk, article.pk) for article in articles}


def test_an_editors_decision_stays_on_its_sentence_after_the_sentence_moved(outlet):
    theme = Theme.objects.create(name="Bookkeeping test theme", lexicon="pipeline")
    article = _article(outlet, 1, "The pipeline deal was signed.")
    refresh_suggestions(article_ids=[article.pk], theme_ids=[theme.pk])
    suggestion = ThemeSuggestion.objects.get(article=article, theme=theme)
    suggestion.state = ThemeSuggestion.State.DISMISSED
    suggestion.save()
    moved = "A new opening sentence came first. The pipeline deal was signed."
    Article.objects.filter(pk=article.pk).update(body=moved)  # the signal's re-anchoring skipped
    refresh_suggestions(article_ids=[article.pk], theme_ids=[theme.pk])
    after = ThemeSuggestion.objects.filter(article=article, theme=theme)
    assert after.count() == 1
    kept = after.get()
    assert (kept.pk, kept.state) == (suggestion.pk, ThemeSuggestion.State.DISMISSED)
    assert moved[kept.start : kept.end] == "The pipeline deal was signed."
