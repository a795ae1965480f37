"""Work that follows a write runs after the commit, in a worker, coalesced; a failure in it
or an unreachable broker never turns a successful save into an error."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from annotations.models import Annotation
from articles.ingest.batches import BatchOptions, create_batch
from articles.ingest.sources import read_uploads
from articles.models import Article, ImportBatch, Theme
from compare import scheduling
from compare.models import RefreshRequest, RefreshState, ThemePassage
from infrastructure import background
from tests.conftest import SEEDS_DIR, ingest, settle
from tests.test_annotations import create_url, selection


@pytest.fixture(autouse=True)
def _commits_really_happen(transactional_db):
    """Work is sent after a commit: these tests commit (and then flush the tables)."""


@pytest.fixture
def article(db) -> Article:
    ingest(SEEDS_DIR)
    return Article.objects.get(source_name__startswith="000")


def _save(client, article, phrase, theme):
    return client.post(create_url(article), {**selection(article, phrase), "themes": [theme.pk]})


def test_a_save_answers_before_the_refresh_and_the_queue_holds_it(
    editor_client, article, folder_queue
):
    energy = Theme.objects.get(slug="energy")
    RefreshRequest.objects.all().delete()
    response = _save(editor_client, article, "Harbin", energy)
    assert response.status_code == 302
    settle()
    annotation = Annotation.objects.get()
    # Stored with the save, not computed by it: the passage is not there yet…
    assert RefreshRequest.objects.exists()
    assert not ThemePassage.objects.filter(annotation_id=annotation.pk).exists()
    # …the task is in the queue's folder for a worker…
    assert any("compare.refresh" in path.read_text() for path in folder_queue.iterdir())
    # …and serving it fills the rows and empties the requests.
    scheduling.run_pending()
    assert ThemePassage.objects.filter(annotation_id=annotation.pk, theme=energy).count() == 1
    assert not RefreshRequest.objects.exists()


def test_many_saves_are_served_by_one_refresh(editor_client, article, folder_queue, monkeypatch):
    energy = Theme.objects.get(slug="energy")
    for phrase in ("Harbin", "Beijing", "Putin"):
        assert _save(editor_client, article, phrase, energy).status_code == 302
    settle()
    assert RefreshRequest.objects.count() >= 3
    runs = []
    real = scheduling.refresh
    monkeypatch.setattr(scheduling, "refresh", lambda plan: runs.append(plan) or real(plan))
    scheduling.run_pending()
    assert len(runs) == 1
    assert runs[0].passage_articles == {(energy.pk, article.pk)}
    assert ThemePassage.objects.filter(theme=energy, origin="annotation").count() == 3


def _refresh_messages(folder) -> list[str]:
    texts = [path.read_text() for path in folder.iterdir()]
    return [text for text in texts if "compare.refresh" in text]


def test_saves_of_one_moment_send_one_delayed_task_and_a_save_after_it_started_another(
    editor_client, article, folder_queue
):
    energy = Theme.objects.get(slug="energy")
    for phrase in ("Harbin", "Beijing", "Putin"):
        assert _save(editor_client, article, phrase, energy).status_code == 302
    settle()
    messages = _refresh_messages(folder_queue)
    assert len(messages) == 1
    assert '"eta": null' not in messages[0]  # delayed, so that the moment's saves share it
    assert RefreshRequest.objects.count() == 3
    scheduling.run_pending()  # the worker takes it: all three are served
    assert not RefreshRequest.objects.exists()
    _save(editor_client, article, "Ukraine", energy)
    settle()
    assert len(_refresh_messages(folder_queue)) == 2


def test_a_task_that_never_started_is_sent_again_after_a_minute(
    editor_client, article, folder_queue
):
    from datetime import timedelta

    from django.utils import timezone

    energy = Theme.objects.get(slug="energy")
    _save(editor_client, article, "Harbin", energy)
    settle()
    RefreshState.objects.update(scheduled_at=timezone.now() - timedelta(seconds=61))  # lost
    _save(editor_client, article, "Beijing", energy)
    settle()
    assert len(_refresh_messages(folder_queue)) == 2


def test_a_refresh_leaves_the_requests_to_the_one_already_running(article, not_eager):
    RefreshRequest.objects.create(plan={"quote_groups": True})
    assert scheduling._acquire("another-worker")
    assert scheduling.run_pending() == 0
    assert RefreshRequest.objects.count() >= 1
    scheduling._release("another-worker")
    assert scheduling.run_pending() >= 1
    assert not RefreshRequest.objects.exists()


def test_a_lease_of_a_dead_worker_lapses(article, not_eager, settings):
    RefreshRequest.objects.create(plan={"quote_groups": True})
    assert scheduling._acquire("dead-worker")
    RefreshState.objects.update(lease_until="2000-01-01T00:00:00Z")
    assert scheduling.run_pending() >= 1


def test_a_long_refresh_keeps_renewing_its_lease(article, not_eager, settings, monkeypatch):
    from django.utils import timezone

    settings.COMPARE_REFRESH_LEASE_SECONDS = 0.6
    held = []

    def slow(plan):
        for _ in range(5):
            time.sleep(0.3)
            held.append(RefreshState.objects.get().lease_until > timezone.now())

    monkeypatch.setattr(scheduling, "refresh", slow)
    RefreshRequest.objects.create(plan={"quote_groups": True})
    scheduling.run_pending()
    assert held == [True] * 5
    assert RefreshState.objects.get().lease_until is None  # released at the end


def test_a_failing_refresh_never_fails_the_save_and_admins_see_it(
    editor_client, admin_client_, article, monkeypatch
):
    def broken(plan):
        raise RuntimeError("alignment blew up")

    monkeypatch.setattr(scheduling, "refresh", broken)
    energy = Theme.objects.get(slug="energy")
    response = _save(editor_client, article, "Harbin", energy)
    assert response.status_code == 302
    assert Annotation.objects.count() == 1
    assert RefreshRequest.objects.exists()  # kept for the next run, not lost
    index = admin_client_.get(reverse("admin:index")).content.decode()
    assert "The last refresh of the compare pages failed" in index
    assert "alignment blew up" in index
    monkeypatch.undo()
    scheduling.run_pending()
    assert ThemePassage.objects.filter(theme=energy, origin="annotation").exists()
    index = admin_client_.get(reverse("admin:index")).content.decode()
    assert "The compare pages are up to date" in index


def test_a_refresh_error_never_changes_the_ingest_exit_status(db, monkeypatch):
    monkeypatch.setattr(scheduling, "refresh", lambda plan: 1 / 0)
    output = ingest(SEEDS_DIR)  # raises CommandError on a non-zero exit
    assert "5 created" in output
    assert RefreshRequest.objects.exists()


def test_broker_unreachable_a_save_succeeds_and_the_refresh_runs_in_the_background(
    editor_client, article, unreachable_broker
):
    energy = Theme.objects.get(slug="energy")
    started = time.monotonic()
    response = _save(editor_client, article, "Harbin", energy)
    assert response.status_code == 302
    assert time.monotonic() - started < 2  # the request never waits on the broker
    settle(lambda: not RefreshRequest.objects.exists())
    assert ThemePassage.objects.filter(theme=energy, origin="annotation").count() == 1


def _zip_of_a_seed() -> SimpleUploadedFile:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(SEEDS_DIR / "003_55fc027800472831.txt", "003.txt")
    return SimpleUploadedFile("day.zip", archive.getvalue())


def test_broker_unreachable_an_import_never_stays_preparing(admin_client_, db, unreachable_broker):
    response = admin_client_.post(
        reverse("admin:articles_article_import"),
        {"files": [_zip_of_a_seed()], "import_if_clean": "on"},
    )
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    settle(lambda: ImportBatch.objects.get(pk=batch.pk).state == ImportBatch.State.DONE)
    assert batch.documents.get().state == "imported"
    page = admin_client_.get(batch.get_absolute_url()).content.decode()
    assert "1 imported" in page


def test_broker_unreachable_rerunning_extraction_answers_without_error(
    admin_client_, article, unreachable_broker
):
    response = admin_client_.post(
        "/admin/articles/article/",
        {"action": "rerun_extraction", ACTION_CHECKBOX_NAME: [str(article.pk)]},
    )
    assert response.status_code == 302
    settle()


def test_a_batch_left_preparing_is_picked_up_by_resume_work(staff_admin, folder_queue):
    batch = create_batch(staff_admin, read_uploads([_zip_of_a_seed()]), BatchOptions())
    settle()
    assert ImportBatch.objects.get(pk=batch.pk).state == ImportBatch.State.PREPARING
    background.use_sender(background.InlineSender())  # stands in for the worker that starts
    out = io.StringIO()
    from django.core.management import call_command

    call_command("resume_work", stdout=out)
    assert "import batches: 1 sent again" in out.getvalue()
    assert ImportBatch.objects.get(pk=batch.pk).state == ImportBatch.State.DONE
    assert batch.documents.get().state == "imported"


def test_a_stalled_batch_offers_to_queue_it_again(admin_client_, staff_admin, folder_queue):
    batch = create_batch(staff_admin, read_uploads([_zip_of_a_seed()]), BatchOptions())
    settle()
    ImportBatch.objects.filter(pk=batch.pk).update(created="2020-01-01T00:00:00Z")
    batch.documents.update(updated="2020-01-01T00:00:00Z")
    page = admin_client_.get(batch.get_absolute_url()).content.decode()
    assert "Queue again" in page
    background.use_sender(background.InlineSender())
    response = admin_client_.post(reverse("admin:articles_article_import_resume", args=[batch.pk]))
    assert response.status_code == 302
    assert ImportBatch.objects.get(pk=batch.pk).state == ImportBatch.State.DONE


def test_resuming_a_batch_needs_the_import_right(editor_client, staff_admin, folder_queue):
    batch = create_batch(staff_admin, read_uploads([_zip_of_a_seed()]), BatchOptions())
    url = reverse("admin:articles_article_import_resume", args=[batch.pk])
    assert editor_client.post(url).status_code == 403
    editor_client.force_login(staff_admin)
    unknown = reverse("admin:articles_article_import_resume", args=[999])
    assert editor_client.post(unknown).status_code == 404


def test_refresh_compare_rebuilds_every_stored_row(article):
    from django.core.management import call_command

    scheduling.run_pending()
    before = ThemePassage.objects.count()
    assert before > 0
    ThemePassage.objects.all().delete()
    out = io.StringIO()
    call_command("refresh_compare", stdout=out)
    assert ThemePassage.objects.count() == before
    assert "Comparisons refreshed; 0 request(s) waiting." in out.getvalue()


def test_a_document_whose_worker_stopped_after_storing_it_is_reported_imported(
    staff_admin, folder_queue
):
    from articles.ingest.batches import import_chunk
    from articles.ingest.preview import prepared_article
    from articles.models import ImportDocument
    from articles.services import store_prepared

    batch = create_batch(staff_admin, read_uploads([_zip_of_a_seed()]), BatchOptions())
    settle()  # queued in the folder; no worker takes it
    document = batch.documents.get()
    # What a worker killed between storing the article and recording it leaves behind:
    store_prepared(prepared_article(document))
    ImportDocument.objects.filter(pk=document.pk).update(state="processing")
    ImportBatch.objects.filter(pk=batch.pk).update(state=ImportBatch.State.IMPORTING)
    import_chunk(batch.pk, [document.pk])  # what the next worker runs
    document.refresh_from_db()
    assert document.state == "imported"
    assert Article.objects.count() == 1


def test_the_sweep_sends_again_only_the_work_nothing_moved_in(staff_admin, folder_queue):
    """A chunk whose child was killed stays "processing": the worker's periodic sweep finds
    it once nothing has moved for RESUME_QUIET_SECONDS, and leaves moving batches alone."""
    from summit.resume import resume_unfinished_work

    quiet = create_batch(staff_admin, read_uploads([_zip_of_a_seed()]), BatchOptions())
    moving = create_batch(staff_admin, read_uploads([_zip_of_a_seed()]), BatchOptions())
    settle()
    ImportBatch.objects.filter(pk=quiet.pk).update(created="2020-01-01T00:00:00Z")
    quiet.documents.update(updated="2020-01-01T00:00:00Z", state="processing")
    ImportBatch.objects.filter(pk=quiet.pk).update(state=ImportBatch.State.IMPORTING)
    background.use_sender(background.InlineSender())
    sent = resume_unfinished_work(quiet_for=300)
    assert sent["import batches"] == 1
    assert ImportBatch.objects.get(pk=quiet.pk).state == ImportBatch.State.DONE
    assert quiet.documents.get().state == "imported"
    assert ImportBatch.objects.get(pk=moving.pk).state == ImportBatch.State.PREPARING
