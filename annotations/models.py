"""Editors' highlights with themes and notes, anchored by offsets, exact text and context."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from articles.models import Article, Theme

CONTEXT_CHARS = 32


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
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["article", "start", "end", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("end")), name="annotation_start_before_end"
            ),
        ]

    def __str__(self) -> str:
        return self.exact[:80]
