"""Bad input that used to give a 500 gets a clear answer and leaves nothing half-written."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.ingest.preparation import prepare_text
from articles.models import Article, ImportDocument, Person, PersonAlias, Quote
from tests.test_admin_import import CP1252_ARTICLE, IMPORT_URL, batch_of, upload, zip_of

State = ImportDocument.State


@pytest.mark.parametrize("name", ["ß" * 200, "ﷺ" * 150])
def test_a_new_speaker_too_long_once_spelled_out_is_422(editor_client, seeds, name):
    quote = Quote.objects.filter(article=seeds["000"]).first()
    data = {"new_speaker": name, "start": quote.start, "end": quote.end, "kind": quote.kind}
    response = editor_client.post(reverse("articles:quote-correct", args=[quote.pk]), data)
    assert response.status_code == 422
    assert "too long once spelled out" in response.content.decode()
    assert not Person.objects.filter(name=name).exists()


def test_an_alias_too_long_once_spelled_out_is_refused_by_the_admin_form(seeds):
    alias = PersonAlias(person=Person.objects.first(), alias="ß" * 200)
    with pytest.raises(ValidationError, match="Too long once spelled out"):
        alias.full_clean()


def test_an_outlet_name_over_the_column_is_trimmed_with_a_note(db):
    prepared = prepare_text("long.txt", CP1252_ARTICLE, {"outlet": "The Daily " + "x" * 300})
    assert len(prepared.outlet_name) == 200
    assert any(w.startswith("outlet trimmed to 200 characters") for w in prepared.warnings)
    long_title = prepare_text("t.txt", "T" * 600 + "\n\n" + CP1252_ARTICLE.split("\n\n", 1)[1])
    assert len(long_title.fields["title"]) == 500


def test_an_import_with_a_site_name_over_the_column_is_stored_with_the_name_trimmed(
    admin_client_, db
):
    page = (
        "<html><head><title>T</title>"
        f'<meta property="og:site_name" content="{"S" * 260}"></head><body><article>'
        "<h1>Putin and Xi pledge a new era of partnership</h1>"
        + "<p>Chinese leader Xi Jinping and Russian President Vladimir Putin met in Beijing on "
        "Thursday, pledging a new era of partnership after talks that lasted hours.</p>"
        * 3
        + "</article></body></html>"
    )
    batch = batch_of(upload(admin_client_, ("site.html", page.encode())))
    document = batch.documents.get()
    assert document.state == State.IMPORTED, document.message
    assert len(Article.objects.get().outlet.name) == 200


def test_a_zip_of_thousands_of_files_is_refused_whole(admin_client_, db, settings):
    members = {f"n{number}.txt": b"Short." for number in range(3000)}
    batch = batch_of(upload(admin_client_, ("many.zip", zip_of(members))))
    document = batch.documents.get()
    assert document.state == State.FAILED
    assert "holds 3,000 files, over the limit of 500" in document.message
    assert not Article.objects.exists()


@pytest.mark.parametrize(("members", "refused"), [(4, True), (3, False)])
def test_the_zip_member_limit_is_the_setting_in_an_upload(admin_client_, db, settings,
                                                          members, refused):  # fmt: skip
    settings.INGEST_MAX_ZIP_MEMBERS = 3
    files = {f"n{number}.txt": CP1252_ARTICLE.encode() for number in range(members)}
    batch = batch_of(upload(admin_client_, ("few.zip", zip_of(files))))
    states = list(batch.documents.values_list("state", flat=True))
    if refused:
        assert states == [State.FAILED]
        assert "holds 4 files, over the limit of 3" in batch.documents.get().message
    else:
        assert states.count(State.FAILED) == 0
        assert len(states) == 3


def test_the_zip_member_limit_is_the_setting_in_manage_py_ingest(db, settings, tmp_path):
    settings.INGEST_MAX_ZIP_MEMBERS = 2
    archive = tmp_path / "three.zip"
    archive.write_bytes(zip_of({f"n{n}.txt": CP1252_ARTICLE.encode() for n in range(3)}))
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 of 1 document"):
        call_command("ingest", str(archive), "--skip-quotes", stdout=out, stderr=out)
    assert "holds 3 files, over the limit of 2" in out.getvalue()
    assert Article.objects.count() == 0


def test_a_refused_binary_file_is_not_kept_nor_offered_for_retry(admin_client_, db):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    batch = batch_of(upload(admin_client_, ("photo.txt", png)))
    document = ImportDocument.objects.get()
    assert document.state == State.FAILED
    assert document.data is None
    assert not document.can_retry
    page = admin_client_.get(batch.get_absolute_url()).content.decode()
    assert "Retry" not in page
    retry = f"{IMPORT_URL}{batch.pk}/documents/{document.pk}/retry/"
    admin_client_.post(retry)
    document.refresh_from_db()
    assert document.state == State.FAILED
