"""Quote records for exports: the same fields for the command and the web export."""

from __future__ import annotations

from ..models import Quote

EXPORT_FIELDS = ["file", "outlet", "speaker", "speaker_kind", "text", "start", "end", "kind",
                 "attribution", "unnamed_source", "rule", "confidence", "verified"]  # fmt: skip
# A cell starting with one of these is run as a formula by spreadsheets (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


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
    """The record with every formula-like text cell prefixed with an apostrophe, for CSV."""
    return {
        key: "'" + value if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) else value
        for key, value in record.items()
    }
