"""Stored comparisons: recomputed when articles, annotations, quotes or themes change
(``compare.refresh``), so the compare pages only read.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from annotations.models import Annotation
from articles.models import Article, Person, Quote, Theme


class ThemeSuggestion(models.Model):
    """A sentence a theme's lexicon matched; an editor accepts it (as an annotation) or
    dismisses it, and the decision survives every recomputation.
    """

    class State(models.TextChoices):
        OPEN = "open", "suggested"
        ACCEPTED = "accepted", "accepted"
        DISMISSED = "dismissed", "dismissed"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="suggestions")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    exact = models.TextField()
    terms = models.JSONField(default=list, help_text="The lexicon terms found in the sentence.")
    state = models.CharField(max_length=10, choices=State, default=State.OPEN)
    annotation = models.ForeignKey(
        Annotation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["article", "start", "theme"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "theme", "start", "end"], name="unique_theme_suggestion"
            ),
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="suggestion_span"),
        ]

    def __str__(self) -> str:
        return f"{self.theme}: {self.exact[:60]}"


class ThemePassage(models.Model):
    """One passage of a theme in the compare view: an editor's annotation or an open
    suggestion, with the row it is aligned to across articles.
    """

    class Origin(models.TextChoices):
        ANNOTATION = "annotation", "annotated by an editor"
        SUGGESTION = "suggestion", "suggested by the lexicon"

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    origin = models.CharField(max_length=10, choices=Origin)
    # No database constraint: deleting an editor's annotation never waits for (or deadlocks
    # with) a refresh rewriting these derived rows; the refresh the delete queues drops them.
    annotation = models.ForeignKey(
        Annotation,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    suggestion = models.ForeignKey(
        ThemeSuggestion, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    row = models.PositiveIntegerField(help_text="Passages on the same row say the same thing.")

    class Meta:
        ordering = ["theme", "row", "article", "start"]
        indexes = [
            models.Index(fields=["theme", "row"]),
            models.Index(fields=["theme", "article"]),
        ]

    def __str__(self) -> str:
        return f"{self.theme_id}/{self.row}: {self.text[:60]}"


class PassageWord(models.Model):
    """The word index of a theme's passages: each passage's words that are not common in
    the theme, with their weight in its vector. New passages find the rows they may join
    here, at a cost that does not grow with the corpus (``compare.alignment.place``).
    """

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")
    passage = models.ForeignKey(ThemePassage, on_delete=models.CASCADE, related_name="words")
    word = models.CharField(max_length=100)
    weight = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["theme", "word"])]

    def __str__(self) -> str:
        return f"{self.word} ({self.weight:.3f})"


class ThemeVocabulary(models.Model):
    """The term weights of a theme's rows: how many passages held each word at the last
    full alignment. Fixed until the next one, so rows placed between rebuilds are scored
    as the rebuild scored the others.
    """

    theme = models.OneToOneField(Theme, on_delete=models.CASCADE, related_name="+")
    passages = models.PositiveIntegerField()
    frequency = models.JSONField(default=dict)
    built = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"vocabulary of {self.theme_id} ({self.passages} passages)"


class ArticleCoverage(models.Model):
    """How much of one article a theme's passages cover (kept with the article's passages),
    so a source's coverage is a sum of small rows, not a reading of its texts."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    covered_chars = models.PositiveIntegerField()
    passages = models.PositiveIntegerField()
    length = models.PositiveIntegerField(help_text="The article's length in characters.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["theme", "article"], name="unique_article_coverage")
        ]

    def __str__(self) -> str:
        return f"{self.theme_id} in {self.article_id}: {self.covered_chars}/{self.length}"


class ThemeCoverage(models.Model):
    """How many characters of one source's articles a theme covers."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")
    source_key = models.CharField(max_length=40)
    source_label = models.CharField(max_length=300)
    covered_chars = models.PositiveIntegerField()
    total_chars = models.PositiveIntegerField()
    passages = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["source_label", "theme"]
        constraints = [
            models.UniqueConstraint(fields=["theme", "source_key"], name="unique_theme_coverage")
        ]

    def __str__(self) -> str:
        return f"{self.theme_id} in {self.source_label}: {self.percent}"

    @property
    def share(self) -> float:
        return self.covered_chars / self.total_chars if self.total_chars else 0.0

    @property
    def percent(self) -> str:
        return f"{self.share * 100:.1f}%"


class QuoteGroup(models.Model):
    """The same quote by one speaker as carried by several articles."""

    speaker = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    wording = models.TextField(help_text="The most common wording.")
    source_count = models.PositiveIntegerField()
    quote_count = models.PositiveIntegerField()

    class Meta:
        ordering = ["-source_count", "-quote_count", "pk"]

    def __str__(self) -> str:
        return self.wording[:80]


class QuoteGroupMember(models.Model):
    group = models.ForeignKey(QuoteGroup, on_delete=models.CASCADE, related_name="members")
    quote = models.OneToOneField(Quote, on_delete=models.CASCADE, related_name="+")
    diff = models.JSONField(
        default=list, help_text="[kind, words] parts: this wording against the group's."
    )

    def __str__(self) -> str:
        return f"{self.group_id}: {self.quote_id}"


class SpeakerQuotes(models.Model):
    """How many quotes of one speaker a source carries (the quote groups page's matrix),
    counted when the speaker's quotes are grouped."""

    speaker = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    source_key = models.CharField(max_length=40)
    quotes = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["speaker", "source_key"], name="unique_speaker_source")
        ]

    def __str__(self) -> str:
        return f"{self.speaker_id} in {self.source_key}: {self.quotes}"


class ReusePair(models.Model):
    """Two articles sharing text: how much of each is reused from the other."""

    article_a = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    article_b = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    a_share = models.FloatField()
    b_share = models.FloatField()
    top_share = models.FloatField(default=0.0, help_text="The larger share: how pairs rank.")
    shared_words = models.PositiveIntegerField()

    class Meta:
        ordering = ["article_a", "article_b"]
        indexes = [models.Index(fields=["-top_share", "id"])]
        constraints = [
            models.UniqueConstraint(fields=["article_a", "article_b"], name="unique_reuse_pair"),
            models.CheckConstraint(
                condition=Q(article_a__lt=F("article_b")), name="reuse_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_a_id}–{self.article_b_id}"


class ReuseGram(models.Model):
    """The n-gram index of reuse: each article's distinct 5-grams, hashed
    (``newsnlp.text.reuse.stored_grams``). A changed article finds the articles it may
    share text with here, at a cost that does not grow with the corpus."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    gram = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return f"{self.article_id}: {self.gram}"


class ReusePassage(models.Model):
    pair = models.ForeignKey(ReusePair, on_delete=models.CASCADE, related_name="passages")
    a_start = models.PositiveIntegerField()
    a_end = models.PositiveIntegerField()
    b_start = models.PositiveIntegerField()
    b_end = models.PositiveIntegerField()
    shared_words = models.PositiveIntegerField()

    class Meta:
        ordering = ["pair", "a_start"]

    def __str__(self) -> str:
        return f"{self.pair_id}: {self.a_start}–{self.a_end} / {self.b_start}–{self.b_end}"


class RefreshRequest(models.Model):
    """Stored comparisons that a committed change made stale: written in the same
    transaction as the change, removed by the refresh that recomputed them. Many requests
    are served by one refresh (``compare.scheduling``).
    """

    plan = models.JSONField(help_text="A RefreshPlan.as_dict().")
    requested = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"refresh {self.pk} ({self.requested:%Y-%m-%d %H:%M:%S})"


class RefreshState(models.Model):
    """The one row that lets one refresh run at a time (a lease with an expiry, so a dead
    worker's lease lapses), and what admins see of the last run.
    """

    lease_holder = models.CharField(max_length=64, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    # When a refresh task was last sent and not yet started: later changes need not send one.
    scheduled_at = models.DateTimeField(null=True, blank=True)
    last_success = models.DateTimeField(null=True, blank=True)
    last_failure = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    def __str__(self) -> str:
        return "compare refresh state"


def source_key(article_id: int, outlet_id: int | None) -> str:
    """An article's source: its outlet, or — outlet unknown — the article itself."""
    return f"outlet-{outlet_id}" if outlet_id else f"article-{article_id}"


def source_label(article: Article) -> str:
    return article.outlet.name if article.outlet_id else f"{article.display_title} (outlet unknown)"
