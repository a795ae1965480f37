"""manage.py export_quotes: JSON or CSV, every quote, filterable by speaker and outlet."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from articles.models import Person, Quote
from articles.quotes.exports import EXPORT_FIELDS


def export(*args: str) -> str:
    out = io.StringIO()
    call_command("export_quotes", *args, stdout=out)
    return out.getvalue()


def test_json_lists_every_quote_with_the_contract_fields(seeds):
    records = json.loads(export("--format", "json"))
    assert len(records) == Quote.objects.count()
    assert set(records[0]) == set(EXPORT_FIELDS)
    prokopenko = [r for r in records if r["speaker"] == "Alexandra Prokopenko"]
    assert {r["file"][:3] for r in prokopenko} == {"000", "004"}
    assert all(r["speaker_kind"] == "person" for r in prokopenko)
    unattributed = [r for r in records if r["speaker"] is None]
    assert len(unattributed) >= 1
    assert all(r["speaker_kind"] is None for r in unattributed)
    assert {r["attribution"] for r in unattributed} <= {"unattributed", "term", "unnamed"}
    unnamed = [r for r in unattributed if r["attribution"] == "unnamed"]
    assert len(unnamed) >= 1  # "Observers suggest that …": reported, by a described source
    assert sum(1 for r in unnamed if r["unnamed_source"]) == len(unnamed)
    assert {r["attribution"] for r in prokopenko} == {"attributed"}
    assert all(0 < r["confidence"] <= 1 and r["rule"] for r in prokopenko)


def test_csv_has_a_header_and_one_row_per_quote(seeds):
    rows = list(csv.DictReader(io.StringIO(export("--format", "csv"))))
    assert len(rows) == Quote.objects.count()
    row = next(r for r in rows if r["text"].startswith("Gazprom’s losses"))
    assert row["speaker"] == "Agathe Demarais"
    assert row["kind"] == "direct"
    assert int(row["end"]) > int(row["start"])


def test_filter_by_speaker_and_outlet(seeds):
    slug = Person.objects.get(name="Alexandra Prokopenko").slug
    records = json.loads(export("--speaker", slug))
    assert len(records) == 4
    assert {r["speaker"] for r in records} == {"Alexandra Prokopenko"}
    cdt = json.loads(export("--outlet", "china-digital-times"))
    assert cdt
    assert {r["outlet"] for r in cdt} == {"China Digital Times"}


def test_output_file(seeds, tmp_path):
    target = tmp_path / "quotes.json"
    assert export("--output", str(target)) == ""
    assert len(json.loads(target.read_text())) == Quote.objects.count()


def test_unknown_slugs_are_errors(seeds):
    with pytest.raises(CommandError, match="No speaker"):
        export("--speaker", "nobody")
    with pytest.raises(CommandError, match="No outlet"):
        export("--outlet", "nowhere")


def test_csv_cells_a_spreadsheet_would_run_are_neutralised_as_on_the_web(seeds):
    quote = Quote.objects.exclude(speaker=None).first()
    quote.speaker.name = '=HYPERLINK("http://evil.example","x")'
    quote.speaker.save()
    rows = list(csv.DictReader(io.StringIO(export("--format", "csv"))))
    cells = [r["speaker"] for r in rows if r["speaker"] and "HYPERLINK" in r["speaker"]]
    assert cells
    assert all(cell.startswith("'=") for cell in cells)
    as_json = [r for r in json.loads(export("--format", "json")) if r["speaker"]]
    assert any(r["speaker"].startswith("=HYPERLINK") for r in as_json)  # JSON keeps the text


@pytest.mark.parametrize(
    ("name", "cell"),
    [
        ("+cmd|' /C calc'!A0", "'+cmd\\|' /C calc'!A0"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("\t=1+1", "'\t'=1+1"),  # a tab-separated reading splits at the tab: both escaped
        ("-2+3", "'-2+3"),
        ("Ruth O'Neill", "Ruth O'Neill"),
    ],
)
def test_every_formula_start_is_neutralised_in_csv(seeds, name, cell):
    quote = Quote.objects.exclude(speaker=None).first()
    quote.speaker.name = name
    quote.speaker.save()
    rows = list(csv.DictReader(io.StringIO(export("--format", "csv"))))
    speakers = {r["speaker"] for r in rows if r["file"] == quote.article.source_name}
    assert cell in speakers
