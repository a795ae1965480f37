"""An archive's limits at their edges, and what each refused file is called (no database):
``read_zip`` reads members in memory, each up to its size limit, the whole up to its own."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from articles.ingest.sources import _read_file, _read_zip, iter_sources, read_zip


def archive(members: dict[str, bytes], compression: int = zipfile.ZIP_STORED) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    buffer.seek(0)
    return buffer


def outcomes(documents) -> list[tuple[str, str | None]]:
    return [(d.name, d.error) for d in documents]


def test_a_member_of_exactly_the_limit_is_read_one_byte_more_is_refused():
    docs = list(read_zip("a.zip", archive({"fits.txt": b"x" * 100, "over.txt": b"x" * 101}), 100))
    assert outcomes(docs) == [
        ("fits.txt", None),
        ("a.zip:over.txt", "the file is 101 bytes, over the limit of 100 bytes"),
    ]
    assert docs[0].data == b"x" * 100


def test_an_archive_of_exactly_its_total_limit_is_read_one_byte_more_is_refused_whole():
    fits = archive({"a.txt": b"x" * 60, "b.txt": b"y" * 40})
    assert [d.name for d in read_zip("t.zip", fits, 100, max_total_bytes=100)] == [
        "a.txt",
        "b.txt",
    ]
    over = archive({"a.txt": b"x" * 60, "b.txt": b"y" * 41})
    assert outcomes(read_zip("t.zip", over, 100, max_total_bytes=100)) == [
        ("t.zip", "refused: the archive unpacks to 101 bytes, over the limit of 100 bytes")
    ]


def test_not_a_zip_and_an_empty_zip_are_named_and_explained():
    (broken,) = read_zip("broken.zip", io.BytesIO(b"PK\x03\x04 not really"), 100)
    assert broken.name == "broken.zip"
    assert broken.error.startswith("not a readable zip archive: ")
    assert outcomes(read_zip("empty.zip", archive({}), 100)) == [
        ("empty.zip", "the archive is empty")
    ]


def test_a_damaged_member_is_refused_and_the_next_one_still_read():
    data = archive({"a.txt": b"first article text", "b.txt": b"second article text"})
    damaged = data.getvalue().replace(b"first article", b"FIRST article", 1)
    docs = list(read_zip("d.zip", io.BytesIO(damaged), 1000))
    assert [d.name for d in docs] == ["d.zip:a.txt", "b.txt"]
    assert docs[0].error.startswith("cannot read the archive member: ")
    assert docs[1].data == b"second article text"


def test_a_member_path_with_a_drive_leaves_the_archive():
    docs = list(read_zip("w.zip", archive({"C:/story.txt": b"text"}), 100))
    assert outcomes(docs) == [
        ("w.zip:C:/story.txt", "refused: the member's path leaves the archive (absolute or '..')")
    ]


def test_the_manifest_applies_to_files_and_to_zip_members(tmp_path: Path):
    (tmp_path / "one.txt").write_text("One article.")
    (tmp_path / "two.zip").write_bytes(archive({"inner/two.txt": b"Two articles."}).getvalue())
    manifest = {"one.txt": {"url": "https://example.org/1"},
                "two.txt": {"url": "https://example.org/2"}}  # fmt: skip
    docs = list(iter_sources([tmp_path / "one.txt", tmp_path / "two.zip"], 1000, manifest))
    assert [(d.name, d.metadata) for d in docs] == [
        ("one.txt", {"url": "https://example.org/1"}),
        ("inner/two.txt", {"url": "https://example.org/2"}),  # by its name when no path
    ]


def test_an_unreadable_zip_on_disk_is_named_and_explained(tmp_path: Path):
    folder = tmp_path / "looks.zip"
    folder.mkdir()  # a folder named like an archive cannot be opened as a file
    (doc,) = _read_zip(folder, 1000, {})
    assert doc.name == "looks.zip"
    assert doc.error.startswith("cannot read the file: ")


def test_a_file_of_exactly_the_limit_is_read_one_byte_more_is_refused_with_its_facts(
    tmp_path: Path,
):
    (tmp_path / "fits.txt").write_bytes(b"x" * 100)
    (tmp_path / "over.txt").write_bytes(b"x" * 101)
    manifest = {"over.txt": {"outlet": "Example Times"}}
    docs = list(iter_sources([tmp_path / "fits.txt", tmp_path / "over.txt"], 100, manifest))
    assert [(d.name, d.error, d.metadata) for d in docs] == [
        ("fits.txt", None, {}),
        ("over.txt", "the file is 101 bytes, over the limit of 100 bytes",
         {"outlet": "Example Times"}),
    ]  # fmt: skip


def test_a_file_that_cannot_be_read_is_named_and_explained(tmp_path: Path):
    folder = tmp_path / "story.txt"
    folder.mkdir()  # named like a text file, but a folder: reading it fails
    (doc,) = _read_file(folder, 100_000, {})
    assert (doc.name, doc.error) == ("story.txt", "cannot read the file: Is a directory")


def test_system_folders_inside_an_archive_are_skipped():
    docs = list(read_zip("m.zip", archive({"__MACOSX/story.txt": b"x", "story.txt": b"y"}), 10))
    assert outcomes(docs) == [
        ("m.zip:__MACOSX/story.txt", "skipped: a hidden or system file, not an article"),
        ("story.txt", None),
    ]


def test_a_member_named_with_backslashes_is_named_by_its_path():
    """Archives made on Windows may write "day\\story.txt"; it is the path day/story.txt."""
    (doc,) = read_zip("batch.zip", archive({"day\\story.txt": b"A story."}), 1000)
    assert (doc.name, doc.data) == ("day/story.txt", b"A story.")


def test_the_manifest_by_full_path_wins_over_the_same_file_name():
    members = {"a/story.txt": b"First.", "b/story.txt": b"Second."}
    manifest = {"a/story.txt": {"url": "https://example.org/a"},
                "story.txt": {"url": "https://example.org/any"}}  # fmt: skip
    docs = list(read_zip("batch.zip", archive(members), 1000, manifest=manifest))
    assert [(d.name, d.metadata) for d in docs] == [
        ("a/story.txt", {"url": "https://example.org/a"}),
        ("b/story.txt", {"url": "https://example.org/any"}),
    ]


def test_hidden_members_and_members_without_a_text_type_are_skipped_with_the_reason():
    members = {".hidden.txt": b"x", "README": b"y", "notes.pdf": b"z", "ok.txt": b"Fine."}
    docs = {d.name: d.error for d in read_zip("batch.zip", archive(members), 1000)}
    assert docs == {
        "batch.zip:.hidden.txt": "skipped: a hidden or system file, not an article",
        "batch.zip:README": "skipped: no extension is not a text file type",
        "batch.zip:notes.pdf": "skipped: .pdf is not a text file type",
        "ok.txt": None,
    }


def test_a_large_member_of_ordinary_text_is_no_bomb_a_small_extreme_one_is_no_bomb_either():
    """The ratio check starts at 64 KB: ordinary prose compresses about 3:1 (read), and a
    small member of one repeated byte, however extreme its ratio, is too small to harm."""
    import random

    words = ["grain", "corridor", "talks", "Geneva", "minister", "said", "on", "Monday"]
    rng = random.Random(7)
    prose = " ".join(rng.choice(words) for _ in range(40_000)).encode()
    small = b"\0" * 60_000  # far over 100:1, under 64 KB
    members = {"prose.txt": prose, "small.txt": small}
    docs = {d.name: d.error for d in read_zip("batch.zip", archive(members, zipfile.ZIP_DEFLATED),
                                              10**6, 10**7)}  # fmt: skip
    assert docs == {"prose.txt": None, "small.txt": None}


# --- uploads (the admin's form) ------------------------------------------------------------


def uploaded(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_an_upload_of_exactly_the_limit_is_read_one_byte_more_is_refused(settings):
    from articles.ingest.sources import read_uploads

    settings.INGEST_MAX_FILE_BYTES = 100
    docs = read_uploads([uploaded("fits.txt", b"x" * 100), uploaded("over.txt", b"x" * 101)])
    assert [(d.name, d.data is not None, d.error) for d in docs] == [
        ("fits.txt", True, None),
        ("over.txt", False, "the file is 101 bytes, over the limit of 100 bytes"),
    ]


def test_an_uploaded_archive_over_its_limit_is_refused_whole(settings):
    from articles.ingest.sources import read_uploads

    data = archive({"a.txt": b"A story."}).getvalue()
    settings.INGEST_MAX_ZIP_BYTES = len(data) - 1
    (doc,) = read_uploads([uploaded("day.zip", data)])
    assert (doc.name, doc.error) == (
        "day.zip",
        f"the archive is {len(data):,} bytes, over the limit of {len(data) - 1:,} bytes",
    )
    settings.INGEST_MAX_ZIP_BYTES = len(data)
    assert [d.name for d in read_uploads([uploaded("day.zip", data)])] == ["a.txt"]


def test_an_upload_is_named_by_its_file_name_only_and_an_unknown_type_is_refused_saying_so():
    from articles.ingest.sources import read_uploads

    long = "x" * 250 + ".txt"
    docs = read_uploads([uploaded("C:\\Users\\ed\\story.txt", b"A story."),
                         uploaded(long, b"Long."), uploaded("photo.png", b"\x89PNG"),
                         uploaded("README", b"Read me.")])  # fmt: skip
    names = [d.name for d in docs]
    assert names[:1] == ["story.txt"]
    assert len(names[1]) == 200
    allowed = ".htm, .html, .md, .text, .txt, .zip"
    assert [d.error for d in docs[2:]] == [
        f"refused: .png is not a supported file type ({allowed})",
        f"refused: no extension is not a supported file type ({allowed})",
    ]


def test_an_upload_without_a_name_is_called_upload():
    from articles.ingest.sources import read_uploads

    class Nameless:  # what a client that sends no file name gives the form
        name, size = None, 5

        def read(self) -> bytes:
            return b"Text."

    (doc,) = read_uploads([Nameless()])
    assert (doc.name, doc.error) == (
        "upload",
        "refused: no extension is not a supported file type (.htm, .html, .md, .text, .txt, .zip)",
    )
