"""Stored comparisons follow the data: changes queue one refresh per transaction or batch."""

from __future__ import annotations

from django.test import TestCase

from articles.models import Article, Quote
from compare import scheduling
from compare.models import QuoteGroup, RefreshRequest, ReusePair, ThemeSuggestion
from tests.conftest import SEEDS_DIR, ingest


def test_ingesting_the_seeds_refreshes_once_and_fills_every_table(db, monkeypatch):
    sent = []
    real = scheduling.enqueue
    monkeypatch.setattr(
        scheduling,
        "enqueue",
        lambda task, *args, **options: sent.append(task.name) or real(task, *args, **options),
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        ingest(SEEDS_DIR)
    assert sent == ["compare.refresh"]
    assert not RefreshRequest.objects.exists()  # one request, served
    assert ThemeSuggestion.objects.exists()
    assert QuoteGroup.objects.filter(wording__contains="glory moment").exists()
    assert ReusePair.objects.count() >= 5


def test_correcting_a_quote_regroups(editor_client, seeds):
    from compare.refresh import refresh_quote_groups

    refresh_quote_groups()
    quote = Quote.objects.filter(text__contains="glory moment").first()
    with TestCase.captureOnCommitCallbacks(execute=True):
        quote.delete()
    assert not QuoteGroup.objects.filter(wording__contains="glory moment").exists()


def test_deleting_an_article_removes_its_pairs(seeds):
    from compare.refresh import refresh_reuse

    refresh_reuse()
    with TestCase.captureOnCommitCallbacks(execute=True):
        Article.objects.filter(pk=seeds["001"].pk).delete()
    assert not ReusePair.objects.filter(article_a=seeds["001"].pk).exists()
    assert not ReusePair.objects.filter(article_b=seeds["001"].pk).exists()


def test_a_sentence_standing_twice_keeps_two_suggestions_through_every_refresh(db):
    """Refreshing again once crashed on the unique place: both rows matched one stored row."""
    from compare.refresh import refresh_all

    sentence = "Energy exports to the east grew again."
    body = f"{sentence} The board met. {sentence}"
    article = Article.objects.create(title="Twice", body=body, raw=body, source_name="t.txt")
    energy = ThemeSuggestion.objects.filter(article=article, theme__slug="energy")
    refresh_all()
    first = sorted(energy.values_list("pk", "start"))
    refresh_all()
    again = sorted(energy.values_list("pk", "start"))
    assert len(first) == 2
    assert again == first  # the same rows, each at its own sentence
