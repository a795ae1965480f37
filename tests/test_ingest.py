"""manage.py ingest: idempotent, updates in place, reports bad files, never half-saves."""

from __future__ import annotations

import io
import random
import shutil
import zipfile

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Outlet
from articles.services import Outcome, Replace, ingest_text
from tests.conftest import SEEDS_DIR, ingest

GOOD = (
    "Leaders Meet in Beijing\n\nBy Jane Doe\n\n"
    "The two leaders met in Beijing on Thursday and signed a long joint statement. "
    "They pledged to deepen cooperation on energy, trade and security for years to come.\n\n"
    "A second paragraph closes the story."
)


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


def run_ingest(*paths) -> tuple[str, str, int]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("ingest", *[str(p) for p in paths], stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue() + str(exc), exc.returncode
    return out.getvalue(), err.getvalue(), 0


def test_seeds_twice_make_exactly_five_articles(db):
    first = ingest(SEEDS_DIR)
    second = ingest(SEEDS_DIR)
    assert Article.objects.count() == 5
    assert "5 created" in first
    assert "0 created, 0 updated, 5 unchanged" in second


def test_seed_titles_byline_and_standfirst(seeds):
    assert seeds["000"].title == "Xi and Putin Strengthen Strategic Partnership in Beijing Meeting"
    assert seeds["002"].title == "Xi Jinping- Putin summit is a bold display of unity"
    assert seeds["004"].title == "In Beijing, Xi and Putin Solidify Partnership In Defiance of West"
    assert seeds["000"].byline == "Faruk Imamovic"
    # Seed 003 opens with a summary sentence: a .txt marks no standfirst, so it is body.
    assert seeds["003"].subtitle == ""
    assert seeds["003"].body.startswith("The leaders pledged to expand space, military")
    assert seeds["000"].subtitle == "Xi and Putin's Beijing Meeting: A Strategic Alliance Unveiled"


def test_manifest_records_only_what_is_known(seeds):
    assert seeds["004"].outlet.name == "China Digital Times"
    for number in ["000", "001", "002", "003"]:
        assert seeds[number].outlet is None, "an unknown outlet must stay unknown"
    assert all(article.published is None and not article.url for article in seeds.values())


def test_raw_text_is_kept_exactly_as_received(seeds):
    (path,) = SEEDS_DIR.glob("002_*.txt")
    assert seeds["002"].raw == path.read_text(encoding="utf-8")


def test_changed_text_updates_the_article_in_place(db, tmp_path):
    shutil.copytree(SEEDS_DIR, tmp_path / "seeds")
    ingest(tmp_path / "seeds")
    (path,) = (tmp_path / "seeds").glob("003_*.txt")
    before = Article.objects.get(source_name=path.name)
    path.write_text(path.read_text().replace("second time", "third time"), encoding="utf-8")
    held = ingest(tmp_path / "seeds")
    assert "1 held" in held  # replacing a text is the admin's choice, never the default
    assert "third time" not in Article.objects.get(pk=before.pk).body
    out = ingest(tmp_path / "seeds", "--replace", "near")
    after = Article.objects.get(source_name=path.name)
    assert after.pk == before.pk
    assert "third time" in after.body
    assert "third time" not in before.body
    assert after.content_hash != before.content_hash
    assert "1 updated, 4 unchanged" in out
    assert Article.objects.count() == 5


def test_the_same_text_under_another_name_is_a_duplicate_not_an_error(db, tmp_path, good_file):
    copy = tmp_path / "copy.txt"
    copy.write_text(GOOD + "\n\nLeave a Reply\n", encoding="utf-8")  # same article, other page
    out, _, status = run_ingest(good_file, copy)
    assert status == 0
    assert "copy.txt: duplicate" in out
    assert Article.objects.count() == 1


def test_bad_files_are_named_with_reasons_and_the_good_one_still_loads(db, tmp_path, good_file):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    noise = tmp_path / "noise.txt"
    rng = random.Random(1)
    noise.write_bytes(bytes(rng.randrange(128, 256) for _ in range(4000)))
    missing = tmp_path / "missing.txt"
    out, err, status = run_ingest(empty, binary, noise, missing, good_file)
    assert status != 0
    assert "empty.txt: failed — the file is empty" in err
    assert "photo.txt: failed — the file is binary" in err
    assert "noise.txt: failed — the file's encoding could not be recognised" in err
    assert "missing.txt: failed — no such file or folder" in err
    assert "4 of 5 document(s) failed" in err
    assert "good.txt: created" in out
    assert list(Article.objects.values_list("source_name", flat=True)) == ["good.txt"]


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_files_in_western_encodings_keep_their_accents_and_apostrophes(db, tmp_path, encoding):
    text = (
        "Café diplomacy in Beijing\n\n"
        "The président’s façade held, observers said on Thursday in the Chinese capital.\n\n"
        "It was a long night of talks between the two delegations, officials said."
    )
    if encoding == "latin-1":
        text = text.replace("’", "'")
    (tmp_path / "western.txt").write_bytes(text.encode(encoding))
    _, _, status = run_ingest(tmp_path / "western.txt")
    assert status == 0
    article = Article.objects.get()
    assert article.title == "Café diplomacy in Beijing"
    assert ("président’s façade" if encoding == "cp1252" else "président's façade") in article.body


def test_a_file_with_no_article_text_fails_cleanly(db, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("Leave a Reply\n\nPlease enter your comment!\n", encoding="utf-8")
    _, err, status = run_ingest(page)
    assert status != 0
    assert "no article text" in err
    assert not Article.objects.exists()


def test_a_file_over_the_size_limit_is_refused(db, tmp_path, settings, good_file):
    settings.INGEST_MAX_FILE_BYTES = 100
    _, err, status = run_ingest(good_file)
    assert status != 0
    assert "over the limit of 100 bytes" in err
    assert not Article.objects.exists()


def test_an_empty_folder_is_an_error(db, tmp_path):
    _, err, status = run_ingest(tmp_path)
    assert status != 0
    assert "No documents found" in err


def test_zip_archives_are_read_in_memory_and_unsafe_members_refused(db, tmp_path):
    archive = tmp_path / "batch.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("day/good.txt", GOOD)
        zf.writestr("../../evil.txt", GOOD.replace("Jane Doe", "Eve"))
        zf.writestr("/etc/absolute.txt", "Headline\n\nText.")
        zf.writestr("inner.zip", b"PK\x03\x04")
        zf.writestr("bomb.txt", "A" * 2_000_000)
    _, err, status = run_ingest(archive)
    assert status != 0
    assert "batch.zip:../../evil.txt: failed — refused: the member's path leaves the archive" in err
    assert "batch.zip:/etc/absolute.txt: failed — refused" in err
    assert "batch.zip:inner.zip: failed — refused: archives inside archives" in err
    assert "batch.zip:bomb.txt: failed — refused: the compression ratio is extreme" in err
    # named by its path in the archive (a/x.txt and b/x.txt are two documents)
    assert list(Article.objects.values_list("source_name", flat=True)) == ["day/good.txt"]
    assert not (tmp_path.parent / "evil.txt").exists()


def test_a_failure_while_saving_leaves_nothing_half_written(db, monkeypatch):
    """The outlet created for an article is rolled back with it."""

    def broken_save(self, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Article, "save", broken_save)
    with pytest.raises(RuntimeError):
        ingest_text("x.txt", GOOD, {"outlet": "Brand New Outlet"})
    assert not Outlet.objects.filter(name="Brand New Outlet").exists()
    assert not Article.objects.exists()


def test_ingest_text_reports_each_outcome(db):
    assert ingest_text("a.txt", GOOD).outcome == Outcome.CREATED
    assert ingest_text("a.txt", GOOD).outcome == Outcome.UNCHANGED
    assert ingest_text("b.txt", GOOD).outcome == Outcome.DUPLICATE
    held = ingest_text("a.txt", GOOD.replace("Thursday", "Friday"))
    assert held.outcome == Outcome.HELD
    assert "would replace the text of article" in held.message
    updated = ingest_text("a.txt", GOOD.replace("Thursday", "Friday"), replace=Replace.NEAR)
    assert updated.outcome == Outcome.UPDATED
    assert "body" in updated.message


def test_progress_is_printed_per_file_with_a_summary(db):
    out = ingest(SEEDS_DIR)
    assert "[1/5] 000_33d13cb8fa074c6c.txt: created" in out
    assert "[5/5] 004_4258631c146da81b.txt: created" in out
    assert "Summary: 5 created, 0 updated, 0 unchanged, 0 duplicate, 0 held, 0 failed." in out
