"""Quote records for exports: the same fields for the command and the web export."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import IO

from defusedcsv import csv

from ..models import Quote

EXPORT_FIELDS = ["file", "outlet", "speaker", "speaker_kind", "text", "start", "end", "kind",
                 "attribution", "unnamed_source", "rule", "confidence", "verified"]  # fmt: skip
# CSV injection: a cell starting with = + - @ | % is run as a formula by spreadsheets;
# defusedcsv's writers (``csv_writer``) prefix those with an apostrophe. A leading tab or
# carriage return, which it leaves alone, lets some spreadsheets read a formula after it:
# ``spreadsheet_safe`` prefixes those too.
CONTROL_PREFIXES = ("\t", "\r")
# Opened with another separator (";" in many locales, a tab, a pipe), a cell splits there,
# and a formula character after the split starts a cell of its own: escaped too.
FORMULA_AFTER_SEPARATOR = re.compile(r"([,;\t|]\s*)(?=[=+\-@])")
# Spreadsheets read a CSV file as UTF-8 (not the system's code page) when it starts so.
BYTE_ORDER_MARK = "\ufeff"


def quote_record(quote: Quote) -> dict:
    """One quote's export fields; the quote comes with article, outlet and speaker selected."""
    return {
        "file": quote.article.source_name,
        "outlet": quote.article.outlet.name if quote.article.outlet else None,
        "speaker": quote.speaker.name if quote.speaker else None,
        "speaker_kind": quote.speaker.kind if quote.speaker else None,
        "text": quote.text,
        "start": quote.start,
        "end": quote.end,
        "kind": quote.kind,
        # attributed / unnamed / unattributed / term; the rule and its confidence (1.0
        # once verified)
        "attribution": quote.attribution,
        "unnamed_source": quote.source or None,  # "a senior adviser", when nobody is named
        "rule": quote.rule,
        "confidence": 1.0 if quote.verified else quote.confidence,
        "verified": quote.verified,
    }


def spreadsheet_safe(record: dict) -> dict:
    """The record with every text cell that starts with a tab or carriage return prefixed
    with an apostrophe, and every formula character right after a separator too; the
    formula characters that start a cell are ``csv_writer``'s (defusedcsv's) to escape."""
    return {key: _safe_cell(value) for key, value in record.items()}


def _safe_cell(value):
    if not isinstance(value, str):
        return value
    value = FORMULA_AFTER_SEPARATOR.sub(r"\1'", value)
    return "'" + value if value.startswith(CONTROL_PREFIXES) else value


def csv_writer(stream: IO[str], fieldnames: list[str]) -> csv.DictWriter:
    """A CSV writer that quotes every field and neutralises formulas (defusedcsv)."""
    return csv.DictWriter(stream, fieldnames=fieldnames, quoting=csv.QUOTE_ALL)


class _Line:
    """A file that hands back what is written to it: one CSV line at a time, streamed."""

    def write(self, value: str) -> str:
        return value


def csv_lines(records: Iterable[dict], fieldnames: list[str]) -> Iterator[str]:
    """A streamed CSV export: the byte-order mark and header, then one safe row per record."""
    writer = csv_writer(_Line(), fieldnames)
    yield BYTE_ORDER_MARK + writer.writeheader()
    for record in records:
        yield writer.writerow(spreadsheet_safe(record))


def json_array_chunks(records: Iterable[dict]) -> Iterator[str]:
    """A streamed JSON array, one record a line."""
    yield "["
    for number, record in enumerate(records):
        yield ("," if number else "") + "\n" + json.dumps(record, ensure_ascii=False)
    yield "\n]\n"
