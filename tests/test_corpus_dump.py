"""manage.py dump_corpus / load_corpus: an instance's work moved to another (or restored)
loses nothing; loading into one that holds work refuses or merges, never duplicates."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import models
from django.test import TestCase

from annotations.models import Annotation, CodingRound, Reply, RoundDone
from annotations.rounds import create_round, mark_done
from annotations.services import create_annotation, create_reply
from articles import history
from articles.ingest.batches import BatchOptions, create_batch
from articles.ingest.sources import read_uploads
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
)
from articles.services import correct_quote, outlet_named, theme_named
from compare.decisions import accept_suggestion, dismiss_suggestion
from compare.models import ThemeSuggestion
from compare.refresh import refresh_suggestions
from tests.conftest import SEEDS_DIR, ingest

MODELS = [Outlet, Theme, Person, PersonAlias, Article, Mention, Quote, CodingRound, RoundDone,
          Annotation, Reply,
          ThemeSuggestion, ImportBatch, ImportDocument, Change]  # fmt: skip
USER_KEYS = {"author", "verified_by"}


def _value(model_field: models.Field, value):
    if value is None:
        return None
    if model_field.is_relation and model_field.related_model is User:
        return User.objects.get(pk=value).username
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def _users_named(data):
    """Change snapshots hold user ids: compared by username (ids differ between instances)."""
    if isinstance(data, dict):
        return {
            key: User.objects.get(pk=value).username
            if key in USER_KEYS and isinstance(value, int)
            else _users_named(value)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [_users_named(item) for item in data]
    return data


def snapshot() -> dict[str, list]:
    """Every field of every row of the work's tables (users by username; open suggestions,
    which are recomputed rather than kept, left out)."""
    result = {}
    for model in MODELS:
        rows = model.objects.all()
        if model is ThemeSuggestion:
            rows = rows.exclude(state=ThemeSuggestion.State.OPEN)
        table = []
        for row in rows:
            values = {
                f.name: _value(f, f.value_from_object(row)) for f in model._meta.concrete_fields
            }
            if model is Annotation:
                values["themes"] = sorted(row.themes.values_list("name", flat=True))
            if model is CodingRound:
                values["coders"] = sorted(row.coders.values_list("username", flat=True))
                values["articles"] = sorted(row.articles.values_list("content_hash", flat=True))
                values["theme_names"] = sorted(row.themes.values_list("name", flat=True))
            if model is Change:
                values["before"], values["after"] = (
                    _users_named(row.before),
                    _users_named(row.after),
                )
            table.append(values)
        result[model.__name__] = sorted(table, key=lambda values: values["id"])
    return result


@pytest.fixture
def worked_instance(seeds, editor, staff_admin):
    """The seeds with everything people add to them."""
    article = seeds["000"]
    Article.objects.filter(pk=article.pk).update(outlet=outlet_named("Kremlin Watch"))
    theme = theme_named("Arctic shipping")
    Theme.objects.filter(pk=theme.pk).update(lexicon="northern sea route\nicebreaker")
    start = article.body.index("Putin")
    note = "First <b>mention</b> — “quoted”"
    noted = create_annotation(
        article, editor, {"start": start, "end": start + 5, "themes": [theme], "note": note}
    )
    create_reply(noted, staff_admin, "Agreed — and see 002’s lead.")
    # A blind coding round on the article, with round work and a done mark (issue 32).
    coding_round = create_round("Pilot", [article.pk], [editor.username, staff_admin.username],
                                [theme.slug], blind=True)  # fmt: skip
    create_annotation(article, editor, {"start": start, "end": start + 5, "themes": [theme],
                                        "note": "round work"})  # fmt: skip
    mark_done(coding_round, editor)
    quote = Quote.objects.filter(article=article).first()
    correct_quote(quote, {"speaker": None, "new_speaker": "A. N. Other", "start": quote.start,
                          "end": quote.end, "kind": "partial"}, editor)  # fmt: skip
    Person.objects.get(name="A. N. Other").aliases.create(alias="Other")
    refresh_suggestions()
    first, second = ThemeSuggestion.objects.order_by("pk")[:2]
    accept_suggestion(first, editor)
    dismiss_suggestion(second, staff_admin)
    undone = create_annotation(article, staff_admin, {"start": 0, "end": 10})
    history.undo(Change.objects.get(object_id=undone.pk, object_type="annotation"), staff_admin)
    upload = SimpleUploadedFile("extra.txt", (SEEDS_DIR / "003_55fc027800472831.txt").read_bytes())
    with TestCase.captureOnCommitCallbacks(execute=True):
        create_batch(staff_admin, read_uploads([upload], "not an article"), BatchOptions())
    return article


def dump_to(path: Path) -> str:
    out = io.StringIO()
    call_command("dump_corpus", str(path), stdout=out)
    return out.getvalue()


def load_from(path: Path, *flags: str) -> str:
    out = io.StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("load_corpus", str(path), *flags, stdout=out)
    return out.getvalue()


def empty_the_instance(*usernames: str) -> None:
    for model in reversed(MODELS):
        model.objects.all().delete()
    User.objects.filter(username__in=usernames).delete()


def test_a_round_trip_into_an_empty_instance_loses_nothing(worked_instance, tmp_path, editor):
    before = snapshot()
    assert all(before[model.__name__] for model in MODELS), "every table has rows to compare"
    assert dump_to(tmp_path / "corpus.jsonl").startswith(f"Wrote {tmp_path / 'corpus.jsonl'}")
    empty_the_instance(editor.username)
    output = load_from(tmp_path / "corpus.jsonl")
    assert f", {Article.objects.count()} article, " in output
    assert snapshot() == before
    # The author who is not on this instance comes back inactive, unable to log in.
    author = User.objects.get(username=editor.username)
    assert not author.is_active
    assert not author.has_usable_password()
    assert f"inactive user(s) without a password (authors in the file): {editor.username}" in output
    # The comparisons are rebuilt from what was loaded.
    assert ThemeSuggestion.objects.filter(state=ThemeSuggestion.State.OPEN).exists()


def test_the_change_history_still_undoes_after_a_round_trip(worked_instance, tmp_path, staff_admin):
    dump_to(tmp_path / "corpus.jsonl")
    empty_the_instance()
    load_from(tmp_path / "corpus.jsonl")
    correction = Change.objects.get(kind=Change.Kind.QUOTE_CORRECTED)
    quote = Quote.objects.get(pk=correction.object_id)
    assert quote.verified
    history.undo(correction, staff_admin)
    quote.refresh_from_db()
    assert not quote.verified
    assert quote.speaker_id == correction.before["speaker"]


def test_annotations_are_w3c_web_annotations_keyed_by_the_article_hash(worked_instance, tmp_path):
    from tests.test_w3c_export import failed_musts

    dump_to(tmp_path / "corpus.jsonl")
    lines = (tmp_path / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    header, records = json.loads(lines[0]), [json.loads(line) for line in lines[1:]]
    assert (header["format"], header["version"]) == ("summit-desk-corpus", 1)
    assert records[-1] == {"type": "end", "counts": records[-1]["counts"]}
    annotation = next(r for r in records if r["type"] == "annotation")["annotation"]
    assert (
        annotation["target"]["source"] == f"urn:summit-desk:article:{worked_instance.content_hash}"
    )
    assert {"type": "TextualBody", "purpose": "tagging", "value": "Arctic shipping"} in annotation[
        "body"
    ]
    assert failed_musts(annotation) == []
    # No database id is used as a reference between records: only natural keys.
    quote = next(r for r in records if r["type"] == "quote")
    assert (
        quote["article"]
        == Article.objects.get(pk=Quote.objects.get(pk=quote["id"]).article_id).content_hash
    )


def test_loading_into_an_instance_that_holds_work_is_refused_without_merge(
    worked_instance, tmp_path
):
    dump_to(tmp_path / "corpus.jsonl")
    before = snapshot()
    with pytest.raises(CommandError, match=r"already holds work.*--merge"):
        load_from(tmp_path / "corpus.jsonl")
    assert snapshot() == before


def test_a_merge_keeps_what_is_there_adds_the_rest_and_never_duplicates(
    worked_instance, tmp_path, editor
):
    dump_to(tmp_path / "corpus.jsonl")
    # The other instance: one of the articles and its annotation are not there yet.
    gone = Article.objects.get(source_name__startswith="004")
    counts = {model.__name__: model.objects.count() for model in MODELS}
    gone.delete()
    output = load_from(tmp_path / "corpus.jsonl", "--merge")
    assert "Already here, kept as they are:" in output
    assert Article.objects.filter(content_hash=gone.content_hash).exists()
    for model in (Article, Quote, Mention, Annotation, Reply, Person, Outlet, ImportBatch):
        assert model.objects.count() == counts[model.__name__], model
    load_from(tmp_path / "corpus.jsonl", "--merge")  # twice: still no duplicate
    for model in (Article, Quote, Mention, Annotation, Reply, Person, Outlet, ImportBatch, Change):
        assert model.objects.count() == counts[model.__name__], model


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "not UTF-8 text"),
        (b"", "no header line"),
        (b'{"format": "something else"}\n', "unknown format"),
        (b'{"format": "summit-desk-corpus", "version": 99}\n', "format version 99"),
    ],
)
def test_a_file_that_is_not_a_corpus_is_refused_with_a_reason(db, tmp_path, content, message):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        load_from(path)
    assert not Article.objects.exists()


def test_a_file_cut_short_loads_nothing(worked_instance, tmp_path, editor):
    dump_to(tmp_path / "corpus.jsonl")
    lines = (tmp_path / "corpus.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "cut.jsonl").write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
    empty_the_instance(editor.username)
    with pytest.raises(CommandError, match="incomplete"):
        load_from(tmp_path / "cut.jsonl")
    assert not Article.objects.exists()
    assert not User.objects.filter(username=editor.username).exists()


def test_an_article_whose_text_does_not_match_its_hash_is_refused(worked_instance, tmp_path):
    dump_to(tmp_path / "corpus.jsonl")
    lines = (tmp_path / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    article = next(record for record in records if record.get("type") == "article")
    article["body"] = article["body"].replace("Putin", "Medvedev", 1)
    tampered = "".join(json.dumps(record) + "\n" for record in records)
    (tmp_path / "corpus.jsonl").write_text(tampered, encoding="utf-8")
    empty_the_instance()
    with pytest.raises(CommandError, match="does not match its hash"):
        load_from(tmp_path / "corpus.jsonl")
    assert not Article.objects.exists()


def test_a_failed_dump_leaves_no_file_behind(db, tmp_path, monkeypatch):
    ingest(SEEDS_DIR, skip_quotes=True)
    monkeypatch.setattr(
        "summit.corpus.dump.iter_records", lambda: iter([{"type": "x", "id": object()}])
    )
    with pytest.raises(TypeError):
        dump_to(tmp_path / "corpus.jsonl")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db(transaction=True)
def test_a_dump_is_one_moment_of_the_database_while_others_save(tmp_path):
    """An article stored by someone else while the dump is being written is not half in
    it: the dump holds what was there when it began."""
    import threading

    from django.db import connections

    from articles.services import ingest_text
    from summit.corpus.dump import dump

    ingest(SEEDS_DIR, skip_quotes=True)

    def save_late() -> None:  # an article and its import record, written by someone else
        result = ingest_text("late.txt", "A late article.\n\nIt has a body.")
        batch = ImportBatch.objects.create(state=ImportBatch.State.DONE)
        batch.documents.create(
            position=1, name="late.txt", state="imported", article=result.article
        )
        connections.close_all()

    writer = threading.Thread(target=save_late)

    class Stream(io.StringIO):
        def write(self, text: str) -> int:
            if '"type": "article"' in text and not writer.is_alive() and not writer.ident:
                writer.start()
                writer.join(timeout=0.5)  # on PostgreSQL it commits now; SQLite makes it wait
            return super().write(text)

    stream = Stream()
    counts = dump(stream)
    writer.join(timeout=30)
    assert Article.objects.count() == 6  # it was stored…
    assert counts["article"] == 5  # …but after the dump began: neither it…
    assert counts["import"] == 0  # …nor its import record (read later) is in the dump


def test_records_whose_offsets_miss_their_words_are_refused_each_named(worked_instance, tmp_path):
    """A quote past the end of its text and a mention one place off: both listed, nothing
    loaded (the invariant holds for what a load brings in too)."""
    dump_to(tmp_path / "corpus.jsonl")
    records = [json.loads(line) for line in (tmp_path / "corpus.jsonl").read_text().splitlines()]
    quote = next(r for r in records if r.get("type") == "quote")
    mention = next(r for r in records if r.get("type") == "mention")
    quote["start"], quote["end"] = 900_000, 900_100
    mention["start"] += 1
    mention["end"] += 1
    tampered = "".join(json.dumps(record) + "\n" for record in records)
    (tmp_path / "corpus.jsonl").write_text(tampered, encoding="utf-8")
    empty_the_instance()
    with pytest.raises(CommandError) as refused:
        load_from(tmp_path / "corpus.jsonl")
    message = str(refused.value)
    assert "2 record(s) point at words their article's text does not hold" in message
    assert f"quote {quote['id']}: offsets 900000–900100 are outside a text of" in message
    assert f"mention {mention['id']}: offsets" in message
    assert message.count("\n  ") == 2  # one line each
    assert not Article.objects.exists()


def test_a_record_the_database_refuses_is_named_on_one_line_without_a_traceback(
    worked_instance, tmp_path
):
    dump_to(tmp_path / "corpus.jsonl")
    records = [json.loads(line) for line in (tmp_path / "corpus.jsonl").read_text().splitlines()]
    quote = next(r for r in records if r.get("type") == "quote")
    quote["confidence"] = "high"
    (tmp_path / "corpus.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    empty_the_instance()
    with pytest.raises(CommandError) as refused:
        load_from(tmp_path / "corpus.jsonl", "--merge")
    message = str(refused.value)
    assert f"quote {quote['id']}: refused (ValueError: Field 'confidence' expected a number" in (
        message
    )
    assert "Traceback" not in message
    assert message.endswith("Nothing was loaded.")
    assert not Article.objects.exists()
