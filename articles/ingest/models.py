"""Import batches: what was uploaded, each document's state, outcome and reason.

Part of the ``articles`` app (``articles.models`` imports these so Django finds them).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

STALLED_AFTER_SECONDS = 60


class ImportBatch(models.Model):
    """One upload on the admin's import page: its documents, options and progress.

    Stored, so the outcome is still there after a reload or a worker restart.
    """

    class State(models.TextChoices):
        PREPARING = "preparing", "reading the documents"
        PREVIEW = "preview", "waiting for confirmation"
        IMPORTING = "importing", "importing"
        DONE = "done", "done"

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=20, choices=State, default=State.PREPARING)
    outlet = models.ForeignKey(
        "articles.Outlet", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published = models.DateField(null=True, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    wants_preview = models.BooleanField(default=True)
    # How long the read documents sat at the preview before the admin confirmed them: the
    # import's duration leaves it out (it is the admin's time, not the import's).
    preview_wait = models.DurationField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"Import {self.pk} ({self.created:%Y-%m-%d %H:%M})"

    def get_absolute_url(self) -> str:
        return reverse("admin:articles_article_import_batch", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.state in {self.State.PREPARING, self.State.IMPORTING}

    def batch_metadata(self) -> dict:
        """The facts the admin gave for every document of the batch."""
        facts = {
            "outlet": self.outlet.name if self.outlet else "",
            "published": self.published.isoformat() if self.published else "",
            "url": self.url,
        }
        return {key: value for key, value in facts.items() if value}

    def is_stalled(self, documents: Iterable[ImportDocument]) -> bool:
        """Running, and nothing has moved for a minute: is a worker running?"""
        if not self.is_running:
            return False
        moments = [self.created, *(document.updated for document in documents)]
        return (timezone.now() - max(moments)).total_seconds() > STALLED_AFTER_SECONDS

    def took(self, documents: Iterable[ImportDocument]) -> str:
        """From the upload to its last document's outcome, less the time the batch waited at
        the preview for the admin, e.g. "1.4 s" or "2 min 5 s"."""
        seconds = max(
            [(document.updated - self.created).total_seconds() for document in documents],
            default=0.0,
        )
        if self.preview_wait:
            seconds = max(seconds - self.preview_wait.total_seconds(), 0.0)
        if seconds < 60:
            return f"{seconds:.1f} s"
        return f"{int(seconds // 60)} min {int(seconds % 60)} s"

    @staticmethod
    def counts(documents: Iterable[ImportDocument]) -> list[tuple[str, int]]:
        """How many documents are in each state, in the order of the states."""
        counts = Counter(document.state for document in documents)
        State = ImportDocument.State
        return [(State(state).label, counts[state]) for state in State.values if counts[state]]


class ImportDocument(models.Model):
    """One file, zip member or paste of a batch, with its outcome and the reason for it."""

    class State(models.TextChoices):
        WAITING = "waiting", "waiting"
        READY = "ready", "ready to import"
        QUEUED = "queued", "queued"
        PROCESSING = "processing", "processing"
        IMPORTED = "imported", "imported"
        UPDATED = "updated", "updated"
        UNCHANGED = "unchanged", "unchanged"
        DUPLICATE = "duplicate", "duplicate"
        SKIPPED = "skipped", "skipped"
        HELD = "held", "held: would replace an article's text"
        FAILED = "failed", "failed"

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="documents")
    position = models.PositiveIntegerField()
    name = models.CharField(max_length=255)
    # The bytes as received, kept so a failed document can be retried; refused ones
    # (too large, unsafe, binary, no article text) are not kept.
    data = models.BinaryField(null=True, blank=True, editable=False)
    size = models.PositiveBigIntegerField(default=0)
    metadata = models.JSONField(default=dict, blank=True)
    preview = models.JSONField(default=dict, blank=True)
    # The article as the preview prepared it (``PreparedArticle.stored``): the import uses
    # it instead of reading and cleaning the document again.
    prepared = models.JSONField(null=True, blank=True, editable=False)
    state = models.CharField(max_length=20, choices=State, default=State.WAITING)
    message = models.TextField(blank=True)
    article = models.ForeignKey(
        "articles.Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    retryable = models.BooleanField(
        default=False, help_text="It failed for a passing reason; its bytes are kept."
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["batch", "position"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "position"], name="import_document_position")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def can_retry(self) -> bool:
        # Refused documents keep no bytes: a retry would only fail again.
        return self.state == self.State.FAILED and self.retryable

    @property
    def can_replace(self) -> bool:
        """Held because it would replace an article's text: the admin may choose to."""
        return self.state == self.State.HELD
