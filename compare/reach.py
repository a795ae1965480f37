"""How far an article's change reaches in a theme's rows, realigned exactly there.

Rows are made by one greedy rule (``compare.alignment.join_rows``): strongest pair first.
Pairs in different connected parts of the graph of pairs scoring at least ``SAME_ROW``
never meet, so the rows of one part are the rows a full rebuild gives it. When an article's
passages change, the part they reach — the passages linked to them, transitively, and the
former row-mates of the passages removed — is realigned by that same rule from the word
index; the rest of the theme is left as it is. A part larger than ``REACH_LIMIT`` passages
is left to the cheaper placement among stored rows (``compare.alignment.place``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from django.db.models import Max

from articles.models import Theme

from .alignment import SAME_ROW, join_rows
from .models import PassageWord, ThemePassage

REACH_LIMIT = 2_000

Node = Hashable  # a stored passage's id, or a new passage's key (a tuple)


@dataclass
class Reach:
    """The passages an article's change reaches: their articles, the pairs among them that
    score at least ``SAME_ROW``, and the rows the stored ones are on now."""

    articles: dict[Node, int]
    pairs: dict[tuple[Node, Node], float]
    stored_rows: dict[int, int]

    def rows(self, theme: Theme, removed: Iterable[int]) -> tuple[dict[Node, int], dict]:
        """Each reached passage's row, and the stored ones that move ({row: [ids]}). A row
        keeps its number when one of its passages stays on it and nothing unreached is on
        it; other rows get numbers after the theme's last."""
        _, members = join_rows(self.articles, self.pairs)
        groups = sorted(
            members.values(),
            key=lambda g: min(
                (self.stored_rows[n] for n in g if n in self.stored_rows), default=1 << 62
            ),
        )
        candidates = {self.stored_rows[n] for g in groups for n in g if n in self.stored_rows}
        shared = set(
            ThemePassage.objects.filter(theme=theme, row__in=candidates)
            .exclude(pk__in=[*self.stored_rows, *removed])
            .values_list("row", flat=True)
        )
        last = ThemePassage.objects.filter(theme=theme).aggregate(last=Max("row"))["last"]
        fresh = (last if last is not None else -1) + 1
        taken: set[int] = set()
        rows: dict[Node, int] = {}
        for group in groups:
            old = sorted({self.stored_rows[n] for n in group if n in self.stored_rows}
                         - taken - shared)  # fmt: skip
            if old:
                row = old[0]
            else:
                row, fresh = fresh, fresh + 1
            taken.add(row)
            rows.update(dict.fromkeys(group, row))
        moved: dict[int, list[int]] = defaultdict(list)
        for node, row in rows.items():
            if node in self.stored_rows and self.stored_rows[node] != row:
                moved[row].append(node)
        return rows, dict(moved)


def reach(
    theme: Theme,
    article_id: int,
    new: dict[Node, dict[str, float]],
    removed: list[int],
    limit: int | None = None,
) -> Reach | None:
    """The part of the theme's pair graph that the new passages (key → scored words and
    weights, of ``article_id``) and the removal of ``removed`` reach; None past ``limit``
    (default ``REACH_LIMIT``)."""
    limit = REACH_LIMIT if limit is None else limit
    articles: dict[Node, int] = dict.fromkeys(new, article_id)
    vectors: dict[Node, dict[str, float]] = {key: _words(v) for key, v in new.items()}
    stored = ThemePassage.objects.filter(theme=theme).exclude(pk__in=removed)
    former = stored.filter(
        row__in=ThemePassage.objects.filter(pk__in=removed).values("row")
    ).values_list("pk", "article_id")
    stored_rows: dict[int, int] = {}
    frontier = list(new)
    for pk, article in former:
        articles[pk] = article
        frontier.append(pk)
    pairs: dict[tuple[Node, Node], float] = {}
    while frontier:
        if len(articles) > limit:
            return None
        _load(theme, [n for n in frontier if n not in vectors], vectors)
        words = {word for node in frontier for word in vectors[node]}
        postings = defaultdict(list)
        for word, passage, weight, article in (
            PassageWord.objects.filter(theme=theme, word__in=words)
            .exclude(passage_id__in=removed)
            .values_list("word", "passage_id", "weight", "passage__article_id")
        ):
            postings[word].append((passage, weight, article))
        scores: dict[tuple[Node, int], float] = defaultdict(float)
        others: dict[int, int] = {}
        for node in frontier:
            for word, weight in vectors[node].items():
                for passage, other, article in postings.get(word, ()):
                    if article != articles[node]:
                        scores[(node, passage)] += weight * other
                        others[passage] = article
        reached = []
        for (node, passage), score in scores.items():
            if score < SAME_ROW:
                continue
            pair = (node, passage) if (passage, node) not in pairs else (passage, node)
            pairs[pair] = max(score, pairs.get(pair, 0.0))
            if passage not in articles:
                articles[passage] = others[passage]
                reached.append(passage)
        frontier = reached
    stored_ids = [node for node in articles if not isinstance(node, tuple)]
    stored_rows.update(stored.filter(pk__in=stored_ids).values_list("pk", "row"))
    return Reach(articles, pairs, stored_rows)


def _words(vector: dict[str, float]) -> dict[str, float]:
    return {word[:100]: weight for word, weight in vector.items()}


def _load(theme: Theme, pks: list[int], vectors: dict[Node, dict[str, float]]) -> None:
    """The stored passages' scored words, from the index."""
    for pk in pks:
        vectors[pk] = {}
    for passage, word, weight in PassageWord.objects.filter(
        theme=theme, passage_id__in=pks
    ).values_list("passage_id", "word", "weight"):
        vectors[passage][word] = weight
