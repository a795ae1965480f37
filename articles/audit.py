"""The change history's rows: who changed editors' work, when, and the data before and after
(``articles.history`` records them and undoes them)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Change(models.Model):
    """One change to editors' work, with who, when, and the data before and after it: the
    audit trail, and what an undo restores (``articles.history``)."""

    class Kind(models.TextChoices):
        ANNOTATION_CREATED = "annotation.created", "annotation created"
        ANNOTATION_EDITED = "annotation.edited", "annotation edited"
        ANNOTATION_DELETED = "annotation.deleted", "annotation deleted"
        REPLY_CREATED = "reply.created", "reply created"
        REPLY_EDITED = "reply.edited", "reply edited"
        REPLY_DELETED = "reply.deleted", "reply deleted"
        QUOTE_CORRECTED = "quote.corrected", "quote corrected"
        PEOPLE_MERGED = "person.merged", "people merged"
        THEME_RENAMED = "theme.renamed", "theme renamed"
        THEMES_MERGED = "theme.merged", "themes merged"
        SUGGESTION_DISMISSED = "suggestion.dismissed", "suggestion dismissed"
        UNDO = "undo", "undo"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="changes",
    )
    at = models.DateTimeField(db_index=True)
    kind = models.CharField(max_length=30, choices=Kind)
    object_type = models.CharField(
        max_length=20, help_text="annotation, reply, quote, person, theme, suggestion"
    )
    object_id = models.PositiveBigIntegerField()
    summary = models.CharField(max_length=300)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    undone_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="undoes"
    )

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-at"]),
            models.Index(fields=["object_type", "object_id"]),
        ]
        # Privileges are permissions, never the staff flag (which only opens the admin).
        permissions = [("review_changes", "Can see everyone's change history"),
                       ("undo_any_change", "Can undo anyone's change")]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.summary}"
