"""Keep the stored comparisons current: every change that makes them stale records a
refresh request, served after the commit by a worker (``compare.scheduling``).

Changes made inside ``articles.signals.batched_changes()`` (an ingest or import run) are
collected and requested once when the batch ends, not once per article.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from annotations.models import Annotation
from articles import signals as article_signals
from articles.models import Article, Outlet, Quote, Theme

from .models import ThemeSuggestion
from .refresh import ALL, RefreshPlan
from .scheduling import batch_finished, batch_started
from .scheduling import request_refresh as schedule


def _article_plan(article_id: int) -> RefreshPlan:
    """A new or rewritten text: its suggestions and reuse, every theme's rows, quote groups."""
    return RefreshPlan(
        suggestion_articles={article_id},
        passage_themes=ALL,
        quote_groups=True,
        reuse_articles={article_id},
    )


def _article_saved(sender, instance: Article, created: bool, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    if created:
        schedule(_article_plan(instance.pk))
    else:  # title or outlet: labels and sources
        schedule(RefreshPlan(passage_themes=ALL, quote_groups=True))


def _article_text_changed(sender, article: Article, **kwargs) -> None:
    schedule(_article_plan(article.pk))


def _articles_reassigned(sender, **kwargs) -> None:
    schedule(RefreshPlan(passage_themes=ALL, quote_groups=True))


def _article_deleted(sender, instance: Article, **kwargs) -> None:
    # Its pairs go with it (cascade); rows, coverage and groups change.
    schedule(RefreshPlan(passage_themes=ALL, quote_groups=True))


def _annotation_themes(annotation: Annotation) -> set[int]:
    return set(annotation.themes.values_list("pk", flat=True)) if annotation.pk else set()


def _annotation_saved(sender, instance: Annotation, raw: bool = False, **kwargs) -> None:
    if not raw:
        schedule(RefreshPlan(passage_themes=_annotation_themes(instance)))


def _annotation_deleting(sender, instance: Annotation, **kwargs) -> None:
    schedule(RefreshPlan(passage_themes=_annotation_themes(instance)))


def _annotation_themes_changed(sender, instance, action: str, pk_set, reverse: bool, **kwargs):
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if reverse:  # theme.annotations.add(…): the theme is the instance
        themes = {instance.pk}
    else:
        themes = set(pk_set or ())
        if action == "pre_clear":
            themes |= _annotation_themes(instance)
    schedule(RefreshPlan(passage_themes=themes))


def _theme_saved(sender, instance: Theme, raw: bool = False, **kwargs) -> None:
    if not raw:
        schedule(RefreshPlan(suggestion_themes={instance.pk}, passage_themes={instance.pk}))


def _quotes_changed(sender, instance: Quote, raw: bool = False, **kwargs) -> None:
    if not raw:
        schedule(RefreshPlan(quote_groups=True))


def _outlet_saved(sender, instance: Outlet, raw: bool = False, **kwargs) -> None:
    if not raw:
        schedule(RefreshPlan(passage_themes=ALL, quote_groups=True))


def _suggestion_decided(
    sender, instance: ThemeSuggestion, raw: bool = False, update_fields=None, **kwargs
) -> None:
    """Accepted, dismissed or opened again: the theme's rows show or hide its passage."""
    if not raw and update_fields and "state" in update_fields:
        schedule(RefreshPlan(passage_themes={instance.theme_id}))


def connect() -> None:
    uid = "compare-refresh"
    post_save.connect(_article_saved, sender=Article, dispatch_uid=f"{uid}-article")
    post_delete.connect(_article_deleted, sender=Article, dispatch_uid=f"{uid}-article-del")
    article_signals.article_text_changed.connect(_article_text_changed, dispatch_uid=uid)
    article_signals.articles_reassigned.connect(_articles_reassigned, dispatch_uid=uid)
    article_signals.batch_started.connect(batch_started, dispatch_uid=uid)
    article_signals.batch_finished.connect(batch_finished, dispatch_uid=uid)
    post_save.connect(_annotation_saved, sender=Annotation, dispatch_uid=f"{uid}-annotation")
    pre_delete.connect(_annotation_deleting, sender=Annotation, dispatch_uid=f"{uid}-ann-del")
    m2m_changed.connect(
        _annotation_themes_changed, sender=Annotation.themes.through, dispatch_uid=uid
    )
    post_save.connect(_theme_saved, sender=Theme, dispatch_uid=f"{uid}-theme")
    post_save.connect(_quotes_changed, sender=Quote, dispatch_uid=f"{uid}-quote")
    post_delete.connect(_quotes_changed, sender=Quote, dispatch_uid=f"{uid}-quote-del")
    post_save.connect(_outlet_saved, sender=Outlet, dispatch_uid=f"{uid}-outlet")
    post_save.connect(_suggestion_decided, sender=ThemeSuggestion, dispatch_uid=f"{uid}-decided")
