"""Reading a corpus file into an instance: refused whole, or loaded in one transaction."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import IO

from django.core.management.color import no_style
from django.db import DatabaseError, connection, models, transaction
from django.utils.dateparse import parse_datetime

from annotations.models import Annotation, CodingRound, Reply, RoundDone
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
)
from articles.signals import batched_changes
from compare.models import ThemeSuggestion
from compare.refresh import RefreshPlan
from compare.scheduling import request_refresh
from newsnlp.quotes.vocabulary import normalise_alias

from ..integrity import offset_problem
from .records import (
    ARTICLE_URN,
    USER_KEYS,
    CorpusError,
    User,
    from_plain,
    keeping_timestamps,
    read_records,
)

WORK_MODELS = (Outlet, Article, Person, Quote, CodingRound, Annotation, Reply, ImportBatch,
               Change)  # fmt: skip


def holds_work() -> bool:
    return any(model.objects.exists() for model in WORK_MODELS)


@dataclass
class LoadReport:
    added: Counter[str] = field(default_factory=Counter)
    kept: Counter[str] = field(default_factory=Counter)  # already there (merge)
    users_created: list[str] = field(default_factory=list)


def load(stream: IO[str], merge: bool = False) -> LoadReport:
    """Load a dump (see the module's docstring); one transaction: all of it or nothing."""
    records = read_records(stream)
    with transaction.atomic(), keeping_timestamps(), batched_changes():
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
        self.rounds: dict[int, int] = {}  # the same for coding rounds
        self.undone: list[tuple[int, int]] = []  # (change, the change that undid it)
        self.touched: set[type[models.Model]] = set()
        self.bodies: dict[int, str] = {}
        self.misplaced: list[str] = []  # records whose offsets miss their words: refused
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

    def placed(self, kind: str, record: dict, article: int, claims: str) -> bool:
        """The record's offsets hold ``claims`` in the article's text; else it is noted (the
        load is refused, every such record listed) and False."""
        if article not in self.bodies:
            self.bodies[article] = Article.objects.values_list("body", flat=True).get(pk=article)
        start, end = record.get("start"), record.get("end")
        if not (isinstance(start, int) and isinstance(end, int)):
            problem = "its offsets are not whole numbers"
        else:
            problem = offset_problem(self.bodies[article], start, end, claims)
        if problem:
            self.misplaced.append(f"{kind} {record.get('id')}: {problem}")
        return problem is None

    def load(self, record: dict) -> None:
        kind = record["type"]
        handler = getattr(self, f"_load_{kind}", None)
        if handler is None:
            raise CorpusError(f"unknown record type {kind!r}")
        try:
            with transaction.atomic():  # a refused record leaves no half-write behind
                added = handler(record)
        except KeyError as exc:
            raise CorpusError(f"a {kind} record lacks {exc}") from exc
        except (DatabaseError, ValueError, TypeError) as exc:  # one line, never a traceback
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            raise CorpusError(
                f"{kind} {record.get('id', '')}: refused ({exc.__class__.__name__}: {first_line})"
            ) from exc
        (self.report.added if added else self.report.kept)[kind] += 1

    def _named(self, kind: str, model, record: dict, key: str, lookup: str) -> bool:
        existing = model.objects.filter(**{lookup: record[key]}).first()
        if existing is None:
            existing = model(**self._pk(record), **from_plain(model, record))
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
        values = from_plain(Article, record)
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
        if not self.placed("mention", record, article, record["text"]):
            return False
        if Mention.objects.filter(
            article_id=article, start=record["start"], end=record["end"]
        ).exists():
            return False
        Mention.objects.create(
            **self._pk(record),
            **from_plain(Mention, record),
            article_id=article,
            person_id=self.ids["person"][record["person"]],
        )
        self.touched.add(Mention)
        return True

    def _load_quote(self, record: dict) -> bool:
        article = self.article(record["article"])
        if not record.get("orphaned") and not self.placed("quote", record, article, record["text"]):
            return False
        if Quote.objects.filter(
            article_id=article, start=record["start"], end=record["end"]
        ).exists():
            return False
        speaker = self.ids["person"][record["speaker"]] if record.get("speaker") else None
        Quote.objects.create(
            **self._pk(record),
            **from_plain(Quote, record),
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
            "coding_round_id": self.rounds.get(own.get("round")),
        }
        placed = {**own, "id": record["id"]}
        if not values["orphaned"] and not self.placed(
            "annotation", placed, article, quote["exact"]
        ):
            return False
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

    def _load_round(self, record: dict) -> bool:
        same = CodingRound.objects.filter(name=record["name"]).first()
        if same is not None:
            self.rounds[record["id"]] = same.pk
            return False
        coding_round = CodingRound.objects.create(
            **self._pk(record), **from_plain(CodingRound, record),
            adjudicator_id=self.user(record.get("adjudicator")),
            created_by_id=self.user(record.get("created_by")),
        )  # fmt: skip
        coding_round.articles.set([self.article(key) for key in record["articles"]])
        coding_round.coders.set([self.user(name) for name in record["coders"]])
        coding_round.themes.set([self.ids["theme"][name] for name in record["themes"]])
        for mark in record["done"]:
            RoundDone.objects.create(
                **self._pk(mark), coding_round=coding_round, coder_id=self.user(mark["coder"]),
                article_id=self.article(mark["article"]), at=parse_datetime(mark["at"]),
            )  # fmt: skip
        self.rounds[record["id"]] = coding_round.pk
        self.touched.update({CodingRound, RoundDone})
        return True

    def _load_reply(self, record: dict) -> bool:
        document = record["reply"]
        own = document["summit"]
        if own["annotation"] not in self.annotations:
            raise CorpusError(f"reply {record['id']}: its annotation is not in the file")
        values = {
            "annotation_id": self.annotations[own["annotation"]],
            "author_id": self.user(own.get("author")),
            "text": document["body"]["value"],
            "version": own.get("version", 1),
            "created": parse_datetime(own.get("created") or document["created"]),
            "updated": parse_datetime(own.get("updated") or document["modified"]),
        }
        keys = ("annotation_id", "author_id", "created")
        if Reply.objects.filter(**{key: values[key] for key in keys}).exists():
            return False
        Reply.objects.create(**self._pk(record), **values)
        self.touched.add(Reply)
        return True

    def _load_suggestion(self, record: dict) -> bool:
        if not self.placed("suggestion", record, self.article(record["article"]), record["exact"]):
            return False
        key = {
            "article_id": self.article(record["article"]),
            "start": record["start"],
            "theme_id": self.ids["theme"][record["theme"]],
            "end": record["end"],
        }
        decision = {
            **{
                name: value
                for name, value in from_plain(ThemeSuggestion, record).items()
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
        values = from_plain(ImportBatch, record)
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
                **from_plain(ImportDocument, document),
                article_id=self.article(document.get("article")),
            )
            for document in record.get("documents", [])
        )
        self.touched.update({ImportBatch, ImportDocument})
        return True

    def _load_change(self, record: dict) -> bool:
        if not self.keep_ids:
            return False  # a merge keeps this instance's history (see the module docstring)
        values = from_plain(Change, record)
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
        if self.misplaced:
            listed = "\n  ".join(self.misplaced)
            raise CorpusError(
                f"{len(self.misplaced)} record(s) point at words their article's text does not "
                f"hold at those offsets:\n  {listed}\n"
            )
        for change_id, undone_by in self.undone:
            Change.objects.filter(pk=change_id).update(undone_by_id=undone_by)
        if self.keep_ids and self.touched:  # rows were written with their ids: move sequences on
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), self.touched):
                    cursor.execute(statement)
