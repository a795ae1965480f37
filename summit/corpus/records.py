"""The corpus format: its records, natural keys and the conversions both ways."""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.dateparse import parse_date, parse_datetime

from annotations.models import Annotation, CodingRound, Reply, RoundDone
from articles.models import (
    Article,
    ImportBatch,
    ImportDocument,
)

FORMAT, VERSION = "summit-desk-corpus", 1
ARTICLE_URN = "urn:summit-desk:article:"
ANNOTATION_URN = "urn:summit-desk:annotation:"
REPLY_URN = "urn:summit-desk:reply:"
# Keys of change snapshots that hold a user id: written as usernames, read back as ids.
USER_KEYS = ("author", "verified_by")
User = get_user_model()


class CorpusError(Exception):
    """The file cannot be loaded (format, version, truncation, a broken reference), or the
    database holds work and no merge was asked for. Nothing has been written."""


# --- plain fields -------------------------------------------------------------------------


def plain_fields(obj: models.Model, skip: tuple[str, ...] = ()) -> dict:
    """Every non-relational field but the id, as JSON values."""
    data = {}
    for model_field in obj._meta.concrete_fields:
        if model_field.is_relation or model_field.primary_key or model_field.name in skip:
            continue
        value = model_field.value_from_object(obj)
        if isinstance(value, dt.datetime | dt.date):
            value = value.isoformat()
        elif isinstance(value, bytes | memoryview):
            value = base64.b64encode(bytes(value)).decode("ascii")
        data[model_field.name] = value
    return data


def from_plain(model: type[models.Model], data: dict) -> dict:
    """The model's field values from ``plain_fields``'s JSON (unknown keys are left out)."""
    values = {}
    for model_field in model._meta.concrete_fields:
        if model_field.is_relation or model_field.primary_key:
            continue
        if model_field.name not in data:
            continue
        value = data[model_field.name]
        if value is not None:
            if isinstance(model_field, models.DateTimeField):
                value = parse_datetime(value)
            elif isinstance(model_field, models.DateField):
                value = parse_date(value)
            elif isinstance(model_field, models.BinaryField):
                value = base64.b64decode(value)
        values[model_field.name] = value
    return values


@contextmanager
def keeping_timestamps() -> Iterator[None]:
    """Stored created/updated times are loaded as they were, not set to now."""
    switched = []
    for model in (Article, CodingRound, RoundDone, Annotation, Reply, ImportBatch, ImportDocument):
        for model_field in model._meta.concrete_fields:
            if getattr(model_field, "auto_now", False) or getattr(
                model_field, "auto_now_add", False
            ):
                switched.append((model_field, model_field.auto_now, model_field.auto_now_add))
                model_field.auto_now = model_field.auto_now_add = False
    try:
        yield
    finally:
        for model_field, auto_now, auto_now_add in switched:
            model_field.auto_now, model_field.auto_now_add = auto_now, auto_now_add


# --- dump ---------------------------------------------------------------------------------


def username_of(user_id: int | None, users: dict[int, str]) -> str | None:
    return users.get(user_id) if user_id else None


def snapshot_out(data, users: dict[int, str]):
    if isinstance(data, dict):
        return {
            key: username_of(value, users)
            if key in USER_KEYS and isinstance(value, int)
            else snapshot_out(value, users)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [snapshot_out(item, users) for item in data]
    return data


# --- reading a file -----------------------------------------------------------------------


def read_records(stream: IO[str]) -> list[dict]:
    """The file's records, checked for format, version and completeness."""
    try:
        return _read_records(iter(stream))
    except UnicodeDecodeError as exc:
        raise CorpusError("the file is not UTF-8 text: not a corpus file") from exc


def _read_records(lines: Iterator[str]) -> list[dict]:
    first = next(lines, "")
    try:
        header = json.loads(first)
    except ValueError as exc:
        raise CorpusError("not a Summit Desk corpus file (no header line)") from exc
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise CorpusError("not a Summit Desk corpus file (unknown format)")
    if header.get("version") != VERSION:
        raise CorpusError(f"format version {header.get('version')!r}; this version reads {VERSION}")
    records, end = [], None
    for number, line in enumerate(lines, start=2):
        try:
            record = json.loads(line)
        except ValueError as exc:
            raise CorpusError(f"line {number} is not JSON ({exc})") from exc
        if not isinstance(record, dict) or "type" not in record:
            raise CorpusError(f"line {number} is not a record")
        if record["type"] == "end":
            end = record
            break
        records.append(record)
    counts = Counter(record["type"] for record in records)
    if end is None or dict(counts) != end.get("counts"):
        raise CorpusError(
            "the file is incomplete (cut short?): its end record is missing or "
            "does not match what is in it"
        )
    return records
