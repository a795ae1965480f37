"""The one word tokenizer of the Python side: text reuse, compare's row alignment and the
quote search where there is no PostgreSQL (whose full-text search keeps its own parser).

A word is a run of letters or digits, apostrophes inside it included ("Putin's", "don’t");
hyphens and underscores separate words. ``folded`` makes words comparable: case folded,
typographic apostrophes made straight.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

WORD = re.compile(r"[^\W_]+(?:['’‘][^\W_]+)*")
APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})


def word_matches(text: str) -> Iterator[re.Match[str]]:
    """Each word with its place in ``text``."""
    return WORD.finditer(text)


def words(text: str) -> list[str]:
    """The words of ``text`` as written."""
    return WORD.findall(text)


def folded(word: str) -> str:
    return word.casefold().translate(APOSTROPHES)


def folded_words(text: str) -> list[str]:
    return [folded(word) for word in WORD.findall(text)]


def looks_like_heading(paragraph: str) -> bool:
    """A short paragraph not ending as a sentence does: a subheading in the article."""
    words = paragraph.split()
    return 0 < len(words) <= 10 and paragraph.rstrip()[-1:] not in '.!?…”"’'
