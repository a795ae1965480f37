"""The same quote across articles: group one speaker's quotes whose words match.

Texts are compared after normalising Unicode, quotation marks, dashes, hyphens inside words
("on-going" is "ongoing") and spacing. Two quotes of the same speaker belong together when
their normalised texts are nearly equal (rapidfuzz ratio) or when the shorter is a part of
the longer (a partial quote of a full one). Candidates come from shared 4-word shingles, so
a prolific speaker is not compared pairwise. Plain functions; no database.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from rapidfuzz import fuzz

SAME_QUOTE = 90
PART_OF_QUOTE = 95
MIN_PART_WORDS = 4
SHINGLE = 4
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'"})
INNER_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
NOT_WORD = re.compile(r"[^\w\s']+")


@dataclass(frozen=True)
class QuoteText:
    key: Hashable
    speaker: Hashable
    text: str


def normalise(text: str) -> str:
    """Fold a quote for comparison: case, marks, dashes, word-inner hyphens, punctuation."""
    text = unicodedata.normalize("NFKC", text).translate(QUOTE_MARKS)
    for dash in DASHES:
        text = text.replace(dash, "-")
    text = INNER_HYPHEN.sub("", text.casefold())
    text = NOT_WORD.sub(" ", text).replace("'", "")
    return " ".join(text.split())


def same_quote(first: str, second: str) -> bool:
    """Two normalised texts are one quote: nearly equal, or one a part of the other."""
    if fuzz.ratio(first, second) >= SAME_QUOTE:
        return True
    shorter, longer = sorted((first, second), key=len)
    return (
        len(shorter.split()) >= MIN_PART_WORDS
        and fuzz.partial_ratio(shorter, longer) >= PART_OF_QUOTE
    )


def group_quotes(quotes: Sequence[QuoteText]) -> list[list[Hashable]]:
    """Keys of quotes grouped as one quote (groups of one included), largest first."""
    normalised = [normalise(q.text) for q in quotes]
    parent = list(range(len(quotes)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    buckets: dict[tuple, list[int]] = defaultdict(list)
    for index, (quote, text) in enumerate(zip(quotes, normalised, strict=True)):
        words = text.split()
        shingles = {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
        for shingle in shingles or {tuple(words)}:
            buckets[(quote.speaker, shingle)].append(index)
    checked: set[tuple[int, int]] = set()
    for members in buckets.values():
        for i, first in enumerate(members):
            for second in members[i + 1 :]:
                pair = (first, second)
                if pair in checked or root(first) == root(second):
                    continue
                checked.add(pair)
                if same_quote(normalised[first], normalised[second]):
                    parent[root(second)] = root(first)
    groups: dict[int, list[Hashable]] = defaultdict(list)
    for index, quote in enumerate(quotes):
        groups[root(index)].append(quote.key)
    return sorted(groups.values(), key=len, reverse=True)


def most_common_wording(texts: Sequence[str]) -> str:
    """The wording most articles use (ties: the longest, then the first)."""
    normalised = [" ".join(t.split()) for t in texts]
    counts = Counter(normalised)
    first = {}
    for position, text in enumerate(normalised):
        first.setdefault(text, position)
    return max(counts, key=lambda text: (counts[text], len(text), -first[text]))


@dataclass(frozen=True)
class DiffPart:
    kind: str  # "same", "added" (in this wording only), "removed" (in the common one only)
    text: str


def _diff_key(word: str) -> str:
    """A word as the diff compares it: case, quotation marks, the kind of dash and the
    punctuation around it do not count; spelling inside it does ("on-going" ≠ "ongoing").
    """
    word = unicodedata.normalize("NFKC", word).translate(QUOTE_MARKS).casefold()
    for dash in DASHES:
        word = word.replace(dash, "-")
    return word.strip(".,;:!?\"'()[]…") or word


def word_diff(common: str, wording: str) -> list[DiffPart]:
    """``wording`` against ``common``, word by word."""
    base, other = common.split(), wording.split()
    matcher = SequenceMatcher(
        None, [_diff_key(w) for w in base], [_diff_key(w) for w in other], autojunk=False
    )
    parts: list[DiffPart] = []
    for tag, a_from, a_to, b_from, b_to in matcher.get_opcodes():
        if tag == "equal":
            parts.append(DiffPart("same", " ".join(other[b_from:b_to])))
            continue
        if a_to > a_from:
            parts.append(DiffPart("removed", " ".join(base[a_from:a_to])))
        if b_to > b_from:
            parts.append(DiffPart("added", " ".join(other[b_from:b_to])))
    return parts
