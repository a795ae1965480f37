"""Putting a removed line back where it stood ("keep in the body" after the fact).

A removal records the paragraph it stood before (``Removal.before``), or that it opened
that paragraph (``prefix``, a dateline). ``put_back`` inserts one line there and shifts the
positions of the others, so that putting back lines one at a time, in any order, gives the
body that cleaning with those lines kept gives (a property test holds it to that).
Removals are plain mappings here ({"text", "rule", "before", "prefix"}), as stored.
"""

from __future__ import annotations

PARAGRAPH_BREAK = "\n\n"


def put_back(body: str, removals: list[dict], index: int) -> tuple[str, list[dict]]:
    """The body with ``removals[index]`` back in it, and the removals left (positions moved)."""
    line = removals[index]
    paragraphs = body.split(PARAGRAPH_BREAK) if body else []
    at = min(line["before"], len(paragraphs))
    if line["prefix"] and at < len(paragraphs):
        paragraphs[at] = f"{line['text']} {paragraphs[at]}"
        return PARAGRAPH_BREAK.join(paragraphs), [r for j, r in enumerate(removals) if j != index]
    paragraphs.insert(at, line["text"])
    left = []
    for position, other in enumerate(removals):
        if position == index:
            continue
        before = other["before"]
        # Lines listed after the restored one at the same place stood after it (a dateline,
        # listed last, moves with the paragraph it opens).
        moves = before > at or (before == at and position > index)
        left.append({**other, "before": before + 1} if moves else other)
    return PARAGRAPH_BREAK.join(paragraphs), left
