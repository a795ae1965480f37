"""The change history in words: each change's place (a link to the highlight, quote, speaker
or theme it touched, naming its article) and what changed, field by field, with speakers and
themes by name — never a raw record with internal ids. A page of changes costs a fixed number
of queries, whatever its length."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.urls import reverse

from ..models import Article, Change, Person, Quote, Theme
from ..queries import articles_without_text

# The recorded fields a reader cares about, in the order shown, with their labels; the rest
# (versions, offsets, who verified when, rule names) is bookkeeping for undo.
LABELS = {
    "exact": "Passage", "text": "Words", "speaker": "Speaker", "kind": "Kind",
    "themes": "Themes", "note": "Note", "name": "Name", "state": "State",
    "replies": "Replies",
}  # fmt: skip
LONGEST = 160


@dataclass
class ChangeWords:
    """One change as the history page shows it."""

    place: str = ""
    url: str = ""
    lines: list[tuple[str, str, str]] = field(default_factory=list)  # (label, before, after)


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= LONGEST else text[: LONGEST - 1] + "…"


class _Names:
    """Every name a page of changes needs, fetched once per kind of object."""

    def __init__(self, changes: list[Change]) -> None:
        data = [(c, record) for c in changes for record in (c.before, c.after)]
        speakers = {r.get("speaker") for c, r in data if c.object_type == "quote"}
        themes = {t for c, r in data if c.object_type == "annotation" for t in r.get("themes", [])}
        ids = {kind: {c.object_id for c in changes if c.object_type == kind}
               for kind in ("quote", "person", "theme")}  # fmt: skip
        self.quotes = dict(
            Quote.objects.filter(pk__in=ids["quote"]).values_list("pk", "article_id")
        )
        articles = {r.get("article") for _, r in data} | set(self.quotes.values())
        chosen = articles_without_text().filter(pk__in=articles - {None})
        self.articles: dict[int, Article] = {article.pk: article for article in chosen}
        self.people = dict(
            Person.objects.filter(pk__in=(speakers | ids["person"]) - {None}).values_list(
                "pk", "name"
            )
        )
        self.slugs = dict(Person.objects.filter(pk__in=ids["person"]).values_list("pk", "slug"))
        theme_rows = Theme.objects.filter(pk__in=themes | ids["theme"]).values_list(
            "pk", "name", "slug"
        )
        self.themes = {pk: name for pk, name, _ in theme_rows}
        self.theme_slugs = {pk: slug for pk, _, slug in theme_rows}

    def value(self, key: str, value) -> str:
        if key == "speaker":
            return self.people.get(value, f"a speaker since removed ({value})") if value else "none"
        if key == "themes":
            names = sorted(self.themes.get(pk, "a theme since removed") for pk in value or [])
            return ", ".join(names) or "none"
        if key == "replies":  # a deleted annotation's discussion, kept for undo
            return f"{len(value)} repl{'y' if len(value) == 1 else 'ies'}"
        if value in (None, ""):
            return "—"
        return _short(value)


def _place(change: Change, names: _Names) -> tuple[str, str]:
    kind, pk = change.object_type, change.object_id
    if kind in {"annotation", "reply"}:
        record = change.after or change.before
        article = names.articles.get(record.get("article"))
        what = "highlight" if kind == "annotation" else "reply to a highlight"
        if article is None:
            return f"a {what} in an article since removed", ""
        entry = pk if kind == "annotation" else record.get("annotation")
        return f"{what} in “{article.display_title}”", (
            f"{article.get_absolute_url()}#annotation-item-{entry}"
        )
    if kind == "quote":
        article = names.articles.get(names.quotes.get(pk))
        if article is None:
            return "a quote since removed", ""
        return f"quote in “{article.display_title}”", f"{article.get_absolute_url()}#quote-{pk}"
    if kind == "person" and pk in names.slugs:
        url = reverse("articles:speaker", args=[names.slugs[pk]])
        return f"speaker {names.people.get(pk, '')}", url
    if kind == "theme" and pk in names.theme_slugs:
        url = f"{reverse('compare:themes')}?theme={names.theme_slugs[pk]}"
        return f"theme {names.themes[pk]}", url
    return f"{kind} (since removed or merged)", ""


def _lines(change: Change, names: _Names) -> list[tuple[str, str, str]]:
    """(label, before, after) of each field that changed; a created or deleted object's
    fields as they were (after empty: no arrow); the passage always, for context."""
    before, after = change.before, change.after
    lines = []
    for key, label in LABELS.items():
        if key not in before and key not in after:
            continue
        if not before or not after:  # created or deleted: what it held
            value = (after or before).get(key)
            if value not in (None, "", []):
                lines.append((label, names.value(key, value), ""))
        elif before.get(key) != after.get(key):
            was, now = names.value(key, before.get(key)), names.value(key, after.get(key))
            lines.append((label, was, now))
        elif key in {"exact", "text"}:
            lines.append((label, names.value(key, before[key]), ""))
    return lines


def in_words(changes: Iterable[Change]) -> list[Change]:
    """The changes, each given ``words`` (a ``ChangeWords``)."""
    changes = list(changes)
    names = _Names(changes)
    for change in changes:
        place, url = _place(change, names)
        change.words = ChangeWords(place, url, _lines(change, names))
    return changes
