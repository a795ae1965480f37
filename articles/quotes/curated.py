"""The summit's curated speakers, which the quote pipeline is given as data.

``articles/data/curated_speakers.json`` lists them (its ``about`` says what belongs there);
the engine (``newsnlp.quotes.speakers``) holds no name of this coverage. No Django here:
benchmarks and tests build the same gazetteer the app does.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from newsnlp.quotes.speakers import Entity, Gazetteer, load_curated

CURATED_SPEAKERS = Path(__file__).resolve().parent.parent / "data" / "curated_speakers.json"


@lru_cache(maxsize=1)
def curated_speakers() -> tuple[Entity, ...]:
    return tuple(load_curated(CURATED_SPEAKERS))


def summit_gazetteer(known: dict[str, Entity] | None = None) -> Gazetteer:
    """The gazetteer of this coverage: the curated speakers, then the aliases ``known``."""
    return Gazetteer(known, curated_speakers())
