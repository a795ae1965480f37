"""Text reuse between articles: a word 5-gram index proposes pairs, alignment verifies them.

The approach of passim and Churnalism. Every article's words are indexed by their 5-grams;
two articles sharing a 5-gram are a candidate pair. The shared 5-grams of a pair are chained
into passages (seeds close together on nearly the same diagonal), and each passage is
verified by aligning the words around it (difflib's matching blocks, which also picks up
the reworded stretches between exact seeds). A pair counts as reuse when the aligned
passages share at least ``MIN_SHARED_WORDS`` words. 5-grams that occur in very many
articles (boilerplate, stock phrases) are ignored once the corpus is large enough to tell.
Stored, the same 5-grams let a changed article find its candidates without reading the
corpus (``compare.reusepairs``).

Plain functions over text; no database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations
from zlib import crc32

from .words import folded, word_matches

NGRAM = 5
MIN_SHARED_WORDS = 15
# Seeds further apart than this (in words, along either text) start a new passage.
MAX_GAP = 25
# Words of context aligned on each side of a passage's seeds.
CONTEXT = 12
# Aligned runs shorter than this are coincidence ("the", "of the"), not reuse.
MIN_RUN = 2
# A 5-gram in more than this share of the articles (in corpora of at least
# ``COMMON_FROM_ARTICLES``) is boilerplate.
COMMON_SHARE = 0.05
COMMON_FROM_ARTICLES = 100


@dataclass(frozen=True)
class Words:
    """An article's words, folded for comparison, with their character spans."""

    tokens: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, text: str) -> Words:
        matches = list(word_matches(text))
        return cls(tuple(folded(m.group()) for m in matches), tuple(m.span() for m in matches))

    def grams(self) -> Iterable[tuple[int, int]]:
        """(position, hash) of every 5-gram."""
        tokens = self.tokens
        for position in range(len(tokens) - NGRAM + 1):
            yield position, hash(tokens[position : position + NGRAM])


def stored_grams(words: Words) -> set[int]:
    """A text's distinct 5-grams as CRC-32 hashes: stable across processes, for the stored
    index (``compare.reusepairs``). A hash collision only proposes a pair that the
    alignment then rejects."""
    tokens = words.tokens
    return {crc32(" ".join(tokens[i : i + NGRAM]).encode()) for i in range(len(tokens) - NGRAM + 1)}


@dataclass(frozen=True)
class Passage:
    """A stretch of ``a`` reused in ``b`` (character offsets into each text)."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    shared_words: int


@dataclass(frozen=True)
class PairReuse:
    a: int
    b: int
    passages: tuple[Passage, ...]
    a_share: float
    b_share: float

    @property
    def shared_words(self) -> int:
        return sum(p.shared_words for p in self.passages)


def candidate_pairs(words: Mapping[int, Words]) -> dict[tuple[int, int], list[tuple[int, int]]]:
    """Pairs of article ids sharing 5-grams, with the (position in a, position in b) seeds."""
    index: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for key, article_words in words.items():
        for position, gram in article_words.grams():
            index[gram].append((key, position))
    limit = len(words) * COMMON_SHARE if len(words) >= COMMON_FROM_ARTICLES else None
    seeds: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for postings in index.values():
        if len(postings) < 2:
            continue
        if limit is not None and len({key for key, _ in postings}) > limit:
            continue
        for (key_a, pos_a), (key_b, pos_b) in combinations(postings, 2):
            if key_a == key_b:
                continue
            if key_a > key_b:
                key_a, pos_a, key_b, pos_b = key_b, pos_b, key_a, pos_a
            seeds[(key_a, key_b)].append((pos_a, pos_b))
    return seeds


def _chains(seeds: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    chains: list[list[tuple[int, int]]] = []
    for pos_a, pos_b in sorted(seeds):
        for chain in chains:
            last_a, last_b = chain[-1]
            if 0 <= pos_a - last_a <= MAX_GAP and abs(pos_b - last_b) <= MAX_GAP:
                chain.append((pos_a, pos_b))
                break
        else:
            chains.append([(pos_a, pos_b)])
    return chains


def _align(a: Words, b: Words, chain: list[tuple[int, int]]) -> tuple[int, int, int, int, int]:
    """Word ranges of the aligned passage around a chain of seeds, and its shared words."""
    a_lo = max(0, chain[0][0] - CONTEXT)
    a_hi = min(len(a.tokens), chain[-1][0] + NGRAM + CONTEXT)
    b_positions = [pos_b for _, pos_b in chain]
    b_lo = max(0, min(b_positions) - CONTEXT)
    b_hi = min(len(b.tokens), max(b_positions) + NGRAM + CONTEXT)
    matcher = SequenceMatcher(None, a.tokens[a_lo:a_hi], b.tokens[b_lo:b_hi], autojunk=False)
    runs = [m for m in matcher.get_matching_blocks() if m.size >= MIN_RUN]
    if not runs:
        return 0, 0, 0, 0, 0
    shared = sum(run.size for run in runs)
    first, last = runs[0], runs[-1]
    return (
        a_lo + first.a,
        a_lo + last.a + last.size,
        b_lo + first.b,
        b_lo + last.b + last.size,
        shared,
    )


def align_pair(a: Words, b: Words, seeds: list[tuple[int, int]]) -> list[Passage]:
    """The verified reused passages of a candidate pair (word ranges turned into offsets)."""
    passages: list[Passage] = []
    for chain in _chains(seeds):
        a_from, a_to, b_from, b_to, shared = _align(a, b, chain)
        if shared < NGRAM:
            continue
        passages.append(
            Passage(
                a.spans[a_from][0],
                a.spans[a_to - 1][1],
                b.spans[b_from][0],
                b.spans[b_to - 1][1],
                shared,
            )
        )
    return _without_overlaps(passages)


def _without_overlaps(passages: list[Passage]) -> list[Passage]:
    """Keep the larger of passages overlapping in either text (chains can re-find a run)."""
    kept: list[Passage] = []
    for passage in sorted(passages, key=lambda p: -p.shared_words):
        clash = any(
            (p.a_start < passage.a_end and passage.a_start < p.a_end)
            or (p.b_start < passage.b_end and passage.b_start < p.b_end)
            for p in kept
        )
        if not clash:
            kept.append(passage)
    return sorted(kept, key=lambda p: p.a_start)


def _covered_words(words: Words, ranges: Iterable[tuple[int, int]]) -> int:
    ranges = sorted(ranges)
    return sum(1 for start, end in words.spans if any(s <= start and end <= e for s, e in ranges))


def _pair(key_a, a: Words, key_b, b: Words, passages: list[Passage]) -> PairReuse:
    """The pair with the lower key first, its passages and both shares."""
    if key_b < key_a:
        key_a, a, key_b, b = key_b, b, key_a, a
        passages = sorted(
            (Passage(p.b_start, p.b_end, p.a_start, p.a_end, p.shared_words) for p in passages),
            key=lambda p: p.a_start,
        )
    a_covered = _covered_words(a, [(p.a_start, p.a_end) for p in passages])
    b_covered = _covered_words(b, [(p.b_start, p.b_end) for p in passages])
    return PairReuse(
        key_a,
        key_b,
        tuple(passages),
        a_covered / max(len(a.tokens), 1),
        b_covered / max(len(b.tokens), 1),
    )


def _verified(a: Words, b: Words, seeds: list[tuple[int, int]]) -> list[Passage] | None:
    passages = align_pair(a, b, seeds)
    return passages if sum(p.shared_words for p in passages) >= MIN_SHARED_WORDS else None


def find_reuse(texts: Mapping[int, str]) -> list[PairReuse]:
    """Every pair of texts that share at least ``MIN_SHARED_WORDS`` aligned words."""
    words = {key: Words.of(text) for key, text in texts.items()}
    found: list[PairReuse] = []
    for (key_a, key_b), seeds in candidate_pairs(words).items():
        passages = _verified(words[key_a], words[key_b], seeds)
        if passages:
            found.append(_pair(key_a, words[key_a], key_b, words[key_b], passages))
    return sorted(found, key=lambda pair: (pair.a, pair.b))


def _streamed_seeds(
    new_texts: Mapping[Hashable, str], others: Iterable[tuple[Hashable, str]]
) -> Iterator[tuple[Hashable, Words, Hashable, Words, list[tuple[int, int]]]]:
    """(new key, its words, other key, its words, seeds) for every text of ``others`` sharing
    a 5-gram with a new text; ``others`` are read once (a whole corpus can stream through).
    """
    new_words = {key: Words.of(text) for key, text in new_texts.items()}
    index: dict[int, list[tuple[Hashable, int]]] = defaultdict(list)
    for key, words in new_words.items():
        for position, gram in words.grams():
            index[gram].append((key, position))
    for other_key, text in others:
        words = Words.of(text)
        seeds: dict[Hashable, list[tuple[int, int]]] = defaultdict(list)
        for position, gram in words.grams():
            for key, new_position in index.get(gram, ()):
                seeds[key].append((new_position, position))
        for key, pair_seeds in seeds.items():
            yield key, new_words[key], other_key, words, pair_seeds


def reuse_against(
    new_texts: Mapping[Hashable, str], others: Iterable[tuple[int, str]]
) -> dict[Hashable, list[tuple[int, float]]]:
    """For texts not stored yet: which of ``others`` each shares passages with, and the share
    of the new text found there (largest first).
    """
    found: dict[Hashable, list[tuple[int, float]]] = {key: [] for key in new_texts}
    for key, words, other_key, other_words, seeds in _streamed_seeds(new_texts, others):
        passages = _verified(words, other_words, seeds)
        if not passages:
            continue
        covered = _covered_words(words, [(p.a_start, p.a_end) for p in passages])
        found[key].append((other_key, covered / max(len(words.tokens), 1)))
    return {key: sorted(hits, key=lambda hit: -hit[1]) for key, hits in found.items()}


def reuse_of(changed: Mapping[int, str], corpus: Iterable[tuple[int, str]]) -> list[PairReuse]:
    """The pairs involving the ``changed`` texts, found by streaming the whole ``corpus``
    (which may include them) once: what an edit or a new article needs, without
    recomputing every other pair.
    """
    found: dict[tuple[int, int], PairReuse] = {}
    for key, words, other_key, other_words, seeds in _streamed_seeds(changed, corpus):
        if other_key == key or (other_key in changed and other_key < key):
            continue  # itself, or a pair of two changed texts already found the other way
        if other_key < key:  # aligned as a full recomputation aligns it: lower key first
            key, words, other_key, other_words = other_key, other_words, key, words
            seeds = [(b, a) for a, b in seeds]
        passages = _verified(words, other_words, seeds)
        if passages:
            pair = _pair(key, words, other_key, other_words, passages)
            found[(pair.a, pair.b)] = pair
    return [found[key] for key in sorted(found)]
