"""The offsets invariant, checked over the whole database.

Every stored offset — annotations, quotes, mentions, compare passages and open suggestions —
points at the text it claims in its article's current body, or its row is marked orphaned
(annotations and quotes; the other rows are derived and rebuilt, never orphaned). Used by
``manage.py check_integrity``, by the tests after every kind of write, and by
``load_corpus`` (through ``offset_problem``) to refuse records that break it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Model

from annotations.models import Annotation
from articles.models import Article, Mention, Quote
from compare.models import ThemePassage, ThemeSuggestion


@dataclass(frozen=True)
class OffsetProblem:
    kind: str  # "annotation", "quote", …
    pk: int
    article_id: int
    start: int
    end: int
    claims: str
    found: str

    def __str__(self) -> str:
        return (
            f"{self.kind} {self.pk} in article {self.article_id}: offsets {self.start}–{self.end} "
            f"hold {self.found[:60]!r}, the row says {self.claims[:60]!r}"
        )


def offset_problem(body: str, start: int, end: int, claims: str) -> str | None:
    """Why ``body[start:end]`` is not ``claims`` (out of the text, or other words), or None."""
    if not (0 <= start < end <= len(body)):
        return f"offsets {start}–{end} are outside a text of {len(body)} characters"
    if body[start:end] != claims:
        return f"offsets {start}–{end} hold other words than the row's"
    return None


# (what the row is, its model, the field holding the text it claims, rows to check)
CHECKED: list[tuple[str, type[Model], str, dict]] = [
    ("annotation", Annotation, "exact", {"orphaned": False}),
    ("quote", Quote, "text", {"orphaned": False}),
    ("mention", Mention, "text", {}),
    ("compare passage", ThemePassage, "text", {}),
    ("suggestion", ThemeSuggestion, "exact", {"state": ThemeSuggestion.State.OPEN}),
]


def offset_problems(article_ids: list[int] | None = None) -> Iterator[OffsetProblem]:
    """Every row that breaks the invariant, article by article (one query per kind of row
    and one for the bodies, whatever the number of rows)."""
    rows: dict[int, list[tuple]] = defaultdict(list)
    for kind, model, field, where in CHECKED:
        query = model.objects.filter(**where)
        if article_ids is not None:
            query = query.filter(article_id__in=article_ids)
        for pk, article_id, start, end, claims in query.values_list(
            "pk", "article_id", "start", "end", field
        ).iterator():
            rows[article_id].append((kind, pk, start, end, claims))
    bodies = Article.objects.filter(pk__in=list(rows)).values_list("pk", "body")
    for article_id, body in bodies.iterator():
        for kind, pk, start, end, claims in rows[article_id]:
            if offset_problem(body, start, end, claims):
                found = body[start:end] if 0 <= start <= end <= len(body) else ""
                yield OffsetProblem(kind, pk, article_id, start, end, claims, found)
