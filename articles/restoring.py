"""Writes: an admin puts a line the cleaner removed back into a stored article's body.

The body changes like any new version of the text: annotations, quotes and mentions follow
their words (``follow_new_text``), derived work hears of it (``article_text_changed``), and
the quotes are extracted again by a worker. The line joins the article's kept lines, so a
later re-import of the same source keeps it in the body too.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from infrastructure.background import enqueue
from infrastructure.db import lock_at_version
from newsnlp.pages.restore import put_back

from .ingest.preparation import prepare_text
from .ingest.sources import SourceError
from .models import Article
from .quotes.analysis import extract_quotes_task
from .reanchoring import follow_new_text
from .signals import article_text_changed


class RestoreRefused(Exception):
    """Why the line was not put back; the message is shown to the admin."""


def removed_lines_of(article: Article) -> list[dict]:
    """What cleaning left out of the article. Articles imported before removals were
    recorded are read again from their raw text, when that gives their body exactly (else
    the positions would not fit, and nothing is offered)."""
    if article.removed_lines or not article.raw:
        return list(article.removed_lines)
    try:
        again = prepare_text(article.source_name, article.raw, keep=article.kept_lines)
    except SourceError:
        return []
    return again.fields["removed_lines"] if again.body == article.body else []


def restore_line(article_id: int, index: int, text: str) -> Article:
    """Put ``removed_lines[index]`` (whose text must still be ``text``) back into the body.

    The row is locked first, so two admins restoring lines at once each see the other's
    result; a line already put back, or a list changed by a re-import, is refused.
    """
    with transaction.atomic():
        article = lock_at_version(Article.objects.all(), article_id, None)
        if article is None:
            raise Article.DoesNotExist(article_id)
        removals = removed_lines_of(article)
        if not 0 <= index < len(removals) or removals[index]["text"] != text:
            raise RestoreRefused(
                "That line is no longer among the removed lines (someone restored it, or the "
                "article was imported again). Reload the page to see the list as it is now."
            )
        old_body = article.body
        article.body, article.removed_lines = put_back(old_body, removals, index)
        article.kept_lines = [*article.kept_lines, text]
        try:
            with transaction.atomic():
                article.save()
        except IntegrityError as error:
            raise RestoreRefused("Another article already has the text this would give.") from error
        follow_new_text(article, old_body)
        article_text_changed.send(sender=Article, article=article, old_body=old_body)
        enqueue(extract_quotes_task, [article.pk])
    return article
