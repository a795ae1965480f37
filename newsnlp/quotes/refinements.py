"""The refinements of attribution that resolve what the article itself says, each one
switchable, so that ``make bench-attribution`` can show what each changes on text it was
developed on (quotes fixed and broken) rather than one figure for all of them together."""

from __future__ import annotations

from enum import StrEnum


class Refinement(StrEnum):
    # A quote inside "X said/recalled that …" whose own speaker is "they", "both", "the
    # two": X's report, spoken by X.
    REPORTED_CLAUSE = "reported-clause"
    # "the Kremlin chief", "the Indian premier", "the agency", "the statement": resolved
    # against what the article says each person, organisation and document is.
    DESCRIPTIONS = "descriptions"
    # "According to X, …" carried into the next sentence: its quote and its "he added".
    CARRIED_SOURCE = "carried-source"
    # A closing mark typed as an opening one (“… “) closes the quote instead of opening a
    # fake one that takes the next sentence's subject.
    MALFORMED_MARKS = "malformed-marks"


ALL = frozenset(Refinement)
