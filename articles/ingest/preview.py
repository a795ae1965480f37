"""Reading one import document into an article without storing it: the preview, the
near-duplicate notes, and what the import later stores (``prepared_article``).
"""

from __future__ import annotations

from newsnlp.text.reuse import reuse_against

from ..models import Article, ImportDocument
from ..services import FAR_SHARE, kept_share, match_existing, with_earlier_choices
from .preparation import PreparedArticle, prepare_document, with_edits, with_kept_lines
from .sources import SourceDocument, SourceError, decode_text

State = ImportDocument.State
OPENING_CHARS = 300
# A new text with at least this share of its words in one stored article is flagged.
NEAR_DUPLICATE_SHARE = 0.5
# What the admin may correct at the preview.
EDITABLE = ("title", "byline", "outlet", "published")
# The removed lines the admin ticked "Keep in the body" for, in the document's metadata.
KEEP_KEY = "keep"


def edits_of(choice: dict) -> dict:
    """What the admin changed at the preview, as the document's metadata keeps it: the
    corrected fields, and the removed lines ticked "Keep in the body"."""
    edits = {key: choice[key] for key in EDITABLE if choice.get(key)}
    if choice.get(KEEP_KEY):
        edits[KEEP_KEY] = list(choice[KEEP_KEY])
    return edits


def prepared_article(document: ImportDocument) -> PreparedArticle:
    """The document as an article: as the preview prepared it (with the admin's edits), or
    read and cleaned now when it had no preview (``ingest --workers``, a retry)."""
    if document.prepared:
        raw = decode_text(bytes(document.data or b""))
        edits = {key: document.metadata.get(key) for key in EDITABLE}
        prepared = with_edits(PreparedArticle.from_stored(document.prepared, raw), edits)
        return with_kept_lines(prepared, document.metadata.get(KEEP_KEY) or [])
    batch_facts = document.batch.batch_metadata()
    facts = {**batch_facts, **{k: v for k, v in document.metadata.items() if v}}
    source = SourceDocument(document.name, data=bytes(document.data or b""), metadata=facts)
    return prepare_document(source)


def preview_document(document: ImportDocument) -> PreparedArticle | None:
    """Read, clean and check one document without storing an article; a ready one keeps
    what was prepared for the import."""
    document.prepared = None
    try:
        prepared = with_earlier_choices(prepared_article(document))
    except SourceError as exc:
        refuse(document, exc)
        return None
    match = match_existing(prepared)
    fields = prepared.fields
    notes, replaces = [], False
    if match.duplicate_of:
        document.state = State.DUPLICATE
        document.message = f"same text as article {match.duplicate_of.pk} ({match.duplicate_of})"
    else:
        document.state, document.message = State.READY, ""
        if match.unchanged:
            notes.append(f"unchanged: article {match.previous.pk} already has this text")
        elif match.previous and match.previous.body != prepared.body:
            kept = kept_share(match.previous.body, prepared.body)
            far = " — most of it is different" if kept < FAR_SHARE else ""
            notes.append(
                f"would replace the text of article {match.previous.pk} ({match.previous}), "
                f"keeping {kept:.0%} of its words{far}: tick “replace” to do so, else it is held"
            )
            replaces = True
        elif match.previous:
            notes.append(f"will update article {match.previous.pk} ({match.previous}) in place")
    title = fields.get("title", "")
    if title and not match.previous and not match.duplicate_of:
        same_title = Article.objects.filter(title__iexact=title).exclude(title="").first()
        if same_title:
            notes.append(f"same title as article {same_title.pk}: a near-duplicate?")
    document.preview = {
        "title": title,
        "byline": fields.get("byline", ""),
        "outlet": prepared.outlet_name,
        "published": fields["published"].isoformat() if fields.get("published") else "",
        "url": fields.get("url", ""),
        "opening": prepared.body[:OPENING_CHARS],
        "words": len(prepared.body.split()),
        "quotes": prepared.quotation_count(),
        "notes": notes,
        "removed": prepared.fields.get("removed_lines", []),
        "warnings": [w for w in prepared.warnings if not w.startswith("removed ")],
        "previous": match.previous.pk if match.previous else None,
        "replaces": replaces,
    }
    if document.state != State.READY:
        return None
    document.prepared = prepared.stored()
    return prepared


def note_near_duplicates(documents: list[ImportDocument], bodies: dict[int, str]) -> None:
    """Warn where most of a new text is already in a stored article (a rewrite, a copy).

    The stored bodies are streamed once for the whole batch.
    """
    if not bodies:
        return
    found = reuse_against(bodies, Article.objects.values_list("pk", "body").iterator())
    for document in documents:
        for article_id, share in found.get(document.pk, []):
            if share < NEAR_DUPLICATE_SHARE or article_id == document.preview.get("previous"):
                continue
            document.preview["notes"].append(
                f"near-duplicate: {share:.0%} of its words are also in article {article_id}"
            )


def refuse(document: ImportDocument, problem: SourceError) -> None:
    """The document itself is the problem (binary, empty, undecodable, no article text):
    its bytes are not kept, and it is not offered for a retry that would fail again."""
    document.state, document.message = State.FAILED, str(problem)
    document.data, document.retryable = None, False
