"""End to end in Chromium: an admin imports a zip of coverage and watches each outcome."""

from __future__ import annotations

import io
import re
import threading
import zipfile

import pytest

from articles.ingest.batches import import_batch, prepare_batch
from articles.models import Article, ImportBatch, ImportDocument
from tests.conftest import SEEDS_DIR, browser_login
from tests.test_admin_import import CP1252_ARTICLE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1366, 390])
def test_an_admin_uploads_a_zip_and_sees_every_documents_outcome(page, staff_admin, width):
    page.set_viewport_size({"width": width, "height": 900})
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(SEEDS_DIR / "003_55fc027800472831.txt", "003.txt")
        zipped.writestr("kremlin.txt", CP1252_ARTICLE.encode("cp1252"))
        zipped.writestr("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
        zipped.writestr("../../evil.txt", b"owned")
    browser_login(page, staff_admin.username)
    page.goto(f"{page.base_url}/admin/articles/article/")
    page.click("text=Import coverage")
    page.set_input_files(
        "input[name=files]",
        files=[{"name": "day.zip", "mimeType": "application/zip", "buffer": archive.getvalue()}],
    )
    page.click("input[type=submit]")
    page.wait_for_selector('#import-progress[data-batch-state="done"]')
    rows = {
        row.get_attribute("data-document"): row.inner_text()
        for row in page.query_selector_all("#import-documents tbody tr")
    }
    assert set(rows) == {"003.txt", "kremlin.txt", "photo.txt", "day.zip:../../evil.txt"}
    assert "imported" in rows["003.txt"]
    assert "imported" in rows["kremlin.txt"]
    assert "Kremlin’s ‘no limits’ friend" in rows["kremlin.txt"]
    assert "binary" in rows["photo.txt"]
    assert "path leaves the archive" in rows["day.zip:../../evil.txt"]
    assert "2 imported" in page.inner_text("#import-summary")
    assert "2 failed" in page.inner_text("#import-summary")
    assert Article.objects.count() == 2
    status = page.inner_text("#import-status")
    assert re.match(r"Finished in \d+\.\d s \(uploaded \d\d:\d\d:\d\d\)\. 4 documents:", status)


def batch_of_one(admin, state: str, document_state: str, **fields) -> ImportBatch:
    """A batch of one document (the Kremlin article) as the upload left it for a worker."""
    batch = ImportBatch.objects.create(created_by=admin, state=state, **fields)
    ImportDocument.objects.create(
        batch=batch,
        position=1,
        name="kremlin.txt",
        data=CP1252_ARTICLE.encode(),
        size=len(CP1252_ARTICLE.encode()),
        state=document_state,
    )
    return batch


def test_the_progress_page_updates_itself_while_a_worker_imports(page, staff_admin):
    batch = batch_of_one(staff_admin, ImportBatch.State.IMPORTING, ImportDocument.State.QUEUED)
    browser_login(page, staff_admin.username)
    page.goto(page.base_url + batch.get_absolute_url())
    page.evaluate("window.__sameDocument = true")
    assert page.get_attribute("#import-progress", "data-batch-state") == "importing"
    assert "queued" in page.inner_text("#import-documents")
    worker = threading.Thread(target=import_batch, args=[batch.pk])
    worker.start()
    worker.join(timeout=60)
    page.wait_for_selector('#import-progress[data-batch-state="done"]')
    assert "imported" in page.inner_text("#import-documents")
    assert page.evaluate("window.__sameDocument") is True, "the page reloaded instead of polling"


def test_the_page_turns_into_the_preview_by_itself_when_the_documents_are_read(page, staff_admin):
    """Issue 36, item 1: unticked "Import without stopping", the batch page polled until
    "Finished … 1 ready to import" and showed neither the preview nor its button."""
    batch = batch_of_one(
        staff_admin, ImportBatch.State.PREPARING, ImportDocument.State.WAITING, wants_preview=True
    )
    browser_login(page, staff_admin.username)
    page.goto(page.base_url + batch.get_absolute_url())
    page.evaluate("window.__sameDocument = true")
    assert "Reading the documents" in page.inner_text("#import-status")
    assert page.locator("#import-preview").count() == 0
    worker = threading.Thread(target=prepare_batch, args=[batch.pk])
    worker.start()
    worker.join(timeout=60)
    page.wait_for_selector("#import-preview")
    assert page.evaluate("window.__sameDocument") is True, "the page reloaded instead of polling"
    assert page.locator('#preview-table tr[data-document="kremlin.txt"]').count() == 1
    assert "Read 1 document" in page.inner_text("#import-status")
    page.click("text=Import the ticked documents")
    page.wait_for_selector('#import-progress[data-batch-state="done"]')
    assert "1 imported" in page.inner_text("#import-summary")
    assert Article.objects.filter(title="Kremlin’s ‘no limits’ friend").count() == 1
