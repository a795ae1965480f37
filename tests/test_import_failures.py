"""One document's failure is that document's outcome, never its batch's: a NUL byte deep in
a text, a preview step that breaks on one file, an ingest run that meets an unexpected
error. The others go through; nothing stays "preparing"."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

import articles.ingest.batches
import articles.ingest.local
from articles.ingest.batches import BatchOptions, create_batch
from articles.ingest.sources import SourceError, decode_text, read_uploads
from articles.models import Article, ImportBatch, ImportDocument

State = ImportDocument.State
PARAGRAPH = (
    "Officials met in Geneva on Monday to discuss the grain corridor, and the talks went on "
    "late into the night as both delegations weighed the proposals put to them.\n\n"
)


def text_with_nul_after(size: int) -> bytes:
    body = (PARAGRAPH * (size // len(PARAGRAPH) + 1)).encode()
    return body[:size] + b"\x00" + body[size:]


def import_uploads(user, *files: tuple[str, bytes]) -> ImportBatch:
    uploads = [SimpleUploadedFile(name, data) for name, data in files]
    with TestCase.captureOnCommitCallbacks(execute=True):
        return create_batch(user, read_uploads(uploads), BatchOptions(import_if_clean=True))


def test_a_nul_byte_deep_in_a_text_is_dropped_not_stored(db, staff_admin):
    """It once failed the preview on PostgreSQL and left the batch preparing for ever."""
    batch = import_uploads(staff_admin, ("deep.txt", text_with_nul_after(9000)), ("other.txt",
                           PARAGRAPH.replace("Geneva", "Vienna").encode() * 3))  # fmt: skip
    batch.refresh_from_db()
    states = dict(batch.documents.values_list("name", "state"))
    assert states == {"deep.txt": State.IMPORTED, "other.txt": State.IMPORTED}
    assert batch.state == ImportBatch.State.DONE
    bodies = list(Article.objects.values_list("body", flat=True))
    assert sum("\x00" in body for body in bodies) == 0
    assert Article.objects.count() == 2


def test_a_nul_byte_in_the_opening_is_still_binary():
    data = b"text" * 10 + b"\x00" * 20 + PARAGRAPH.encode()
    with pytest.raises(SourceError, match="binary"):
        decode_text(data)
    long = PARAGRAPH * 60  # past the 8 KB the binary check reads
    assert decode_text(long.encode() + b"\x00tail") == long + "tail"


def test_a_preview_that_breaks_on_one_document_fails_that_one_only(db, staff_admin, monkeypatch):
    real = articles.ingest.batches.preview_document

    def breaks_on_bad(document):
        if document.name == "bad.txt":
            raise ValueError("a value the preview could not hold")
        return real(document)

    monkeypatch.setattr(articles.ingest.batches, "preview_document", breaks_on_bad)
    other = PARAGRAPH.replace("Geneva", "Oslo").encode() * 2
    batch = import_uploads(staff_admin, ("bad.txt", PARAGRAPH.encode() * 2), ("good.txt", other))
    batch.refresh_from_db()
    bad, good = batch.documents.get(name="bad.txt"), batch.documents.get(name="good.txt")
    assert (bad.state, bad.retryable) == (State.FAILED, True)
    assert bad.message == (
        "unexpected error reading it for the preview: a value the preview could not hold"
    )
    assert good.state == State.IMPORTED
    assert batch.state == ImportBatch.State.DONE


def test_ingest_goes_on_after_a_document_that_fails_unexpectedly(db, tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(PARAGRAPH * 2)
    (tmp_path / "b.txt").write_text(PARAGRAPH.replace("Geneva", "Oslo") * 2)
    real = articles.ingest.local.ingest_source

    def breaks_on_a(document, replace):
        if document.name == "a.txt":
            raise RuntimeError("the disk went away")
        return real(document, replace)

    monkeypatch.setattr(articles.ingest.local, "ingest_source", breaks_on_a)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match=r"^1 of 2 document\(s\) failed\.$"):
        call_command("ingest", str(tmp_path), "--skip-quotes", stdout=out, stderr=err)
    assert "a.txt: failed — unexpected error: the disk went away" in err.getvalue()
    assert "b.txt: created" in out.getvalue()
    assert Article.objects.count() == 1


def test_an_extraction_that_breaks_leaves_the_texts_stored_and_the_batch_done(
    db, staff_admin, monkeypatch
):
    """Otherwise the chunk stays "processing" and every sweep or restart runs it again."""

    def breaks(article_ids):
        raise MemoryError("the parser ran out of memory")

    monkeypatch.setattr(articles.ingest.batches, "analyse_articles", breaks)
    batch = import_uploads(staff_admin, ("one.txt", PARAGRAPH.encode() * 2))
    batch.refresh_from_db()
    document = batch.documents.get()
    assert (batch.state, document.state) == (ImportBatch.State.DONE, State.IMPORTED)
    assert "its quotes were not extracted (the parser ran out of memory)" in document.message
    assert Article.objects.count() == 1
