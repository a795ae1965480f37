"""``lock_at_version``: the one check that refuses a save made from a stale form."""

from __future__ import annotations

import pytest

from annotations.models import Annotation
from articles.models import Article, Theme, content_hash_of
from infrastructure.db import StaleVersion, lock_at_version


def test_the_row_at_the_version_the_form_was_opened_at_is_returned_locked(db):
    theme = Theme.objects.create(name="Arctic")
    assert lock_at_version(Theme.objects.all(), theme.pk, None) == theme


def test_a_stale_version_is_refused_naming_both_versions(db):
    text = "Leaders met in Beijing."
    article = Article.objects.create(title="Met", body=text, raw=text, source_name="met.txt",
                                     content_hash=content_hash_of(text), word_count=4)  # fmt: skip
    annotation = Annotation.objects.create(article=article, start=0, end=3,
                                           exact=article.body[:3], version=4)  # fmt: skip
    with pytest.raises(StaleVersion) as refused:
        lock_at_version(Annotation.objects.all(), annotation.pk, 2)
    assert refused.value.current.version == 4
    assert refused.value.submitted_version == 2
    assert str(refused.value) == (
        "changed by someone else (you edited version 2, it is now at version 4)"
    )
    assert lock_at_version(Annotation.objects.all(), annotation.pk, 4) == annotation


def test_a_row_that_is_gone_is_none(db):
    assert lock_at_version(Theme.objects.all(), 10**6, 1) is None


def test_a_save_without_a_version_is_refused_not_last_writer_wins(editor_client, seeds):
    """A form that carries no version (a script, a stale page from an older release) could
    overwrite someone's newer work: it is refused with the reason, nothing saved."""
    from django.urls import reverse

    from annotations.models import Annotation
    from articles.models import Quote
    from tests.test_annotations import HX, create_url, selection

    article = seeds["000"]
    editor_client.post(create_url(article), selection(article, "Harbin"), headers=HX)
    annotation = Annotation.objects.get()
    edit = editor_client.post(reverse("annotations:edit", args=[annotation.pk]), {"note": "x"})
    assert edit.status_code == 422
    assert "carries no version" in edit.content.decode()
    quote = Quote.objects.order_by("pk").first()
    data = {"speaker": "", "start": quote.start, "end": quote.end, "kind": "direct"}
    correction = editor_client.post(reverse("articles:quote-correct", args=[quote.pk]), data)
    assert correction.status_code == 422
    annotation.refresh_from_db()
    quote.refresh_from_db()
    assert (annotation.note, annotation.version, quote.verified) == ("", 1, False)
