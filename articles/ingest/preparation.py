"""From received bytes to the fields of an article, without touching the database.

One path for every way coverage arrives (``manage.py ingest``, the admin's import page):
decode (detecting the encoding), take the article out of a web page (trafilatura), clean it,
and merge metadata — what the admin or a manifest gave wins over the page's own metadata,
which wins over what the cleaner found in the text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace

from newsnlp.pages import furniture
from newsnlp.pages.cleaning import clean_article
from newsnlp.pages.webpages import extract_web_page
from newsnlp.quotes.spans import find_block_quotes, find_direct_quotes, is_name_in_quotes, is_title

from .sources import SourceDocument, SourceError, decode_text, looks_like_html

# What the database columns hold; a page's longer headline, byline, site name or URL is
# trimmed (or, for a URL, left out) with a note rather than refused or failing to store.
FIELD_LIMITS = {"title": 500, "byline": 300, "outlet": 200, "url": 1000}


@dataclass(frozen=True)
class PreparedArticle:
    """An article ready to be stored: its model fields, outlet name and what cleaning dropped."""

    source_name: str
    fields: dict
    outlet_name: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def body(self) -> str:
        return self.fields["body"]

    def stored(self) -> dict:
        """What an import document keeps of it between preview and import (not the raw
        text: that is the document's own bytes)."""
        fields = {name: value for name, value in self.fields.items() if name != "raw"}
        if fields.get("published"):
            fields["published"] = fields["published"].isoformat()
        return {"fields": fields, "outlet": self.outlet_name, "warnings": list(self.warnings)}

    @classmethod
    def from_stored(cls, stored: dict, raw: str) -> PreparedArticle:
        fields = {**stored["fields"], "raw": raw}
        if fields.get("published"):
            fields["published"] = dt.date.fromisoformat(fields["published"])
        return cls(fields["source_name"], fields, stored["outlet"], tuple(stored["warnings"]))

    def quotation_count(self) -> int:
        """Passages in quotation marks (or block quotes) that look like someone's words.

        A preview figure: attribution, which needs the parser, happens when the article
        is stored.
        """
        direct = [
            span
            for span in find_direct_quotes(self.body)
            if not is_title(self.body, span) and not is_name_in_quotes(span.text_in(self.body))
        ]
        return len(direct) + len(find_block_quotes(self.body))


def prepare_document(document: SourceDocument) -> PreparedArticle:
    """Prepare one received document; raises ``SourceError`` with a message for the user."""
    if document.error:
        raise SourceError(document.error)
    return prepare_text(document.name, decode_text(document.data or b""), document.metadata)


def prepare_text(
    source_name: str, raw: str, metadata: dict | None = None, keep: Iterable[str] = ()
) -> PreparedArticle:
    """Clean ``raw`` (plain text or a web page) and merge its metadata. Lines in ``keep``
    (an admin's "keep in the body") stay in the body."""
    keep = list(dict.fromkeys(keep))
    metadata = {key: value for key, value in (metadata or {}).items() if value}
    text, page_facts, standfirst = raw, {}, ""
    if looks_like_html(source_name, raw):
        page = extract_web_page(raw)
        text, standfirst = page.text, page.description
        page_facts = {
            "title": page.title,
            # A page's author field can carry the place too ("Ben Aris in Berlin").
            "byline": furniture.byline_names(f"By {page.byline}") or page.byline,
            "published": page.published,
            "url": page.url,
            "outlet": page.site_name,
        }
        page_facts = {key: value for key, value in page_facts.items() if value}
        if not text.strip():
            raise SourceError("no article text was found in the web page")
    cleaned = clean_article(
        text,
        known_title=page_facts.get("title", ""),
        known_standfirst=standfirst,
        keep=keep,
    )
    if not cleaned.body:
        raise SourceError("no article text was found once the site around it was removed")
    facts = {**page_facts, **metadata}
    fields = {
        "title": facts.get("title") or cleaned.title,
        "subtitle": cleaned.subtitle,
        "byline": facts.get("byline") or cleaned.byline,
        "body": cleaned.body,
        "raw": raw,
        "source_name": source_name,
        "removed_lines": [asdict(removal) for removal in cleaned.removed],
        "kept_lines": keep,
    }
    if facts.get("url"):
        fields["url"] = facts["url"]
    if facts.get("published"):
        fields["published"] = parse_date(facts["published"])
    elif cleaned.published:  # a timestamp line in the text, when nothing better is known
        fields["published"] = cleaned.published
    warnings = [f"removed {r.rule}: {r.text[:60]}" for r in cleaned.removed]
    outlet = " ".join(facts.get("outlet", "").split())
    return _fitted(PreparedArticle(source_name, fields, outlet, tuple(warnings)))


def with_kept_lines(prepared: PreparedArticle, keep: Iterable[str]) -> PreparedArticle:
    """The article cleaned again from its raw text with ``keep`` left in the body; what was
    read or edited besides (title, byline, outlet, date) stays. Unchanged when none of the
    lines is among those removed."""
    keep = list(dict.fromkeys([*prepared.fields.get("kept_lines", []), *keep]))
    removed = {line["text"] for line in prepared.fields.get("removed_lines", [])}
    if not removed & set(keep):
        return replace(prepared, fields={**prepared.fields, "kept_lines": keep})
    again = prepare_text(prepared.source_name, prepared.fields["raw"], keep=keep)
    fields = {name: again.fields[name] for name in ("body", "removed_lines", "kept_lines")}
    return replace(prepared, fields={**prepared.fields, **fields})


def with_edits(prepared: PreparedArticle, edits: dict) -> PreparedArticle:
    """The article with what the admin corrected at the preview (title, byline, outlet,
    published date) in place of what was read; the same limits apply."""
    fields = dict(prepared.fields)
    for name in ("title", "byline"):
        if edits.get(name):
            fields[name] = edits[name]
    if edits.get("published"):
        fields["published"] = parse_date(edits["published"])
    outlet = " ".join((edits.get("outlet") or prepared.outlet_name).split())
    return _fitted(replace(prepared, fields=fields, outlet_name=outlet))


def _fitted(prepared: PreparedArticle) -> PreparedArticle:
    """Trim what is longer than its column (a URL is left out: a cut one points nowhere)."""
    fields, outlet, warnings = dict(prepared.fields), prepared.outlet_name, [*prepared.warnings]
    for name, limit in FIELD_LIMITS.items():
        value = outlet if name == "outlet" else fields.get(name, "")
        if isinstance(value, str) and len(value) > limit:
            if name == "url":
                del fields["url"]
                warnings.append(f"url left out: it is longer than {limit} characters")
                continue
            trimmed = value[: limit - 1].rstrip() + "…"
            warnings.append(f"{name} trimmed to {limit} characters: {value[:60]}…")
            if name == "outlet":
                outlet = trimmed
            else:
                fields[name] = trimmed
    return PreparedArticle(prepared.source_name, fields, outlet, tuple(warnings))


def parse_date(value: str | dt.date) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise SourceError(f"published date {value!r} is not YYYY-MM-DD") from exc
