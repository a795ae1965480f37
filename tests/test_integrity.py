"""Every stored offset points at the text it claims, or its row is orphaned — after a
re-import that replaces a text, after undo, and as ``manage.py check_integrity`` reports."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from annotations.models import Annotation
from annotations.services import create_annotation, delete_annotation
from articles import history
from articles.models import Article, Change, ImportDocument, Mention, Quote
from articles.services import Outcome, Replace, correct_quote, ingest_text
from summit.integrity import offset_problems
from tests.test_admin_import import batch_of, upload, zip_of

State = ImportDocument.State

SHORT = "A short note replaced the story. It has nothing of the old text in it at all."


def check_integrity() -> tuple[bool, str]:
    out = io.StringIO()
    try:
        call_command("check_integrity", stdout=out)
    except CommandError as error:
        return False, f"{out.getvalue()}{error}"
    return True, out.getvalue()


@pytest.fixture
def article(seeds) -> Article:
    return seeds["000"]


def highlight(article: Article, editor, phrase: str) -> Annotation:
    start = article.body.index(phrase)
    return create_annotation(article, editor, {"start": start, "end": start + len(phrase)})


def verify_first_quote(article: Article, editor) -> Quote:
    quote = article.quotes.order_by("start").first()
    quote.verified, quote.verified_by = True, editor
    quote.save()
    return quote


def test_a_far_replacement_orphans_what_lost_its_words_and_moves_nothing_past_the_text(
    article, editor
):
    """The finding: verified quotes kept offsets past the end of a 74-character text."""
    quote = verify_first_quote(article, editor)
    annotation = highlight(article, editor, "Harbin")
    result = ingest_text(article.source_name, SHORT, replace=Replace.ANY)
    assert result.outcome == Outcome.UPDATED
    quote.refresh_from_db()
    annotation.refresh_from_db()
    assert (quote.verified, quote.orphaned, annotation.orphaned) == (True, True, True)
    assert Mention.objects.filter(article=article).count() == 0  # none of the names is left
    assert check_integrity()[0]


def test_a_replacement_is_held_unless_chosen_and_a_far_one_unless_any(article, editor):
    annotation = highlight(article, editor, "Harbin")
    body = article.body
    near = body.replace("Harbin", "Harbin city", 1)
    held = ingest_text(article.source_name, near)
    assert (held.outcome, Article.objects.get(pk=article.pk).body) == (Outcome.HELD, body)
    assert "would replace the text of article" in held.message
    far = ingest_text(article.source_name, SHORT, replace=Replace.NEAR)
    assert far.outcome == Outcome.HELD
    assert "keeping only" in far.message
    assert ingest_text(article.source_name, near, replace=Replace.NEAR).outcome == Outcome.UPDATED
    annotation.refresh_from_db()
    assert (annotation.orphaned, near[annotation.start : annotation.end]) == (False, "Harbin")


def test_undoing_a_delete_after_the_text_changed_puts_it_at_its_words(article, editor):
    annotation = highlight(article, editor, "Harbin")
    delete_annotation(annotation, annotation.version, editor)
    moved = "An opening sentence came first. " + article.body
    assert ingest_text(article.source_name, moved, replace=Replace.ANY).outcome == Outcome.UPDATED
    history.undo(Change.objects.filter(kind=Change.Kind.ANNOTATION_DELETED).get(), editor)
    restored = Annotation.objects.get()
    assert moved[restored.start : restored.end] == "Harbin"
    assert restored.start == annotation.start + len("An opening sentence came first. ")
    assert check_integrity()[0]


def test_undoing_a_delete_after_its_words_went_brings_it_back_orphaned(article, editor):
    annotation = highlight(article, editor, "Harbin")
    delete_annotation(annotation, annotation.version, editor)
    ingest_text(
        article.source_name, article.body.replace("Harbin", "the north"), replace=Replace.ANY
    )
    history.undo(Change.objects.filter(kind=Change.Kind.ANNOTATION_DELETED).get(), editor)
    assert Annotation.objects.get().orphaned
    assert check_integrity()[0]


def test_undoing_a_correction_whose_old_place_changed_is_refused(article, editor):
    quote = article.quotes.order_by("start").first()
    start, end = quote.start, quote.end
    data = {"speaker": quote.speaker, "start": start + 1, "end": end, "kind": quote.kind}
    correct_quote(quote, data, editor, quote.version)  # one character shorter
    # The character the correction left out changes; the quote's own words stay put.
    body = article.body[:start] + "#" + article.body[start + 1 :]
    Article.objects.filter(pk=article.pk).update(body=body)
    with pytest.raises(history.UndoRefused, match="text changed since"):
        history.undo(Change.objects.get(), editor)
    assert Quote.objects.get(pk=quote.pk).start == start + 1


def test_check_integrity_lists_each_broken_row_and_exits_non_zero(article):
    assert check_integrity() == (
        True,
        "All offsets hold: annotations, quotes, mentions, compare passages, suggestions.\n",
    )
    quote = article.quotes.order_by("start").first()
    mention = article.mentions.order_by("start").first()
    Quote.objects.filter(pk=quote.pk).update(start=5470, end=5572)
    Mention.objects.filter(pk=mention.pk).update(start=mention.start + 1, end=mention.end + 1)
    ok, report = check_integrity()
    assert not ok
    assert f"quote {quote.pk} in article {article.pk}: offsets 5470–5572" in report
    assert f"mention {mention.pk} in article {article.pk}" in report
    assert "2 stored offset(s) do not point at their text" in report
    Quote.objects.filter(pk=quote.pk).update(orphaned=True)  # marked: no longer claimed
    assert len(list(offset_problems())) == 1


def test_the_seeds_as_loaded_hold_every_offset(seeds):
    assert Quote.objects.count() >= 60
    assert Mention.objects.count() >= 60
    assert list(offset_problems()) == []


# --- identity in an import batch: names never stand for another document ----------------


def story(day: str) -> bytes:
    return (
        f"Officials met in Geneva on {day} to discuss the grain corridor. “We are close,” "
        f"said Maria Lopez, the trade minister, after the talks on {day}. Talks resume soon."
    ).encode()


def test_two_zip_members_of_one_name_are_two_articles(admin_client_, db):
    members = {"a/story.txt": story("Monday"), "b/story.txt": story("Tuesday")}
    batch = batch_of(upload(admin_client_, ("coverage.zip", zip_of(members))))
    names = sorted(batch.documents.values_list("name", "state"))
    assert names == [("a/story.txt", State.IMPORTED), ("b/story.txt", State.IMPORTED)]
    assert Article.objects.count() == 2


def test_two_uploads_of_one_name_in_a_batch_are_numbered_not_merged(admin_client_, db):
    batch = batch_of(
        upload(admin_client_, ("story.txt", story("Monday")), ("story.txt", story("Tuesday")))
    )
    names = list(batch.documents.order_by("position").values_list("name", flat=True))
    assert names == ["story.txt", "story (2).txt"]
    assert Article.objects.count() == 2


def test_a_batch_too_large_to_preview_holds_a_file_named_like_an_article(
    admin_client_, article, editor, settings
):
    """The finding: past the preview limit, a 74-character text replaced an article."""
    settings.IMPORT_PREVIEW_MAX_DOCUMENTS = 1
    annotation = highlight(article, editor, "Harbin")
    body = article.body
    batch = batch_of(
        upload(admin_client_, (article.source_name, SHORT.encode()), ("new.txt", story("Friday")))
    )
    held = batch.documents.get(name=article.source_name)
    assert held.state == State.HELD
    assert f"would replace the text of article {article.pk}" in held.message
    assert Article.objects.get(pk=article.pk).body == body
    annotation.refresh_from_db()
    assert annotation.orphaned is False
    assert batch.documents.get(name="new.txt").state == State.IMPORTED
