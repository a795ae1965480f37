"""Editors' highlights with themes and notes, anchored by offsets, exact text and context."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from articles.models import Article, Theme
from newsnlp.anchoring import CONTEXT_CHARS


class CodingRound(models.Model):
    """A coding round: coders tag the same articles with the round's themes, apart when
    blind; their agreement is measured and an adjudicator settles differences (issue 32)."""

    class State(models.TextChoices):
        OPEN = "open", "open"
        CLOSED = "closed", "closed"

    name = models.CharField(max_length=200, unique=True)
    articles = models.ManyToManyField(Article, related_name="coding_rounds")
    coders = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="coding_rounds")
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="coding_rounds", help_text="None: every theme."
    )
    blind = models.BooleanField(default=True)
    adjudicator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="adjudicated_rounds",
    )  # fmt: skip
    state = models.CharField(max_length=10, choices=State, default=State.OPEN)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    closed = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        permissions = [
            ("see_all_round_work",
             "Can see every coder's work in blind rounds (unless coding in one)"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.name


class RoundDone(models.Model):
    """A coder marked an article of a round done: their work on it counts from then on."""

    coding_round = models.ForeignKey(CodingRound, on_delete=models.CASCADE, related_name="done")
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["coding_round", "coder", "article"], name="round_done_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.coder} done with article {self.article_id} in {self.coding_round}"


class Annotation(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="annotations")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="annotations",
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    exact = models.TextField(help_text="The selected text, body[start:end].")
    prefix = models.CharField(max_length=CONTEXT_CHARS, blank=True)
    suffix = models.CharField(max_length=CONTEXT_CHARS, blank=True)
    note = models.TextField(blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="annotations")
    coding_round = models.ForeignKey(
        CodingRound, null=True, blank=True, on_delete=models.PROTECT, related_name="annotations",
        help_text="Round work: made by one of the round's coders on one of its articles.",
    )  # fmt: skip
    orphaned = models.BooleanField(
        default=False,
        help_text="The passage could not be found in the article's current text; kept, not placed.",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Goes up with every edit; a stale form is refused."
    )

    class Meta:
        ordering = ["article", "start", "end", "pk"]
        permissions = [("change_any_annotation", "Can change and delete anyone's annotations")]
        # /annotations/ lists newest first: its page is read off this index, not sorted.
        indexes = [models.Index(fields=["-created", "-id"], name="annotation_newest_first")]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("end")), name="annotation_start_before_end"
            ),
        ]

    def __str__(self) -> str:
        return self.exact[:80]

    def editable_by(self, user) -> bool:
        """Authors change their own annotations; holders of change_any_annotation, any."""
        return may_edit(self.author_id, user, editing_rights(user))


class Reply(models.Model):
    """A reply under an annotation, one level deep: where a team discusses a reading."""

    annotation = models.ForeignKey(Annotation, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="annotation_replies",
    )
    text = models.TextField()
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Goes up with every edit; a stale form is refused."
    )

    class Meta:
        ordering = ["annotation", "created", "pk"]
        verbose_name_plural = "replies"
        permissions = [("change_any_reply", "Can change and delete anyone's replies")]
        indexes = [models.Index(fields=["annotation", "created"])]

    def __str__(self) -> str:
        return self.text[:80]

    def editable_by(self, user) -> bool:
        """Authors change their own replies; holders of change_any_reply, any."""
        return may_edit(self.author_id, user, reply_rights(user))


def reply_rights(user) -> tuple[bool, bool]:
    """(may change own replies, may change anyone's), as ``editing_rights`` for annotations."""
    may_change = user.has_perm("annotations.change_reply")
    return may_change, may_change and user.has_perm("annotations.change_any_reply")


def may_edit(author_id: int | None, user, rights: tuple[bool, bool]) -> bool:
    """The rule itself, given ``editing_rights(user)`` worked out once for many annotations."""
    own, any_ = rights
    return any_ or (own and author_id == user.pk)


def editing_rights(user) -> tuple[bool, bool]:
    """(may change own annotations, may change anyone's), worked out once per user.

    Anyone's takes its own permission (superusers hold every permission); the staff flag
    grants nothing here."""
    may_change = user.has_perm("annotations.change_annotation")
    return may_change, may_change and user.has_perm("annotations.change_any_annotation")
