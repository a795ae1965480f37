"""A large ingest shared by workers: ``ingest --workers`` queues the documents as an import
batch, the batch is split into chunks any worker takes, and the command shows the progress.

Tasks run eagerly here (the chunks run where they are sent); test_celery_worker runs two
real worker processes on one batch.
"""

from __future__ import annotations

import io
import json
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.ingest import batches
from articles.ingest.batches import queue_import
from articles.ingest.sources import SourceDocument, iter_sources
from articles.models import Article, ImportBatch, ImportDocument, Quote
from articles.services import store_prepared
from tests.conftest import SEEDS_DIR, settle
from tests.test_concurrency import run_together


@pytest.fixture(autouse=True)
def _commits_really_happen(transactional_db):
    """The command's batch is committed before it is sent (and the command waits for it)."""


def ingest_with_workers(*paths) -> str:
    out = io.StringIO()
    call_command("ingest", "--workers", *map(str, paths), stdout=out, stderr=out)
    return out.getvalue()


def test_ingest_with_workers_imports_every_document_and_prints_progress(settings):
    settings.IMPORT_CHUNK_DOCUMENTS = 2
    output = ingest_with_workers(SEEDS_DIR)
    assert "Queued 5 document(s) as import batch" in output
    assert "[5/5] 5 imported" in output
    assert "Summary: 5 created, 0 updated, 0 unchanged, 0 duplicate, 0 held, 0 failed." in output
    assert Article.objects.count() == 5
    batch = ImportBatch.objects.get()
    assert batch.state == ImportBatch.State.DONE
    # Each document's outcome names its quotes, as on the admin's import page.
    messages = dict(batch.documents.values_list("name", "message"))
    first = Article.objects.get(source_name__startswith="000")
    quoted = first.quotes.exclude(kind=Quote.Kind.REPORTED).count()
    reported = first.quotes.filter(kind=Quote.Kind.REPORTED).count()
    assert reported >= 1
    assert messages[first.source_name].endswith(
        f"{quoted} quotes; {reported} reported statement{'s' if reported != 1 else ''}"
    )
    assert first.quotes.count() > 5


def test_ingest_with_workers_keeps_the_manifest_facts(tmp_path):
    shutil.copy(next(SEEDS_DIR.glob("000*.txt")), tmp_path / "kremlin.txt")
    facts = {"kremlin.txt": {"outlet": "Wire Desk", "published": "2024-05-16"}}
    (tmp_path / "manifest.json").write_text(json.dumps({"files": facts}))
    ingest_with_workers(tmp_path)
    article = Article.objects.get()
    assert (article.outlet.name, str(article.published)) == ("Wire Desk", "2024-05-16")


def test_a_failed_document_is_named_and_the_command_exits_non_zero(tmp_path):
    shutil.copy(next(SEEDS_DIR.glob("000*.txt")), tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 of 2 document"):
        call_command("ingest", "--workers", str(tmp_path), stdout=out, stderr=out)
    assert "empty.txt: failed — " in out.getvalue()
    assert Article.objects.count() == 1


def test_the_batch_is_split_into_chunks_each_parsed_in_one_pass(settings, monkeypatch):
    settings.IMPORT_CHUNK_DOCUMENTS = 2
    passes: list[int] = []
    real = batches.analyse_articles

    def counting(article_ids):
        passes.append(len(list(article_ids)))
        return real(article_ids)

    monkeypatch.setattr(batches, "analyse_articles", counting)
    batch = queue_import(list(iter_sources([SEEDS_DIR], 10**7, None)))
    assert passes == [2, 2, 1]  # five documents, chunks of two
    assert set(batch.documents.values_list("state", flat=True)) == {"imported"}


def test_workers_read_the_documents_from_the_database_not_from_the_files(tmp_path, folder_queue):
    folder = tmp_path / "coverage"
    shutil.copytree(SEEDS_DIR, folder)
    batch = queue_import(list(iter_sources([folder], 10**7, None)))
    settle()  # queued in the folder; no worker takes it yet
    shutil.rmtree(folder)  # the worker may be on another machine
    assert Article.objects.count() == 0
    ids = list(batch.documents.values_list("pk", flat=True))
    batches.import_chunk(batch.pk, ids)  # what a worker runs
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.DONE
    assert Article.objects.count() == 5


def test_a_chunk_sent_twice_imports_each_document_once(settings):
    settings.IMPORT_CHUNK_DOCUMENTS = 10
    documents = list(iter_sources([SEEDS_DIR], 10**7, None))
    batch = queue_import(documents)
    ids = list(batch.documents.values_list("pk", flat=True))
    assert batches.import_chunk(batch.pk, ids) == 0  # all taken by the first run
    assert Article.objects.count() == 5
    assert set(batch.documents.values_list("state", flat=True)) == {"imported"}


def test_two_workers_storing_the_same_text_at_once_make_one_article_and_the_rest_duplicates():
    from articles.ingest.preparation import prepare_document

    data = next(SEEDS_DIR.glob("001*.txt")).read_bytes()
    copies = [prepare_document(SourceDocument(f"copy-{n}.txt", data=data)) for n in range(4)]
    results = run_together([lambda c=copy: store_prepared(c) for copy in copies])
    outcomes = sorted(str(getattr(result, "outcome", result)) for result in results)
    assert outcomes == ["created", "duplicate", "duplicate", "duplicate"], results
    assert Article.objects.count() == 1


def test_ingest_with_workers_refuses_skip_quotes():
    with pytest.raises(CommandError, match="--skip-quotes"):
        call_command("ingest", "--workers", "--skip-quotes", str(SEEDS_DIR))
    assert not ImportDocument.objects.exists()
