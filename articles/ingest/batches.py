"""Admin imports: store what was uploaded as a batch, preview it, then import it document by
document, recording each one's outcome (paperless-ngx's model: nothing received is lost,
every failure has a reason, a failed document can be retried).

The request only stores the batch (``create_batch``); each step below is a Celery task run
by a worker, and this module owns their order: prepare (preview) → confirm → import, split
into chunks. Each step is safe to run twice: a batch whose worker stopped, or whose message
was lost, is sent again by ``resume_batches`` (worker start-up, ``manage.py resume_work``)
or by the admin's "Queue again" on a batch that stopped moving.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Count, Max
from django.utils import timezone

from infrastructure.background import enqueue, send

from ..models import Article, ImportBatch, ImportDocument, Quote
from ..quotes.analysis import analyse_articles
from ..services import Outcome, Replace, outlet_named, store_prepared
from ..signals import batched_changes
from .preview import edits_of, note_near_duplicates, prepared_article, preview_document, refuse
from .sources import SourceDocument, SourceError

logger = logging.getLogger(__name__)
# The admin's choice for a document that would replace an article's text (in its metadata).
REPLACE_KEY = "replace"


def distinct_names(names: list[str]) -> list[str]:
    """``names`` with each repeat numbered ("story.txt", "story (2).txt"): one batch never
    holds two documents of one name, so neither stands for the other."""
    seen: set[str] = set()
    result = []
    for name in names:
        candidate, number = name, 1
        while candidate.lower() in seen:
            number += 1
            stem, dot, suffix = name.rpartition(".")
            candidate = f"{stem} ({number}).{suffix}" if dot and stem else f"{name} ({number})"
        seen.add(candidate.lower())
        result.append(candidate)
    return result


State = ImportDocument.State
RESULT_STATES = {
    Outcome.CREATED: State.IMPORTED,
    Outcome.UPDATED: State.UPDATED,
    Outcome.UNCHANGED: State.UNCHANGED,
    Outcome.DUPLICATE: State.DUPLICATE,
    Outcome.HELD: State.HELD,
    Outcome.FAILED: State.FAILED,
}


@dataclass(frozen=True)
class BatchOptions:
    """What the admin gave on the upload form for the whole batch."""

    outlet_id: int | None = None
    new_outlet: str = ""
    published: dt.date | None = None
    url: str = ""
    import_if_clean: bool = True


def create_batch(user, documents: list[SourceDocument], options: BatchOptions) -> ImportBatch:
    """Store the batch and its documents, then start preparing it once the rows are saved."""
    with transaction.atomic():
        outlet_id = options.outlet_id
        if options.new_outlet:
            outlet_id = outlet_named(options.new_outlet).pk
        batch = ImportBatch.objects.create(
            created_by=user if user and user.is_authenticated else None,
            outlet_id=outlet_id,
            published=options.published,
            url=options.url,
            wants_preview=not options.import_if_clean,
        )
        _add_documents(batch, documents, State.WAITING)
        enqueue(prepare_batch, batch.pk)
    return batch


def queue_import(documents: list[SourceDocument], replace: Replace = Replace.NEVER) -> ImportBatch:
    """Store the documents as a batch to import without a preview (``ingest --workers``) and
    send it to the workers once the rows are saved."""
    with transaction.atomic():
        batch = ImportBatch.objects.create(state=ImportBatch.State.IMPORTING, wants_preview=False)
        _add_documents(batch, documents, State.QUEUED, replace)
        enqueue(import_batch, batch.pk)
    return batch


def _add_documents(
    batch: ImportBatch,
    documents: list[SourceDocument],
    state: str,
    replace: Replace = Replace.NEVER,
) -> None:
    """The documents as rows of the batch, their bytes included (a worker on another machine
    reads them from the database); a document that could not be read is failed at once.
    Two documents of one name are two documents: the later ones are numbered."""
    names = distinct_names([document.name[:240] for document in documents])
    choice = {REPLACE_KEY: replace.value} if replace != Replace.NEVER else {}
    ImportDocument.objects.bulk_create(
        (
            ImportDocument(
                batch=batch,
                position=position,
                name=name,
                data=document.data,
                size=len(document.data or b""),
                metadata={**document.metadata, **choice},
                state=State.FAILED if document.error else state,
                message=document.error or "",
            )
            for position, (document, name) in enumerate(zip(documents, names, strict=True), 1)
        ),
        batch_size=200,
    )


# Tasks are acknowledged late (settings): a worker that stops mid-batch leaves the message on
# the queue, and the next worker carries on from the documents still queued or processing.
@shared_task(name="articles.prepare_import")
def prepare_batch(batch_id: int) -> None:
    """Preview every waiting document; import straight away when no one needs to look."""
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None or batch.state != ImportBatch.State.PREPARING:
        return
    documents = list(batch.documents.filter(state=State.WAITING))
    bodies = {}
    for document in documents:
        try:
            prepared = preview_document(document)
        except Exception as exc:  # one document's failure is its own, never its batch's
            _failed_unexpectedly(document, "reading it for the preview", exc)
            continue
        if prepared is not None:
            bodies[document.pk] = prepared.body
    note_near_duplicates(documents, bodies)
    for document in documents:
        fields = ["state", "message", "preview", "prepared", "retryable", "updated",
                  *_dropped(document)]  # fmt: skip
        try:
            with transaction.atomic():
                document.save(update_fields=fields)
        except DatabaseError as exc:  # what it prepared cannot be stored: it alone fails
            _failed_unexpectedly(document, "storing its preview", exc)
            document.save(update_fields=["state", "message", "retryable", "updated"])
    # Failed and duplicate documents are reported either way; what needs a look before
    # storing is a ready document with a note (it would update an article, or looks like one).
    all_documents = list(batch.documents.defer("data"))
    clean = not any(d.state == State.READY and d.preview.get("notes") for d in all_documents)
    large = len(all_documents) > settings.IMPORT_PREVIEW_MAX_DOCUMENTS
    if large or (clean and not batch.wants_preview):
        confirm_batch(batch, {})
    else:  # conditional: a second run of this step (a resent task) changes nothing
        ImportBatch.objects.filter(pk=batch.pk, state=ImportBatch.State.PREPARING).update(
            state=ImportBatch.State.PREVIEW
        )


def _failed_unexpectedly(document: ImportDocument, step: str, exc: Exception) -> None:
    logger.exception("import document %s failed %s", document.pk, step)
    document.state, document.retryable = State.FAILED, True
    document.message = f"unexpected error {step}: {exc}"[:2000]


def confirm_batch(batch: ImportBatch, choices: dict[int, dict]) -> int:
    """Queue the ready documents the admin kept, with their edits; returns how many.

    ``choices`` maps a document id to ``{"include": bool, "title": …, "byline": …, …}``;
    documents not in it are imported as previewed.
    """
    with transaction.atomic():
        queued = 0
        read = batch.documents.aggregate(last=Max("updated"))["last"]
        if batch.state == ImportBatch.State.PREVIEW and read is not None:
            batch.preview_wait = max(timezone.now() - read, dt.timedelta(0))
        for document in batch.documents.filter(state=State.READY).select_for_update():
            choice = choices.get(document.pk, {"include": True})
            if not choice.get("include", True):
                document.state, document.message = State.SKIPPED, "left out at the preview"
            else:
                edits = edits_of(choice)
                if choice.get("replace"):  # ticked at the preview: the admin's choice
                    edits[REPLACE_KEY] = Replace.ANY.value
                document.metadata = {**document.metadata, **edits}
                document.state = State.QUEUED
                queued += 1
            document.save(update_fields=["state", "message", "metadata", "updated"])
        unfinished = batch.documents.filter(state__in=[State.QUEUED, State.PROCESSING]).exists()
        batch.state = ImportBatch.State.IMPORTING if unfinished else ImportBatch.State.DONE
        batch.save(update_fields=["state", "preview_wait"])
        if queued:
            enqueue(import_batch, batch.pk)
    return queued


def store_document(document: ImportDocument, resumed: bool = False) -> Article | None:
    """Store one document as an article and record what happened; returns the article when
    its quotes are still to be extracted (a created or updated text).

    ``resumed``: an earlier run (whose worker stopped) was processing it, so it may have
    stored the article already; then it is reported as imported, not as unchanged.
    """
    try:
        replace = Replace(document.metadata.get(REPLACE_KEY, Replace.NEVER.value))
        result = store_prepared(prepared_article(document), replace)
    except SourceError as exc:
        refuse(document, exc)
    except Exception as exc:  # one document's failure must not stop the batch
        logger.exception("importing %s failed", document.name)
        document.state, document.message = State.FAILED, f"unexpected error: {exc}"
        document.retryable = True  # a passing failure: the bytes are kept for a retry
    else:
        outcome = result.outcome
        if resumed and outcome == Outcome.UNCHANGED and _stored_by(document, result.article):
            outcome = Outcome.CREATED
        document.state, document.article = RESULT_STATES[outcome], result.article
        document.message = result.message
        if result.article is not None and result.outcome not in {Outcome.DUPLICATE, Outcome.HELD}:
            return result.article
    return None


def _stored_by(document: ImportDocument, article: Article) -> bool:
    """The article was created by this batch (by a run that stopped before saying so)."""
    return article.created >= document.batch.created and article.source_name == document.name


def _dropped(document: ImportDocument) -> list[str]:
    """["data"] when the document's bytes were let go (so saving writes no blob otherwise)."""
    return ["data"] if document.data is None else []


def _analyse(stored: dict[ImportDocument, Article]) -> None:
    """Extract the quotes of a chunk's stored articles in one pass of the NLP pipeline and
    add each article's warnings and quote count to its document's message."""
    if not stored:
        return
    articles = {article.pk for article in stored.values()}
    try:
        summary = analyse_articles(articles)
    except Exception as exc:  # the texts are stored; only their quotes wait
        logger.exception("extracting the quotes of %s failed", sorted(articles))
        for document in stored:
            note = f"stored, but its quotes were not extracted ({exc}); re-run extraction"
            document.message = "; ".join(filter(None, [document.message, note]))
        return
    counts: dict[tuple[int, bool], int] = defaultdict(int)
    for article, kind, count in (
        Quote.objects.filter(article_id__in=articles)
        .values("article_id", "kind")
        .annotate(count=Count("pk"))
        .values_list("article_id", "kind", "count")
    ):
        counts[article, kind == Quote.Kind.REPORTED] += count
    for document in stored:
        article_id = stored[document].pk
        quoted, reported = counts.get((article_id, False), 0), counts.get((article_id, True), 0)
        notes = [document.message] if document.message else []
        notes += summary.article_warnings.get(article_id, [])
        notes.append(f"{quoted} quote{'s' if quoted != 1 else ''}")
        notes.append(f"{reported} reported statement{'s' if reported != 1 else ''}")
        document.message = "; ".join(notes)


@shared_task(name="articles.import_batch")
def import_batch(batch_id: int) -> int:
    """Split the batch's queued documents (and any a stopped worker left behind) into chunks
    of ``IMPORT_CHUNK_DOCUMENTS`` and send each to the workers; returns how many chunks.

    Any number of workers share a batch this way, each chunk one pass of the NLP pipeline.
    Chunks carry document ids (the bytes are in the database), never file paths.
    """
    pending = list(
        ImportDocument.objects.filter(batch_id=batch_id, state__in=[State.QUEUED, State.PROCESSING])
        .order_by("position")
        .values_list("pk", flat=True)
    )
    if not pending:
        _finish_if_done(batch_id)
        return 0
    size = settings.IMPORT_CHUNK_DOCUMENTS
    chunks = [pending[start : start + size] for start in range(0, len(pending), size)]
    for chunk in chunks:
        send(import_chunk, batch_id, chunk)
    return len(chunks)


@shared_task(name="articles.import_chunk")
def import_chunk(batch_id: int, document_ids: list[int]) -> int:
    """Import these documents of a batch, in order; returns how many this run claimed.

    Each document is claimed first, so of two runs of the same chunk (a resent task) one
    stores each; the quotes of the chunk's new texts are extracted together at the end.
    """
    documents = ImportDocument.objects.filter(
        batch_id=batch_id, pk__in=document_ids, state__in=[State.QUEUED, State.PROCESSING]
    )
    claimed = []
    for document in documents.select_related("batch__outlet").order_by("position"):
        taken = ImportDocument.objects.filter(pk=document.pk, state=document.state).update(
            state=State.PROCESSING, updated=timezone.now()
        )
        if taken:
            claimed.append((document, document.state == State.PROCESSING))
    stored: dict[ImportDocument, Article] = {}
    with batched_changes():
        for document, resumed in claimed:
            article = store_document(document, resumed=resumed)
            if article is not None:
                stored[document] = article
        _analyse(stored)
    # Outcomes are recorded last: a worker stopped before this leaves the chunk processing,
    # and the run that resumes it finds the articles stored and extracts what is missing.
    for document, _ in claimed:
        fields = ["state", "message", "article", "retryable", "updated", *_dropped(document)]
        document.save(update_fields=fields)
    _finish_if_done(batch_id)
    return len(claimed)


def _finish_if_done(batch_id: int) -> None:
    unfinished = ImportDocument.objects.filter(
        batch_id=batch_id, state__in=[State.QUEUED, State.PROCESSING]
    )
    if not unfinished.exists():
        ImportBatch.objects.filter(pk=batch_id, state=ImportBatch.State.IMPORTING).update(
            state=ImportBatch.State.DONE
        )


def retry_document(document: ImportDocument, replace: bool = False) -> bool:
    """Queue a failed document again — or, with ``replace``, a held one, now allowed to
    replace the article's text (the admin chose it); False when there is nothing to do."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=document.batch_id)
        document.refresh_from_db()
        possible = document.can_replace if replace else document.can_retry
        if not possible or batch.is_running:
            return False
        if replace:
            document.metadata = {**document.metadata, REPLACE_KEY: Replace.ANY.value}
        document.state, document.message = State.QUEUED, ""
        document.save(update_fields=["state", "message", "metadata", "updated"])
        batch.state = ImportBatch.State.IMPORTING
        batch.save(update_fields=["state"])
        enqueue(import_batch, batch.pk)
    return True


def resume_batch(batch: ImportBatch) -> bool:
    """Send a running batch's step again (its worker stopped, or its message was lost).

    Safe while it is still running somewhere: each document is claimed by one run.
    """
    if batch.state == ImportBatch.State.PREPARING:
        send(prepare_batch, batch.pk)
    elif batch.state == ImportBatch.State.IMPORTING:
        send(import_batch, batch.pk)
    else:
        return False
    return True


def resume_batches(quiet_for: float | None = None) -> int:
    """Send again every batch still preparing or importing; returns how many. With
    ``quiet_for``, only those where nothing has moved for that many seconds (the worker's
    periodic sweep: a message the broker lost, a worker killed mid-chunk)."""
    running = ImportBatch.objects.filter(
        state__in=[ImportBatch.State.PREPARING, ImportBatch.State.IMPORTING]
    )
    if quiet_for is not None:
        since = timezone.now() - dt.timedelta(seconds=quiet_for)
        running = (
            running.annotate(moved=Max("documents__updated"))
            .filter(created__lt=since)
            .exclude(moved__gte=since)
        )
    return sum(resume_batch(batch) for batch in running)
