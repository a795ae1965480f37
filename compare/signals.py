"""Keep the stored comparisons current: every change that makes them stale records a
refresh request, served after the commit by a worker (``compare.scheduling``).

Changes made inside ``articles.signals.batched_changes()`` (an ingest or import run) are
collected and requested once when the batch ends, not once per article.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_init, post_save, pre_delete

from annotations.models import Annotation
from articles import signals as article_signals
from articles.models import Article, Outlet, Quote, Theme
from articles.reanchoring import rewrite_at_their_words

from .models import ThemePassage, ThemeSuggestion, source_key
from .refresh import ALL, RefreshPlan
from .scheduling import batch_finished, batch_started
from .scheduling import request_refresh as schedule


def _article_plan(article: Article) -> RefreshPlan:
    """A new or rewritten text: its suggestions, its passages and its source's coverage in
    every theme, its reuse (its quotes' groups follow from the quotes' own signals)."""
    return RefreshPlan(suggestion_articles={article.pk}, reuse_articles={article.pk})


def _speakers_of(article_id: int) -> set[int]:
    quotes = Quote.objects.filter(article_id=article_id).exclude(speaker=None)
    return set(quotes.values_list("speaker_id", flat=True))


def _article_loaded(sender, instance: Article, **kwargs) -> None:
    instance._saved_outlet = instance.__dict__.get("outlet_id")


def _article_saved(sender, instance: Article, created: bool, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    if created:
        schedule(_article_plan(instance))
        return
    # A new title labels its source when it has no outlet; a new outlet moves it between two.
    before = getattr(instance, "_saved_outlet", instance.outlet_id)
    instance._saved_outlet = instance.outlet_id
    sources = {source_key(instance.pk, before), source_key(instance.pk, instance.outlet_id)}
    speakers = _speakers_of(instance.pk) if before != instance.outlet_id else set()
    schedule(RefreshPlan(coverage_sources=sources, quote_speakers=speakers))


def _article_text_changed(sender, article: Article, old_body: str, **kwargs) -> None:
    """Nothing of the comparisons keeps offsets into the old text while the refresh is on
    its way: the article's passages go (the refresh rebuilds them in every theme), and its
    suggestions move to their sentence, word for word, or go."""
    ThemePassage.objects.filter(article=article).delete()
    # With their ids and decisions; one suggestion per theme and sentence.
    suggestions = ThemeSuggestion.objects.filter(article=article)
    rewrite_at_their_words(
        suggestions, old_body, article.body, "exact", lambda row, start: (row.theme_id, start)
    )
    schedule(_article_plan(article))


def _articles_reassigned(sender, **kwargs) -> None:
    schedule(RefreshPlan(coverage_sources=ALL, quote_speakers=ALL))


def _article_deleted(sender, instance: Article, **kwargs) -> None:
    # Its passages and pairs go with it (cascade); its quotes' signals regroup speakers.
    schedule(RefreshPlan(coverage_sources={source_key(instance.pk, instance.outlet_id)}))


def _annotation_pairs(annotation: Annotation) -> set[tuple[int, int]]:
    if not annotation.pk:
        return set()
    themes = annotation.themes.values_list("pk", flat=True)
    return {(theme, annotation.article_id) for theme in themes}


def _annotation_saved(sender, instance: Annotation, raw: bool = False, **kwargs) -> None:
    if not raw:
        schedule(RefreshPlan(passage_articles=_annotation_pairs(instance)))


def _annotation_deleting(sender, instance: Annotation, **kwargs) -> None:
    schedule(RefreshPlan(passage_articles=_annotation_pairs(instance)))


def _annotation_themes_changed(sender, instance, action: str, pk_set, reverse: bool, **kwargs):
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if reverse:  # theme.annotations.add(…): the theme is the instance, pk_set annotations
        articles = Annotation.objects.filter(pk__in=list(pk_set or ()))
        if action == "pre_clear":
            articles = Annotation.objects.filter(themes=instance)
        pairs = {(instance.pk, pk) for pk in articles.values_list("article_id", flat=True)}
    else:
        pairs = {(theme, instance.article_id) for theme in pk_set or ()}
        if action == "pre_clear":
            pairs |= _annotation_pairs(instance)
    schedule(RefreshPlan(passage_articles=pairs))


def _theme_loaded(sender, instance: Theme, **kwargs) -> None:
    instance._saved_lexicon = instance.lexicon


def _terms(lexicon: str) -> set[str]:
    return {" ".join(line.split()).lower() for line in lexicon.splitlines() if line.strip()}


def _theme_saved(sender, instance: Theme, created: bool, raw: bool = False, **kwargs) -> None:
    """A new theme: its suggestions; a changed lexicon: its suggestions where the terms
    added or removed are (a new name or colour changes no stored row)."""
    before = getattr(instance, "_saved_lexicon", "")
    instance._saved_lexicon = instance.lexicon
    if raw:
        return
    if created:
        schedule(RefreshPlan(suggestion_themes={instance.pk}))
    elif changed := _terms(before) ^ _terms(instance.lexicon):
        schedule(RefreshPlan(lexicon_terms={str(instance.pk): changed}))


def _quote_loaded(sender, instance: Quote, **kwargs) -> None:
    instance._saved_speaker = instance.speaker_id


def _quote_changed(sender, instance: Quote, raw: bool = False, **kwargs) -> None:
    """Its speaker's groups, and those of the speaker it had (an editor's correction)."""
    speakers = {instance.speaker_id, getattr(instance, "_saved_speaker", None)} - {None}
    instance._saved_speaker = instance.speaker_id
    if not raw and speakers:
        schedule(RefreshPlan(quote_speakers=speakers))


def _quotes_reassigned(sender, speaker_ids: set[int], **kwargs) -> None:
    schedule(RefreshPlan(quote_speakers=set(speaker_ids)))


def _outlet_saved(sender, instance: Outlet, raw: bool = False, **kwargs) -> None:
    if not raw:  # its name labels coverage rows
        schedule(RefreshPlan(coverage_sources={source_key(0, instance.pk)}))


def _suggestion_decided(
    sender, instance: ThemeSuggestion, raw: bool = False, update_fields=None, **kwargs
) -> None:
    """Accepted, dismissed or opened again: the theme's rows show or hide its passage."""
    if not raw and update_fields and "state" in update_fields:
        schedule(RefreshPlan(passage_articles={(instance.theme_id, instance.article_id)}))


def connect() -> None:
    uid = "compare-refresh"
    post_init.connect(_article_loaded, sender=Article, dispatch_uid=f"{uid}-article-init")
    post_save.connect(_article_saved, sender=Article, dispatch_uid=f"{uid}-article")
    post_delete.connect(_article_deleted, sender=Article, dispatch_uid=f"{uid}-article-del")
    article_signals.article_text_changed.connect(_article_text_changed, dispatch_uid=uid)
    article_signals.articles_reassigned.connect(_articles_reassigned, dispatch_uid=uid)
    article_signals.quotes_reassigned.connect(_quotes_reassigned, dispatch_uid=uid)
    article_signals.batch_started.connect(batch_started, dispatch_uid=uid)
    article_signals.batch_finished.connect(batch_finished, dispatch_uid=uid)
    post_save.connect(_annotation_saved, sender=Annotation, dispatch_uid=f"{uid}-annotation")
    pre_delete.connect(_annotation_deleting, sender=Annotation, dispatch_uid=f"{uid}-ann-del")
    m2m_changed.connect(
        _annotation_themes_changed, sender=Annotation.themes.through, dispatch_uid=uid
    )
    post_init.connect(_theme_loaded, sender=Theme, dispatch_uid=f"{uid}-theme-init")
    post_save.connect(_theme_saved, sender=Theme, dispatch_uid=f"{uid}-theme")
    post_init.connect(_quote_loaded, sender=Quote, dispatch_uid=f"{uid}-quote-init")
    post_save.connect(_quote_changed, sender=Quote, dispatch_uid=f"{uid}-quote")
    post_delete.connect(_quote_changed, sender=Quote, dispatch_uid=f"{uid}-quote-del")
    post_save.connect(_outlet_saved, sender=Outlet, dispatch_uid=f"{uid}-outlet")
    post_save.connect(_suggestion_decided, sender=ThemeSuggestion, dispatch_uid=f"{uid}-decided")
