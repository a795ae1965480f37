"""Read coverage from files, folders and zip archives, and decode it safely.

Nothing here touches the database: each source comes out as a ``SourceDocument`` holding
either its text or the reason it cannot be read, so one bad file never stops the others.
Zip members are read in memory; nothing is extracted to disk.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

TEXT_SUFFIXES = {".txt", ".text", ".md"}
MANIFEST_NAME = "manifest.json"
MAX_ZIP_TOTAL_BYTES = 50 * 1024 * 1024
MAX_ZIP_RATIO = 100
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
    """Decode received bytes as UTF-8 text, or explain why they are not text."""
    if not data.strip():
        raise SourceError("the file is empty")
    if data.startswith(BINARY_SIGNATURES) or b"\x00" in data[:8192]:
        raise SourceError("the file is binary (an image, archive or program), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"the file is not valid UTF-8 text (undecodable byte at position {exc.start})"
        ) from exc
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > len(text[:8192]) * 0.05:
        raise SourceError("the file is binary (too many control characters), not text")
    return text


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
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        yield SourceDocument(path.name, error=f"not a readable zip archive: {exc}")
        return
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        total = sum(info.file_size for info in members)
        if total > MAX_ZIP_TOTAL_BYTES:
            yield SourceDocument(
                path.name, error=f"the archive unpacks to {total:,} bytes, over the limit"
            )
            return
        for info in sorted(members, key=lambda member: member.filename):
            label = f"{path.name}:{info.filename}"
            problem = _member_problem(info, max_bytes)
            if problem:
                yield SourceDocument(label, error=problem)
                continue
            name = PurePosixPath(info.filename).name
            try:
                data = archive.read(info)
            except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
                yield SourceDocument(label, error=f"cannot read the archive member: {exc}")
                continue
            yield SourceDocument(name, data=data, metadata=manifest.get(name, {}))


def _member_problem(info: zipfile.ZipInfo, max_bytes: int) -> str | None:
    member = PurePosixPath(info.filename.replace("\\", "/"))
    if member.is_absolute() or ".." in member.parts or ":" in member.parts[0]:
        return "refused: the member's path leaves the archive (absolute or '..')"
    if member.suffix.lower() == ".zip":
        return "refused: archives inside archives are not opened"
    if member.suffix.lower() not in TEXT_SUFFIXES:
        return f"skipped: {member.suffix or 'no extension'} is not a text file type"
    if info.file_size > max_bytes:
        return _too_large(info.file_size, max_bytes)
    if info.compress_size and info.file_size / info.compress_size > MAX_ZIP_RATIO:
        return "refused: the compression ratio is extreme (a zip bomb?)"
    return None
