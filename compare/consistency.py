"""How far incrementally maintained rows are from a full rebuild: the benchmark and the
tests compare which passages share a row (row numbers themselves may differ: rows added
between rebuilds are numbered after the others).
"""

from __future__ import annotations

from collections import defaultdict

from .models import ThemePassage

PassageKey = tuple[int, int, int, int]  # theme, article, start, end


def stored_rows() -> dict[PassageKey, frozenset[PassageKey]]:
    """Every stored passage and the other passages on its row."""
    rows: dict[tuple[int, int], set[PassageKey]] = defaultdict(set)
    for theme, row, article, start, end in ThemePassage.objects.values_list(
        "theme_id", "row", "article_id", "start", "end"
    ):
        rows[(theme, row)].add((theme, article, start, end))
    return {key: frozenset(members - {key}) for members in rows.values() for key in members}


def row_agreement(
    first: dict[PassageKey, frozenset[PassageKey]], second: dict[PassageKey, frozenset[PassageKey]]
) -> float:
    """The share of passages (in either) that are in both with the same row-mates."""
    keys = first.keys() | second.keys()
    if not keys:
        return 1.0
    same = sum(1 for key in keys if key in first and key in second and first[key] == second[key])
    return same / len(keys)
