"""Moving and backing up an instance's work: ``dump_corpus`` and ``load_corpus``.

Format "summit-desk-corpus", version 1: JSON lines. The first line is a header
(``{"format", "version", "created"}``), the last an end record with the count of each type
(a file cut short is refused). Each line between is one record, ``{"type": …, …}``, in this
order: outlet, theme, person (with its aliases), article, mention, quote, annotation,
suggestion (editors' decisions only; open suggestions are recomputed), import (a batch with
its documents), change. Records refer to each other by natural keys — an outlet or theme
by name, a person by slug, an article by the SHA-256 of its text, a user by username —
never by database ids; an annotation is a W3C Web Annotation whose target source is
``urn:summit-desk:article:<hash>``, with Summit Desk's own fields under ``"summit"``.
Each record also carries its ``id`` on the instance it came from, used only to link
records within the file (an accepted suggestion's annotation, a change's object).

Loading into an empty instance (no outlets, articles, people, imports or changes yet;
default themes and users may exist) recreates everything with the ids it had, so the
change history and undo still hold. Loading into an instance that holds work is refused
unless ``merge`` is asked for: then what is already there (same natural key) is kept and
reported, the rest is added, and the change history is not merged (its records describe
the other instance's rows). Missing users are created inactive, with no usable password.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO

from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from annotations.models import Annotation
from annotations.w3c import annotation_document
from articles.models import (
    Article,
    Change,
    ImportBatch,
    ImportDocument,
    Mention,
    Outlet,
    Person,
    PersonAlias,
    Quote,
    Theme,
    content_hash_of,
    normalise_alias,
)
from articles.signals import batched_changes
from compare.models import ThemeSuggestion
from compare.refreshing import request_refresh
from compare.services import RefreshPlan

FORMAT, VERSION = "summit-desk-corpus", 1
ARTICLE_URN = "urn:summit-desk:article:"
ANNOTATION_URN = "urn:summit-desk:annotation:"
# Keys of change snapshots that hold a user id: written as usernames, read back as ids.
USER_KEYS = ("author", "verified_by")
User = get_user_model()


class CorpusError(Exception):
    """The file cannot be loaded (format, version, truncation, a broken reference), or the
    database holds work and no merge was asked for. Nothing has been written."""


# --- plain fields -------------------------------------------------------------------------


def _plain(obj: models.Model, skip: tuple[str, ...] = ()) -> dict:
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


def _from_plain(model: type[models.Model], data: dict) -> dict:
    """The model's field values from ``_plain``'s JSON (unknown keys are left out)."""
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
def _keeping_timestamps() -> Iterator[None]:
    """Stored created/updated times are loaded as they were, not set to now."""
    switched = []
    for model in (Article, Annotation, ImportBatch, ImportDocument):
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


def _username(user_id: int | None, users: dict[int, str]) -> str | None:
    return users.get(user_id) if user_id else None


def _snapshot_out(data, users: dict[int, str]):
    if isinstance(data, dict):
        return {
            key: _username(value, users)
            if key in USER_KEYS and isinstance(value, int)
            else _snapshot_out(value, users)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [_snapshot_out(item, users) for item in data]
    return data


def iter_records() -> Iterator[dict]:
    """The instance's work as records, in loading order (see the module's docstring)."""
    users = dict(User.objects.values_list("pk", User.USERNAME_FIELD))
    hashes = dict(Article.objects.values_list("pk", "content_hash"))
    outlets = dict(Outlet.objects.values_list("pk", "name"))
    themes = dict(Theme.objects.values_list("pk", "name"))
    people = dict(Person.objects.values_list("pk", "slug"))
    for outlet in Outlet.objects.order_by("pk"):
        yield {"type": "outlet", "id": outlet.pk, **_plain(outlet)}
    for theme in Theme.objects.order_by("pk"):
        yield {"type": "theme", "id": theme.pk, **_plain(theme)}
    aliases: dict[int, list[dict]] = {}
    for alias in PersonAlias.objects.order_by("pk"):
        aliases.setdefault(alias.person_id, []).append({"id": alias.pk, "alias": alias.alias})
    for person in Person.objects.order_by("pk"):
        yield {
            "type": "person",
            "id": person.pk,
            **_plain(person),
            "aliases": aliases.get(person.pk, []),
        }
    for article in Article.objects.order_by("pk").iterator(chunk_size=200):
        yield {
            "type": "article",
            "id": article.pk,
            **_plain(article),
            "outlet": outlets.get(article.outlet_id),
        }
    for mention in Mention.objects.order_by("pk").iterator(chunk_size=2000):
        yield {
            "type": "mention",
            "id": mention.pk,
            **_plain(mention),
            "article": hashes[mention.article_id],
            "person": people[mention.person_id],
        }
    for quote in Quote.objects.order_by("pk").iterator(chunk_size=2000):
        yield {
            "type": "quote",
            "id": quote.pk,
            **_plain(quote),
            "article": hashes[quote.article_id],
            "speaker": people.get(quote.speaker_id),
            "verified_by": _username(quote.verified_by_id, users),
        }
    annotations = Annotation.objects.select_related("author").prefetch_related("themes")
    for annotation in annotations.order_by("pk").iterator(chunk_size=500):
        yield _annotation_record(annotation, hashes[annotation.article_id])
    decided = ThemeSuggestion.objects.exclude(state=ThemeSuggestion.State.OPEN)
    for suggestion in decided.order_by("pk"):
        yield {
            "type": "suggestion",
            "id": suggestion.pk,
            **_plain(suggestion),
            "article": hashes[suggestion.article_id],
            "theme": themes[suggestion.theme_id],
            "annotation": suggestion.annotation_id,
            "decided_by": _username(suggestion.decided_by_id, users),
        }
    documents: dict[int, list[dict]] = {}
    for document in ImportDocument.objects.order_by("batch_id", "position").iterator(500):
        documents.setdefault(document.batch_id, []).append(
            {"id": document.pk, **_plain(document), "article": hashes.get(document.article_id)}
        )
    for batch in ImportBatch.objects.order_by("pk"):
        yield {
            "type": "import",
            "id": batch.pk,
            **_plain(batch),
            "created_by": _username(batch.created_by_id, users),
            "outlet": outlets.get(batch.outlet_id),
            "documents": documents.get(batch.pk, []),
        }
    for change in Change.objects.order_by("pk").iterator(chunk_size=1000):
        record = {
            "type": "change",
            "id": change.pk,
            **_plain(change),
            "user": _username(change.user_id, users),
            "undone_by": change.undone_by_id,
        }
        record["before"] = _snapshot_out(change.before, users)
        record["after"] = _snapshot_out(change.after, users)
        yield record


def _annotation_record(annotation: Annotation, article_hash: str) -> dict:
    document = annotation_document(
        annotation, f"{ANNOTATION_URN}{annotation.pk}", f"{ARTICLE_URN}{article_hash}"
    )
    document["summit"] = {
        "start": annotation.start,
        "end": annotation.end,
        "orphaned": annotation.orphaned,
        "version": annotation.version,
        "author": annotation.author.get_username() if annotation.author else None,
        # The Web Annotation's times are to the second; these are exact.
        "created": annotation.created.isoformat(),
        "updated": annotation.updated.isoformat(),
    }
    return {"type": "annotation", "id": annotation.pk, "annotation": document}


def dump(stream: IO[str]) -> Counter[str]:
    """Write the instance's work to ``stream``; returns the count of each record type."""
    counts: Counter[str] = Counter()
    header = {"format": FORMAT, "version": VERSION, "created": timezone.now().isoformat()}
    stream.write(json.dumps(header) + "\n")
    with _one_snapshot():
        for record in iter_records():
            counts[record["type"]] += 1
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    stream.write(json.dumps({"type": "end", "counts": dict(counts)}) + "\n")
    return counts


@contextmanager
def _one_snapshot() -> Iterator[None]:
    """Every read of the dump sees the database at one moment, while editors go on saving:
    a repeatable-read transaction on PostgreSQL; on SQLite the transaction holds the write
    lock, so saves wait for the dump (seconds for thousands of articles)."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


# --- load ---------------------------------------------------------------------------------

WORK_MODELS = (Outlet, Article, Person, Quote, Annotation, ImportBatch, Change)


def holds_work() -> bool:
    return any(model.objects.exists() for model in WORK_MODELS)


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


@dataclass
class LoadReport:
    added: Counter[str] = field(default_factory=Counter)
    kept: Counter[str] = field(default_factory=Counter)  # already there (merge)
    users_created: list[str] = field(default_factory=list)


def load(stream: IO[str], merge: bool = False) -> LoadReport:
    """Load a dump (see the module's docstring); one transaction: all of it or nothing."""
    records = read_records(stream)
    with transaction.atomic(), _keeping_timestamps(), batched_changes():
        if holds_work() and not merge:
            raise CorpusError(
                "this database already holds work; load into an empty one, or merge "
                "explicitly (--merge: what is there is kept, the rest added)"
            )
        loader = _Loader(keep_ids=not holds_work())
        for record in records:
            loader.load(record)
        loader.finish()
        request_refresh(RefreshPlan.everything())  # comparisons are rebuilt, not loaded
    return loader.report


class _Loader:
    def __init__(self, keep_ids: bool) -> None:
        self.keep_ids = keep_ids
        self.report = LoadReport()
        self.users: dict[str, int] = dict(User.objects.values_list(User.USERNAME_FIELD, "pk"))
        self.ids: dict[str, dict] = {kind: {} for kind in ("outlet", "theme", "person")}
        self.articles: dict[str, int] = {}
        self.annotations: dict[int, int] = {}  # id in the file → id here
        self.undone: list[tuple[int, int]] = []  # (change, the change that undid it)
        self.touched: set[type[models.Model]] = set()
        if keep_ids:  # the defaults of a fresh instance give way to the file's themes
            Theme.objects.all().delete()

    def _pk(self, record: dict) -> dict:
        return {"pk": record["id"]} if self.keep_ids else {}

    def user(self, username: str | None) -> int | None:
        if not username:
            return None
        if username not in self.users:
            user = User(**{User.USERNAME_FIELD: username}, is_active=False)
            user.set_unusable_password()
            user.save()
            self.users[username] = user.pk
            self.report.users_created.append(username)
        return self.users[username]

    def article(self, content_hash: str | None) -> int | None:
        if content_hash is None:
            return None
        if content_hash not in self.articles:
            found = Article.objects.filter(content_hash=content_hash).values_list("pk", flat=True)
            if not found:
                raise CorpusError(f"a record refers to an article not in the file ({content_hash})")
            self.articles[content_hash] = found[0]
        return self.articles[content_hash]

    def load(self, record: dict) -> None:
        kind = record["type"]
        handler = getattr(self, f"_load_{kind}", None)
        if handler is None:
            raise CorpusError(f"unknown record type {kind!r}")
        try:
            added = handler(record)
        except KeyError as exc:
            raise CorpusError(f"a {kind} record lacks {exc}") from exc
        (self.report.added if added else self.report.kept)[kind] += 1

    def _named(self, kind: str, model, record: dict, key: str, lookup: str) -> bool:
        existing = model.objects.filter(**{lookup: record[key]}).first()
        if existing is None:
            existing = model(**self._pk(record), **_from_plain(model, record))
            existing.save()
            self.touched.add(model)
            added = True
        else:
            added = False
        self.ids[kind][record[key]] = existing.pk
        return added

    def _load_outlet(self, record: dict) -> bool:
        return self._named("outlet", Outlet, record, "name", "name")

    def _load_theme(self, record: dict) -> bool:
        return self._named("theme", Theme, record, "name", "name__iexact")

    def _load_person(self, record: dict) -> bool:
        added = self._named("person", Person, record, "slug", "slug")
        person_id = self.ids["person"][record["slug"]]
        for alias in record.get("aliases", []):
            if not PersonAlias.objects.filter(normalised=normalise_alias(alias["alias"])).exists():
                PersonAlias.objects.create(
                    **self._pk(alias), person_id=person_id, alias=alias["alias"]
                )
                self.touched.add(PersonAlias)
        return added

    def _load_article(self, record: dict) -> bool:
        values = _from_plain(Article, record)
        if content_hash_of(values["body"]) != values["content_hash"]:
            raise CorpusError(f"article {record['id']}: its text does not match its hash")
        existing = Article.objects.filter(content_hash=values["content_hash"]).first()
        if existing:
            self.articles[existing.content_hash] = existing.pk
            return False
        outlet = self.ids["outlet"].get(record.get("outlet")) if record.get("outlet") else None
        article = Article.objects.create(**self._pk(record), **values, outlet_id=outlet)
        self.articles[article.content_hash] = article.pk
        self.touched.add(Article)
        return True

    def _load_mention(self, record: dict) -> bool:
        article = self.article(record["article"])
        if Mention.objects.filter(
            article_id=article, start=record["start"], end=record["end"]
        ).exists():
            return False
        Mention.objects.create(
            **self._pk(record),
            **_from_plain(Mention, record),
            article_id=article,
            person_id=self.ids["person"][record["person"]],
        )
        self.touched.add(Mention)
        return True

    def _load_quote(self, record: dict) -> bool:
        article = self.article(record["article"])
        if Quote.objects.filter(
            article_id=article, start=record["start"], end=record["end"]
        ).exists():
            return False
        speaker = self.ids["person"][record["speaker"]] if record.get("speaker") else None
        Quote.objects.create(
            **self._pk(record),
            **_from_plain(Quote, record),
            article_id=article,
            speaker_id=speaker,
            verified_by_id=self.user(record.get("verified_by")),
        )
        self.touched.add(Quote)
        return True

    def _load_annotation(self, record: dict) -> bool:
        document, own = record["annotation"], record["annotation"]["summit"]
        target = document["target"]
        article = self.article(target["source"].removeprefix(ARTICLE_URN))
        quote = next(s for s in target["selector"] if s["type"] == "TextQuoteSelector")
        bodies = document.get("body", [])
        values = {
            "article_id": article,
            "author_id": self.user(own.get("author")),
            "start": own["start"],
            "end": own["end"],
            "exact": quote["exact"],
            "prefix": quote.get("prefix", ""),
            "suffix": quote.get("suffix", ""),
            "note": next((b["value"] for b in bodies if b.get("purpose") == "commenting"), ""),
            "orphaned": own.get("orphaned", False),
            "version": own.get("version", 1),
            "created": parse_datetime(own.get("created") or document["created"]),
            "updated": parse_datetime(own.get("updated") or document["modified"]),
        }
        same = Annotation.objects.filter(
            article_id=article,
            author_id=values["author_id"],
            start=values["start"],
            end=values["end"],
            created=values["created"],
        ).first()
        if same:
            self.annotations[record["id"]] = same.pk
            return False
        annotation = Annotation.objects.create(**self._pk(record), **values)
        names = [b["value"] for b in bodies if b.get("purpose") == "tagging"]
        annotation.themes.set([self.ids["theme"][name] for name in names])
        self.annotations[record["id"]] = annotation.pk
        self.touched.update({Annotation, Annotation.themes.through})
        return True

    def _load_suggestion(self, record: dict) -> bool:
        key = {
            "article_id": self.article(record["article"]),
            "start": record["start"],
            "theme_id": self.ids["theme"][record["theme"]],
            "end": record["end"],
        }
        decision = {
            **{
                name: value
                for name, value in _from_plain(ThemeSuggestion, record).items()
                if name not in ("start", "end")
            },
            "annotation_id": self.annotations.get(record.get("annotation")),
            "decided_by_id": self.user(record.get("decided_by")),
        }
        existing = ThemeSuggestion.objects.filter(**key).first()
        if existing is None:
            ThemeSuggestion.objects.create(**self._pk(record), **key, **decision)
        elif existing.state == ThemeSuggestion.State.OPEN:
            ThemeSuggestion.objects.filter(pk=existing.pk).update(**decision)
        else:
            return False  # decided here already: this instance's decision stands
        self.touched.add(ThemeSuggestion)
        return True

    def _load_import(self, record: dict) -> bool:
        values = _from_plain(ImportBatch, record)
        creator = self.user(record.get("created_by"))
        if ImportBatch.objects.filter(created=values["created"], created_by_id=creator).exists():
            return False
        outlet = self.ids["outlet"].get(record.get("outlet")) if record.get("outlet") else None
        batch = ImportBatch.objects.create(
            **self._pk(record), **values, created_by_id=creator, outlet_id=outlet
        )
        ImportDocument.objects.bulk_create(
            ImportDocument(
                **self._pk(document),
                batch=batch,
                **_from_plain(ImportDocument, document),
                article_id=self.article(document.get("article")),
            )
            for document in record.get("documents", [])
        )
        self.touched.update({ImportBatch, ImportDocument})
        return True

    def _load_change(self, record: dict) -> bool:
        if not self.keep_ids:
            return False  # a merge keeps this instance's history (see the module docstring)
        values = _from_plain(Change, record)
        values["before"] = self._snapshot_in(values["before"])
        values["after"] = self._snapshot_in(values["after"])
        Change.objects.create(pk=record["id"], **values, user_id=self.user(record.get("user")))
        if record.get("undone_by"):
            self.undone.append((record["id"], record["undone_by"]))
        self.touched.add(Change)
        return True

    def _snapshot_in(self, data):
        if isinstance(data, dict):
            return {
                key: self.user(value)
                if key in USER_KEYS and isinstance(value, str)
                else self._snapshot_in(value)
                for key, value in data.items()
            }
        if isinstance(data, list):
            return [self._snapshot_in(item) for item in data]
        return data

    def finish(self) -> None:
        for change_id, undone_by in self.undone:
            Change.objects.filter(pk=change_id).update(undone_by_id=undone_by)
        if self.keep_ids and self.touched:  # rows were written with their ids: move sequences on
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), self.touched):
                    cursor.execute(statement)
