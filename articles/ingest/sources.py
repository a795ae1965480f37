"""Read coverage from files, folders and zip archives, and decode it safely.

Nothing here touches the database: each source comes out as a ``SourceDocument`` holding
either its bytes or the reason it cannot be read, so one bad file never stops the others.
Zip members are read in memory, each up to its size limit; nothing is extracted to disk.
"""

from __future__ import annotations

import json
import re
import uuid
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from charset_normalizer import from_bytes
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

PLAIN_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
TEXT_SUFFIXES = PLAIN_SUFFIXES | HTML_SUFFIXES
MANIFEST_NAME = "manifest.json"
MAX_ZIP_TOTAL_BYTES = 50 * 1024 * 1024
# An archive of thousands of files is refused whole: one upload must not become thousands of
# articles (and minutes of work) by accident.
MAX_ZIP_MEMBERS = 500
MAX_ZIP_RATIO = 100
# Small, repetitive texts legitimately compress well; only large members are judged by ratio.
RATIO_CHECK_FROM_BYTES = 64 * 1024
HTML_START = re.compile(
    r"^\s*(<!doctype html|<html\b|<head\b|<body\b|<(article|div|p|main)\b)", re.I
)
# Signatures of common binary formats that sometimes arrive renamed as .txt.
BINARY_SIGNATURES = (
    b"\x89PNG",
    b"%PDF",
    b"PK\x03\x04",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\x1f\x8b",
    b"\x7fELF",
    b"MZ",
    b"\xd0\xcf\x11\xe0",
)


class SourceError(Exception):
    """A document that cannot be read as text; the message is shown to the user."""


@dataclass(frozen=True)
class SourceDocument:
    name: str
    data: bytes | None = None
    error: str | None = None
    metadata: dict = field(default_factory=dict)


def decode_text(data: bytes) -> str:
    """Decode received bytes as text, detecting the encoding, or explain why they are not text.

    UTF-8 (with or without a BOM) is tried first. Anything else goes to charset-normalizer;
    among the encodings it finds equally plausible, Windows-1252 wins, because for short
    English text it cannot tell cp1252 from cp1250 or Baltic code pages, and a news file
    that is not UTF-8 is almost always cp1252 or Latin-1 (which cp1252 reads the same).
    """
    if not data.strip():
        raise SourceError("the file is empty")
    if data.startswith(BINARY_SIGNATURES):
        raise SourceError("the file is binary (an image, archive or program), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _detected_text(data)
    if "\x00" in text[:8192]:
        raise SourceError("the file is binary (an image, archive or program), not text")
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > len(text[:8192]) * 0.05:
        raise SourceError("the file is binary (too many control characters), not text")
    # A stray NUL further in is no character of the article, and PostgreSQL stores none.
    return text.replace("\x00", "")


def _detected_text(data: bytes) -> str:
    matches = list(from_bytes(data))
    if not matches:
        raise SourceError(
            "the file's encoding could not be recognised (it is not UTF-8, Windows-1252, "
            "Latin-1 or another known text encoding)"
        )
    best = matches[0]
    preferred = next(
        (m for m in matches if m.encoding == "cp1252" and m.percent_chaos <= best.percent_chaos),
        best,
    )
    return str(preferred)


def looks_like_html(name: str, text: str) -> bool:
    """HTML by its file name, or (for pasted text) by how it starts."""
    suffix = PurePosixPath(name).suffix.lower()
    return suffix in HTML_SUFFIXES or (
        suffix not in PLAIN_SUFFIXES and bool(HTML_START.match(text))
    )


def load_manifest(path: Path) -> dict[str, dict]:
    """Per-file facts known for certain (outlet, url, published), keyed by file name."""
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SourceError(f"cannot read manifest {path}: {exc}") from exc
    files = content.get("files", {}) if isinstance(content, dict) else {}
    if not isinstance(files, dict):
        raise SourceError(f"manifest {path} has no 'files' mapping")
    return {name: {k: v for k, v in facts.items() if v} for name, facts in files.items()}


def iter_sources(
    paths: Iterable[str | Path],
    max_bytes: int,
    manifest: dict[str, dict] | None = None,
) -> Iterator[SourceDocument]:
    """Every document under ``paths``: files, folders (recursively) and zip archives."""
    for raw_path in paths:
        path = Path(raw_path)
        if path.is_dir():
            folder_manifest = dict(manifest or {})
            if (path / MANIFEST_NAME).is_file():
                folder_manifest = {**load_manifest(path / MANIFEST_NAME), **folder_manifest}
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                readable = child.suffix.lower() in TEXT_SUFFIXES | {".zip"}
                if child.is_file() and readable and not hidden and child.name != MANIFEST_NAME:
                    yield from _read_file(child, max_bytes, folder_manifest)
        elif path.exists():
            yield from _read_file(path, max_bytes, manifest or {})
        else:
            yield SourceDocument(name=str(path), error="no such file or folder")


def _read_file(path: Path, max_bytes: int, manifest: dict[str, dict]) -> Iterator[SourceDocument]:
    if path.suffix.lower() == ".zip":
        yield from _read_zip(path, max_bytes, manifest)
        return
    metadata = manifest.get(path.name, {})
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield SourceDocument(path.name, error=_too_large(size, max_bytes), metadata=metadata)
            return
        yield SourceDocument(path.name, data=path.read_bytes(), metadata=metadata)
    except OSError as exc:
        yield SourceDocument(path.name, error=f"cannot read the file: {exc.strerror}")


def _too_large(size: int, limit: int) -> str:
    return f"the file is {size:,} bytes, over the limit of {limit:,} bytes"


def _read_zip(path: Path, max_bytes: int, manifest: dict[str, dict]) -> Iterator[SourceDocument]:
    try:
        with path.open("rb") as stream:
            yield from read_zip(path.name, stream, max_bytes, settings.INGEST_MAX_ZIP_BYTES,
                                manifest, settings.INGEST_MAX_ZIP_MEMBERS)  # fmt: skip
    except OSError as exc:
        yield SourceDocument(path.name, error=f"cannot read the file: {exc.strerror}")


def read_zip(
    name: str,
    stream: IO[bytes],
    max_bytes: int,
    max_total_bytes: int = MAX_ZIP_TOTAL_BYTES,
    manifest: dict[str, dict] | None = None,
    max_members: int = MAX_ZIP_MEMBERS,
) -> Iterator[SourceDocument]:
    """The text members of a zip archive, read in memory and never written to disk.

    Members with absolute paths or ``..``, nested archives, other file types, members over
    ``max_bytes`` and members with an extreme compression ratio are refused one by one; an
    archive that unpacks (by its directory, or in fact while reading) to more than
    ``max_total_bytes``, or holds more than ``max_members`` files, is refused whole.
    """
    manifest = manifest or {}
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        yield SourceDocument(name, error=f"not a readable zip archive: {exc}")
        return
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        total = sum(info.file_size for info in members)
        if total > max_total_bytes:
            yield SourceDocument(
                name,
                error=f"refused: the archive unpacks to {total:,} bytes, over the limit of "
                f"{max_total_bytes:,} bytes",
            )
            return
        if not members:
            yield SourceDocument(name, error="the archive is empty")
            return
        if len(members) > max_members:
            yield SourceDocument(
                name,
                error=f"refused: the archive holds {len(members):,} files, over the limit of "
                f"{max_members:,} (split it, or ask an admin to raise INGEST_MAX_ZIP_MEMBERS)",
            )
            return
        for info in sorted(members, key=lambda member: member.filename):
            label = f"{name}:{info.filename}"
            problem = _member_problem(info, max_bytes)
            if problem:
                yield SourceDocument(label, error=problem)
                continue
            try:
                # zipfile reads no more than the size the member's header states, and that
                # size was checked above (and the archive's sum before the loop).
                with archive.open(info) as member:
                    data = member.read()
            except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as exc:
                yield SourceDocument(label, error=f"cannot read the archive member: {exc}")
                continue
            # Named by its path in the archive: a/story.txt and b/story.txt are two documents.
            member_path = PurePosixPath(info.filename.replace("\\", "/"))
            facts = manifest.get(str(member_path), manifest.get(member_path.name, {}))
            yield SourceDocument(str(member_path), data=data, metadata=facts)


def _member_problem(info: zipfile.ZipInfo, max_bytes: int) -> str | None:
    member = PurePosixPath(info.filename.replace("\\", "/"))
    if member.is_absolute() or ".." in member.parts or ":" in member.parts[0]:
        return "refused: the member's path leaves the archive (absolute or '..')"
    if any(part.startswith(".") or part == "__MACOSX" for part in member.parts):
        return "skipped: a hidden or system file, not an article"
    if member.suffix.lower() == ".zip":
        return "refused: archives inside archives are not opened"
    if member.suffix.lower() not in TEXT_SUFFIXES:
        return f"skipped: {member.suffix or 'no extension'} is not a text file type"
    if info.file_size > max_bytes:
        return _too_large(info.file_size, max_bytes)
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > RATIO_CHECK_FROM_BYTES and ratio > MAX_ZIP_RATIO:
        return "refused: the compression ratio is extreme (a zip bomb?)"
    return None


def read_uploads(files: Iterable[UploadedFile], pasted: str = "") -> list[SourceDocument]:
    """Every document in the uploaded files (zips opened in memory) and the pasted text."""
    max_bytes = settings.INGEST_MAX_FILE_BYTES
    documents: list[SourceDocument] = []
    for upload in files:
        name = PurePosixPath((upload.name or "upload").replace("\\", "/")).name[:200]
        suffix = PurePosixPath(name).suffix.lower()
        if suffix == ".zip":
            limit = settings.INGEST_MAX_ZIP_BYTES
            if upload.size > limit:
                error = f"the archive is {upload.size:,} bytes, over the limit of {limit:,} bytes"
                documents.append(SourceDocument(name, error=error))
                continue
            with upload.open("rb") as stream:
                documents += read_zip(
                    name,
                    stream,
                    max_bytes,
                    settings.INGEST_MAX_ZIP_BYTES,
                    max_members=settings.INGEST_MAX_ZIP_MEMBERS,
                )
        elif suffix not in TEXT_SUFFIXES:
            allowed = ", ".join(sorted(TEXT_SUFFIXES | {".zip"}))
            error = f"refused: {suffix or 'no extension'} is not a supported file type ({allowed})"
            documents.append(SourceDocument(name, error=error))
        elif upload.size > max_bytes:
            error = f"the file is {upload.size:,} bytes, over the limit of {max_bytes:,} bytes"
            documents.append(SourceDocument(name, error=error))
        else:
            documents.append(SourceDocument(name, data=upload.read()))
    if pasted.strip():
        name = f"pasted-{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}"
        documents.append(SourceDocument(name, data=pasted.encode("utf-8")))
    return documents
