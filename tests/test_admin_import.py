"""The admin's "Import coverage" pages: upload or paste, preview, outcomes, retry, bad input."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone

from annotations.models import Annotation
from articles.models import Article, ImportBatch, ImportDocument, Mention, Person, Quote
from tests.conftest import PASSWORD, SEEDS_DIR

IMPORT_URL = "/admin/articles/article/import/"
State = ImportDocument.State

CP1252_ARTICLE = (
    "Kremlin’s ‘no limits’ friend\n\n"
    "By Anna Example\n\n"
    "Russia’s president arrived in Beijing on Thursday for a two-day state visit, his first "
    "trip abroad since he was sworn in for a fifth term.\n\n"
    "“We are satisfied with the pace of our cooperation,” Vladimir Putin told reporters after "
    "the talks, adding that trade had grown again this year.\n\n"
    "Analysts said the visit showed Moscow’s growing dependence on Beijing’s markets."
)
NEWS_PAGE = """<!DOCTYPE html><html><head><title>Putin in Beijing | The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2024-05-16T10:00:00Z"></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news menu</a></li></ul></nav>
<div class="advert">Advertisement: subscribe to our premium plan today</div>
<article><h1>Putin and Xi pledge a new era of partnership</h1>
<p>Chinese leader Xi Jinping and Russian President Vladimir Putin met in Beijing on Thursday,
pledging a new era of partnership between their two countries after talks that lasted hours.</p>
<p>“The relationship is stable and strong,” Putin said at a press conference in the Great Hall,
adding that energy cooperation would grow in the coming years.</p>
<p>Analysts said the summit showed Moscow’s growing dependence on Beijing after more than two
years of war in Ukraine, with trade between the countries at a record high last year.</p>
</article>
<section class="comments"><h3>Comments</h3>
<p>Great article! Cheap watches at example.com</p></section>
<footer>Copyright 2024 The Daily Example. All rights reserved.</footer></body></html>"""


def zip_of(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return buffer.getvalue()


def post(client, url: str, data: dict | None = None):
    """POST, then run what the view queued for after its commit (the eager tasks)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data or {})


def upload(client, *files: tuple[str, bytes], **fields):
    data = {"files": [SimpleUploadedFile(name, content) for name, content in files]}
    data.setdefault("import_if_clean", "on")
    data.update(fields)
    return post(client, IMPORT_URL, data)


def batch_of(response) -> ImportBatch:
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = ImportBatch.objects.get()
    assert response["Location"] == batch.get_absolute_url()
    return batch


def states(batch: ImportBatch) -> dict[str, tuple[str, str]]:
    return {d.name: (d.state, d.message) for d in batch.documents.all()}


def database_counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (Article, Quote, Person, Mention))


# --- access ---------------------------------------------------------------------------------


def test_the_article_changelist_links_to_the_import_page(admin_client_, db):
    html = admin_client_.get("/admin/articles/article/").content.decode()
    assert f'href="{IMPORT_URL}"' in html
    page = admin_client_.get(IMPORT_URL).content.decode()
    assert 'type="file" name="files"' in page
    assert "multiple" in page
    assert 'name="pasted"' in page


@pytest.mark.parametrize("user_fixture", ["editor", "researcher", "outsider"])
def test_non_staff_get_403_on_every_import_url(client, db, request, user_fixture, staff_admin):
    batch = ImportBatch.objects.create(created_by=staff_admin)
    document = ImportDocument.objects.create(batch=batch, position=1, name="a.txt")
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(IMPORT_URL).status_code == 403
    assert upload(client, ("a.txt", b"text")).status_code == 403
    assert client.get(batch.get_absolute_url()).status_code == 403
    assert client.post(f"{batch.get_absolute_url()}confirm/").status_code == 403
    retry = f"{batch.get_absolute_url()}documents/{document.pk}/retry/"
    assert client.post(retry).status_code == 403
    assert ImportBatch.objects.count() == 1


def test_staff_without_the_add_permission_get_403(client, db):
    viewer = User.objects.create_user("viv", password=PASSWORD, is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)
    assert client.get("/admin/articles/article/").status_code == 200
    assert client.get(IMPORT_URL).status_code == 403


def test_anonymous_users_are_sent_to_log_in(client, db):
    response = client.get(IMPORT_URL)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_unknown_batches_and_documents_are_404(admin_client_, db, staff_admin):
    assert admin_client_.get(f"{IMPORT_URL}999/").status_code == 404
    assert admin_client_.post(f"{IMPORT_URL}999/confirm/").status_code == 404
    batch = ImportBatch.objects.create(created_by=staff_admin)
    assert admin_client_.post(f"{IMPORT_URL}{batch.pk}/documents/999/retry/").status_code == 404


def test_a_form_with_nothing_to_import_is_422(admin_client_, db):
    response = admin_client_.post(IMPORT_URL, {"pasted": "   "})
    assert response.status_code == 422
    assert "Choose at least one file or paste an article" in response.content.decode()
    assert not ImportBatch.objects.exists()


# --- the acceptance cases -------------------------------------------------------------------


def test_a_zip_with_a_cp1252_article_and_a_traversal_member(admin_client_, db, tmp_path):
    archive = zip_of(
        {"day/kremlin.txt": CP1252_ARTICLE.encode("cp1252"), "../../evil.txt": b"owned"}
    )
    batch = batch_of(upload(admin_client_, ("coverage.zip", archive)))
    outcome = states(batch)
    assert outcome["day/kremlin.txt"][0] == State.IMPORTED
    assert outcome["coverage.zip:../../evil.txt"] == (
        State.FAILED,
        "refused: the member's path leaves the archive (absolute or '..')",
    )
    article = Article.objects.get()
    assert article.title == "Kremlin’s ‘no limits’ friend"
    assert "Russia’s president" in article.body
    assert "Moscow’s growing" in article.body
    quote = Quote.objects.exclude(kind=Quote.Kind.REPORTED).get(article=article)
    assert quote.text.startswith("We are satisfied")
    assert quote.speaker.name == "Vladimir Putin"
    for folder in (tmp_path, Path.cwd(), Path.cwd().parent):
        assert not (folder / "evil.txt").exists()
    page = admin_client_.get(batch.get_absolute_url()).content.decode()
    assert "refused: the member&#x27;s path leaves the archive" in page
    assert "1 quote; 2 reported statements" in page


def test_a_png_renamed_txt_and_an_empty_file_are_refused_and_nothing_is_stored(
    admin_client_, seeds
):
    before = database_counts()
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    batch = batch_of(upload(admin_client_, ("photo.txt", png), ("empty.txt", b"")))
    outcome = states(batch)
    assert outcome["photo.txt"][0] == State.FAILED
    assert "binary" in outcome["photo.txt"][1]
    assert outcome["empty.txt"] == (State.FAILED, "the file is empty")
    assert database_counts() == before
    page = admin_client_.get(batch.get_absolute_url()).content.decode()
    assert "the file is empty" in page
    assert "2 failed" in page


def test_a_saved_news_page_yields_the_article_without_navigation_ads_or_comments(admin_client_, db):
    batch = batch_of(upload(admin_client_, ("putin-beijing.html", NEWS_PAGE.encode())))
    assert states(batch)["putin-beijing.html"][0] == State.IMPORTED
    article = Article.objects.get()
    assert article.title == "Putin and Xi pledge a new era of partnership"
    assert article.byline == "Jane Roe"
    assert article.outlet.name == "The Daily Example"
    assert str(article.published) == "2024-05-16"
    assert "Great Hall" in article.body
    assert "record high" in article.body
    for furniture in ("World news menu", "Advertisement", "Cheap watches", "Copyright"):
        assert furniture not in article.body
    assert Quote.objects.filter(article=article, speaker__name="Vladimir Putin").exists()


def test_pasted_html_and_text_are_imported_with_the_batch_outlet_and_date(admin_client_, db):
    response = upload(
        admin_client_,
        pasted=CP1252_ARTICLE,
        new_outlet="Example Wire",
        published="2024-05-17",
        url="https://example.org/kremlin",
    )
    batch = batch_of(response)
    [document] = batch.documents.all()
    assert document.state == State.IMPORTED
    article = document.article
    assert article.outlet.name == "Example Wire"
    assert str(article.published) == "2024-05-17"
    assert article.url == "https://example.org/kremlin"


# --- preview ----------------------------------------------------------------------------------


def test_a_small_batch_stops_at_a_preview_where_the_admin_corrects_and_confirms(admin_client_, db):
    other = CP1252_ARTICLE.replace("Kremlin’s", "Moscow’s").replace("Thursday", "Friday")
    batch = batch_of(
        upload(
            admin_client_,
            ("kremlin.txt", CP1252_ARTICLE.encode()),
            ("other.txt", other.encode()),
            import_if_clean="",
        )
    )
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.PREVIEW
    assert not Article.objects.exists()
    page = admin_client_.get(batch.get_absolute_url()).content.decode()
    assert 'value="Kremlin’s ‘no limits’ friend"' in page
    assert 'value="Anna Example"' in page
    assert "Russia’s president arrived" in page
    kremlin, other_doc = batch.documents.order_by("name")[:2]
    assert kremlin.preview["quotes"] == 1
    response = post(
        admin_client_,
        f"{batch.get_absolute_url()}confirm/",
        {
            f"doc-{kremlin.pk}-include": "on",
            f"doc-{kremlin.pk}-title": "Putin’s visit",
            f"doc-{kremlin.pk}-outlet": "Example Wire",
            f"doc-{kremlin.pk}-published": "2024-05-16",
            f"doc-{other_doc.pk}-title": "left out",
        },
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.title, article.outlet.name, str(article.published)) == (
        "Putin’s visit",
        "Example Wire",
        "2024-05-16",
    )
    assert states(batch)["other.txt"][0] == State.SKIPPED
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.DONE


def test_the_import_stores_what_the_preview_prepared_without_reading_it_again(
    admin_client_, db, monkeypatch
):
    from articles.ingest import preview

    readings = []
    real = preview.prepare_document
    monkeypatch.setattr(preview, "prepare_document", lambda d: readings.append(d.name) or real(d))
    batch = batch_of(upload(admin_client_, ("k.txt", CP1252_ARTICLE.encode()), import_if_clean=""))
    document = batch.documents.get()
    assert readings == ["k.txt"]
    assert document.prepared["fields"]["title"] == "Kremlin’s ‘no limits’ friend"
    confirm = {f"doc-{document.pk}-include": "on", f"doc-{document.pk}-byline": "A. N. Editor"}
    post(admin_client_, f"{batch.get_absolute_url()}confirm/", confirm)
    assert readings == ["k.txt"]  # cleaned once, at the preview
    article = Article.objects.get()
    assert (article.title, article.byline) == ("Kremlin’s ‘no limits’ friend", "A. N. Editor")
    assert article.raw == CP1252_ARTICLE  # the text as received, decoded from the bytes


def test_a_bad_date_in_the_preview_is_422_and_nothing_is_imported(admin_client_, db):
    batch = batch_of(upload(admin_client_, ("k.txt", CP1252_ARTICLE.encode()), import_if_clean=""))
    document = batch.documents.get()
    response = post(
        admin_client_,
        f"{batch.get_absolute_url()}confirm/",
        {f"doc-{document.pk}-include": "on", f"doc-{document.pk}-published": "16 May"},
    )
    assert response.status_code == 422
    assert "is not YYYY-MM-DD" in response.content.decode()
    assert not Article.objects.exists()


def test_the_preview_shown_again_keeps_what_the_admin_typed(admin_client_, db):
    batch = batch_of(upload(admin_client_, ("k.txt", CP1252_ARTICLE.encode()), import_if_clean=""))
    document = batch.documents.get()
    typed = {
        f"doc-{document.pk}-include": "on",
        f"doc-{document.pk}-title": "A <b>corrected</b> title",
        f"doc-{document.pk}-published": "16/05/2024",
        "doc-999999-title": "a document not in this batch",
    }
    page = post(admin_client_, f"{batch.get_absolute_url()}confirm/", typed).content.decode()
    assert 'value="A &lt;b&gt;corrected&lt;/b&gt; title"' in page
    assert 'value="16/05/2024"' in page
    assert "k.txt: the published date is not YYYY-MM-DD" in page
    assert "a document not in this batch" not in page
    document.refresh_from_db()
    assert document.state == State.READY


def test_the_preview_warns_about_duplicates_and_updates(admin_client_, seeds):
    seed = (SEEDS_DIR / "000_33d13cb8fa074c6c.txt").read_bytes()
    changed = seed.replace(b"on Thursday", b"on Thursday afternoon", 1)
    batch = batch_of(
        upload(
            admin_client_,
            ("copy-of-000.txt", seed),
            ("000_33d13cb8fa074c6c.txt", changed),
            import_if_clean="on",
        )
    )
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.PREVIEW  # not all clean: someone should look
    copy, update = (
        batch.documents.get(name="copy-of-000.txt"),
        batch.documents.exclude(name="copy-of-000.txt").get(),
    )
    assert copy.state == State.DUPLICATE
    assert f"same text as article {seeds['000'].pk}" in copy.message
    assert update.preview["notes"] == [
        f"would replace the text of article {seeds['000'].pk} ({seeds['000'].display_title}), "
        "keeping 100% of its words: tick “replace” to do so, else it is held"
    ]
    assert update.preview["replaces"] is True


# --- outcomes ---------------------------------------------------------------------------------


def test_an_exact_duplicate_is_reported_as_such_not_as_an_error(admin_client_, seeds):
    seed = (SEEDS_DIR / "001_a145fd7ab08c9e0d.txt").read_bytes()
    before = database_counts()
    batch = batch_of(upload(admin_client_, ("again.txt", seed)))
    state, message = states(batch)["again.txt"]
    assert state == State.DUPLICATE
    assert f"article {seeds['001'].pk}" in message
    assert database_counts() == before


def test_reimporting_a_changed_version_updates_in_place_keeping_verified_quotes_and_notes(
    admin_client_, seeds, editor
):
    article = seeds["000"]
    verified = article.quotes.order_by("start").first()
    verified.verified = True
    verified.save()
    body = article.body
    anchor_start = body.index("strategic alignment")
    kept = Annotation.objects.create(
        article=article,
        author=editor,
        start=anchor_start,
        end=anchor_start + len("strategic alignment"),
        exact="strategic alignment",
        prefix=body[anchor_start - 20 : anchor_start],
        suffix=body[anchor_start + 19 : anchor_start + 39],
    )
    raw = (SEEDS_DIR / article.source_name).read_text(encoding="utf-8")
    changed = raw.replace("Xi Jinping and Vladimir Putin’s meeting", "The meeting", 1)
    assert changed != raw
    batch = batch_of(upload(admin_client_, (article.source_name, changed.encode())))
    document = batch.documents.get()
    assert document.state == State.READY  # an update waits for the admin to confirm
    assert document.preview["notes"][0].startswith(
        f"would replace the text of article {article.pk}"
    )
    # Kept without ticking "replace": held, the article untouched, a button to replace it.
    post(admin_client_, f"{batch.get_absolute_url()}confirm/", {f"doc-{document.pk}-include": "on"})
    document.refresh_from_db()
    assert document.state == State.HELD, document.message
    assert Article.objects.get(pk=article.pk).body == body
    page = admin_client_.get(batch.get_absolute_url()).content.decode()
    assert page.count("Replace the article's text") == 1
    post(
        admin_client_, f"{batch.get_absolute_url()}documents/{document.pk}/retry/", {"replace": "1"}
    )
    document.refresh_from_db()
    assert document.state == State.UPDATED, document.message
    assert document.article_id == article.pk
    assert Article.objects.count() == 5
    article.refresh_from_db()
    assert article.body.startswith("The meeting in Beijing")
    verified.refresh_from_db()
    assert verified.verified
    assert (article.body[verified.start : verified.end], verified.orphaned) == (
        verified.text,
        False,
    )
    kept.refresh_from_db()
    assert article.body[kept.start : kept.end] == "strategic alignment"
    assert not kept.orphaned


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        ({"inner.zip": zip_of({"a.txt": b"text"})}, "refused: archives inside archives"),
        ({"/etc/passwd.txt": b"root"}, "refused: the member's path leaves the archive"),
        ({"..\\..\\evil.txt": b"x"}, "refused: the member's path leaves the archive"),
        ({"bomb.txt": b"a" * (3 * 1024 * 1024)}, "refused: the compression ratio is extreme"),
        ({"tool.exe": b"MZ"}, "skipped: .exe is not a text file type"),
    ],
)
def test_unsafe_zip_members_are_refused_one_by_one(admin_client_, db, members, expected):
    archive = zip_of({**members, "good.txt": CP1252_ARTICLE.encode()})
    batch = batch_of(upload(admin_client_, ("batch.zip", archive)))
    outcome = states(batch)
    assert outcome["good.txt"][0] == State.IMPORTED
    [(_name, (state, message))] = [(k, v) for k, v in outcome.items() if k != "good.txt"]
    assert state == State.FAILED
    assert message.startswith(expected), message


def test_a_zip_over_the_total_limit_is_refused_whole(admin_client_, db, settings):
    settings.INGEST_MAX_ZIP_BYTES = 1000
    archive = zip_of({"a.txt": CP1252_ARTICLE.encode(), "b.txt": CP1252_ARTICLE.encode() * 2})
    batch = batch_of(upload(admin_client_, ("big.zip", archive)))
    [(state, message)] = states(batch).values()
    assert state == State.FAILED
    assert "over the limit of 1,000 bytes" in message
    assert not Article.objects.exists()


def test_a_file_over_the_size_limit_and_an_unknown_type_are_refused(admin_client_, db, settings):
    settings.INGEST_MAX_FILE_BYTES = 200
    batch = batch_of(
        upload(admin_client_, ("long.txt", CP1252_ARTICLE.encode()), ("a.pdf", b"%PDF-1.4"))
    )
    outcome = states(batch)
    assert outcome["long.txt"][1].endswith("over the limit of 200 bytes")
    assert outcome["a.pdf"][1].startswith("refused: .pdf is not a supported file type")
    assert not Article.objects.exists()
    assert not batch.documents.exclude(data=None).exists()  # refused bytes are not kept


def test_a_page_with_no_article_text_and_an_undecodable_file_fail_with_reasons(admin_client_, db):
    noise = bytes((i * 7919) % 128 + 128 for i in range(4000))
    batch = batch_of(
        upload(
            admin_client_,
            ("menu.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>"),
            ("noise.txt", noise),
            ("good.txt", CP1252_ARTICLE.encode()),
        )
    )
    outcome = states(batch)
    assert outcome["menu.html"][0] == State.FAILED
    assert outcome["menu.html"][1].startswith("no article text was found")
    assert outcome["noise.txt"][0] == State.FAILED
    assert outcome["good.txt"][0] == State.IMPORTED
    assert Article.objects.count() == 1


def test_a_huge_paste_is_refused_with_a_clear_message_and_nothing_saved(admin_client_, db):
    response = admin_client_.post(IMPORT_URL, {"pasted": "x" * (50 * 1024 * 1024)})
    assert response.status_code == 413
    assert "nothing was read or saved" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_failed_document_can_be_retried(admin_client_, db, monkeypatch):
    import articles.ingest.batches

    real = articles.ingest.batches.store_prepared

    def flaky(prepared, replace):
        raise RuntimeError("database went away")

    monkeypatch.setattr(articles.ingest.batches, "store_prepared", flaky)
    batch = batch_of(upload(admin_client_, ("k.txt", CP1252_ARTICLE.encode())))
    document = batch.documents.get()
    assert (document.state, document.message) == (
        State.FAILED,
        "unexpected error: database went away",
    )
    assert "Retry" in admin_client_.get(batch.get_absolute_url()).content.decode()
    monkeypatch.setattr(articles.ingest.batches, "store_prepared", real)
    response = post(admin_client_, f"{batch.get_absolute_url()}documents/{document.pk}/retry/")
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.state == State.IMPORTED
    assert document.article.title == "Kremlin’s ‘no limits’ friend"


def test_htmx_polls_get_only_the_batch_fragment(admin_client_, db):
    batch = batch_of(upload(admin_client_, ("k.txt", CP1252_ARTICLE.encode())))
    response = admin_client_.get(batch.get_absolute_url(), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="import-batch"')
    assert "Import more coverage" not in html  # the fragment, not the page
    assert 'data-batch-state="done"' in html
    assert "hx-trigger" not in html  # finished: polling stops
    running = ImportBatch.objects.create(state=ImportBatch.State.IMPORTING)
    html = admin_client_.get(running.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 1s"' in html


def test_a_poll_that_finds_the_preview_ready_brings_the_form_and_its_button(admin_client_, db):
    """The dead end of issue 36: a poll once returned only the progress table, so the page
    said "1 ready to import" and showed no Import button until reloaded by hand."""
    batch = batch_of(
        upload(admin_client_, ("k.txt", CP1252_ARTICLE.encode()), import_if_clean=False)
    )
    assert batch.state == ImportBatch.State.PREVIEW
    html = admin_client_.get(batch.get_absolute_url(), headers={"HX-Request": "true"}).content
    fragment = html.decode()
    assert fragment.lstrip().startswith('<div id="import-batch"')
    assert fragment.count('value="Import the ticked documents"') == 1
    assert fragment.count('name="csrfmiddlewaretoken"') == 1
    assert "hx-trigger" not in fragment  # waiting for a person: polling stops


def test_document_names_and_messages_are_escaped(admin_client_, db):
    batch = batch_of(upload(admin_client_, ("<img src=x onerror=alert(1)>.txt", b"")))
    html = admin_client_.get(batch.get_absolute_url()).content.decode()
    assert "<img src=x onerror=alert(1)>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;.txt" in html


def test_a_lightly_edited_copy_of_a_stored_article_is_flagged_as_a_near_duplicate(
    admin_client_, seeds
):
    raw = (SEEDS_DIR / "000_33d13cb8fa074c6c.txt").read_text(encoding="utf-8")
    rewrite = raw.replace("Thursday", "Friday").replace("strategic", "long-term")
    batch = batch_of(upload(admin_client_, ("rewrite.txt", rewrite.encode())))
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.PREVIEW  # a near-duplicate needs a look
    [note] = [n for n in batch.documents.get().preview["notes"] if n.startswith("near-dup")]
    share = int(note.split("%")[0].rsplit(" ", 1)[1])
    assert share >= 80
    assert note.endswith(f"also in article {seeds['000'].pk}")
    assert "near-duplicate: " in admin_client_.get(batch.get_absolute_url()).content.decode()


def test_a_url_for_several_documents_is_refused_with_422(admin_client_, db):
    response = upload(
        admin_client_,
        ("a.txt", CP1252_ARTICLE.encode()),
        ("b.txt", CP1252_ARTICLE.replace("Thursday", "Friday").encode()),
        url="https://example.org/one-story",
    )
    assert response.status_code == 422
    assert "A URL belongs to one article" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_two_pastes_are_two_articles_and_pasted_html_is_read_as_a_page(admin_client_, db):
    upload(admin_client_, pasted=CP1252_ARTICLE)
    upload(admin_client_, pasted=NEWS_PAGE)  # within the same second: names still differ
    titles = set(Article.objects.values_list("title", flat=True))
    assert titles == {
        "Kremlin’s ‘no limits’ friend",
        "Putin and Xi pledge a new era of partnership",
    }


def test_the_same_page_can_be_read_again_and_again():
    from newsnlp.pages.webpages import extract_web_page

    first = extract_web_page(NEWS_PAGE).text
    assert first
    for _ in range(4):
        assert extract_web_page(NEWS_PAGE.replace("hours", "hours.")).text
    assert extract_web_page(NEWS_PAGE).text == first


def test_an_upload_over_the_cap_is_stopped_before_it_is_read_whole(
    admin_client_, db, settings, monkeypatch
):
    """INGEST_MAX_UPLOAD_BYTES holds for the whole request, checked as it streams in."""
    from infrastructure.uploads import CappedUploadHandler

    settings.INGEST_MAX_UPLOAD_BYTES = 20_000
    received = []
    real = CappedUploadHandler.receive_data_chunk

    def counted(self, data, start):
        received.append(len(data))
        return real(self, data, start)

    monkeypatch.setattr(CappedUploadHandler, "receive_data_chunk", counted)
    files = [("one.txt", b"a" * 15_000), ("two.txt", b"b" * 15_000)]
    response = upload(admin_client_, *files)
    assert response.status_code == 413
    assert "That upload was larger than 19.5\xa0KB" in response.content.decode()
    assert "stopped before it was read and nothing was saved" in response.content.decode()
    assert not ImportBatch.objects.exists()
    assert sum(received) <= 20_000 + 65_536  # at most one chunk past the cap was read


def test_an_imports_duration_leaves_out_the_time_it_waited_at_the_preview(admin_client_, db):
    """Issue 36, item 12: an import confirmed an hour after its preview said it took an hour."""
    batch = batch_of(upload(admin_client_, ("k.txt", CP1252_ARTICLE.encode()), import_if_clean=""))
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    ImportBatch.objects.filter(pk=batch.pk).update(created=an_hour_ago)
    batch.documents.update(updated=an_hour_ago + dt.timedelta(seconds=2))  # read in 2 s
    document = batch.documents.get()
    post(admin_client_, f"{batch.get_absolute_url()}confirm/", {f"doc-{document.pk}-include": "on"})
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.DONE
    assert 3590 < batch.preview_wait.total_seconds() < 3600
    page = admin_client_.get(batch.get_absolute_url()).content.decode()
    took = re.search(r"Finished</strong> in ([\d.]+) s", page)
    assert took is not None, "the duration is not in seconds: the hour at the preview counted"
    assert 2.0 <= float(took.group(1)) < 60
