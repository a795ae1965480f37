"""Agreement between coders (issue 32), as plain functions: α per theme over word units equals
the ``krippendorff`` package's on matrices written out by hand, and span agreement says
where coders differ. No database."""

from __future__ import annotations

import math
import re

import krippendorff
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsnlp.agreement import (
    ArticleCoding,
    CodedSpan,
    alpha_of,
    coded_words,
    round_agreement,
    span_pairs,
    word_units,
)

BODY = "Gas flows east. Oil flows west, and coal stays home. Talks resume in June."
# Words:  0 Gas 1 flows 2 east 3 Oil 4 flows 5 west 6 and 7 coal 8 stays 9 home 10 Talks
#         11 resume 12 in 13 June
NAN = math.nan


def span(coder: str, phrase: str, *themes: str) -> CodedSpan:
    start = BODY.index(phrase)
    return CodedSpan(coder, start, start + len(phrase), frozenset(themes))


def article(*spans: CodedSpan, done=("ann", "ben")) -> ArticleCoding:
    return ArticleCoding("1", BODY, frozenset(done), tuple(spans))


def expected(*rows: list[float]) -> float:
    return krippendorff.alpha(reliability_data=list(rows), level_of_measurement="nominal")


def words(*indices: int) -> list[float]:
    return [1.0 if index in indices else 0.0 for index in range(14)]


def energy_alpha(*spans: CodedSpan, done=("ann", "ben"), coders=("ann", "ben")):
    return round_agreement([article(*spans, done=done)], coders, ["energy"])["themes"]["energy"]


def test_the_units_are_the_words_in_order():
    assert len(word_units(BODY)) == 14
    assert BODY[slice(*word_units(BODY)[7])] == "coal"


def test_a_span_codes_every_word_it_touches_even_in_part():
    partly = CodedSpan("ann", BODY.index("ast"), BODY.index("Oil") + 1, frozenset({"energy"}))
    assert coded_words(word_units(BODY), [partly]) == [int(v) for v in words(2, 3)]


def test_full_agreement_is_one():
    spans = [span("ann", "Oil flows west", "energy"), span("ben", "Oil flows west", "energy")]
    found = energy_alpha(*spans)
    assert found == {"alpha": 1.0, "units": 14, "coders": 2}


def test_no_agreement_matches_the_package():
    found = energy_alpha(span("ann", "Gas flows east", "energy"), span("ben", "coal", "energy"))
    assert found["alpha"] == pytest.approx(expected(words(0, 1, 2), words(7)), abs=1e-9)
    assert found["alpha"] < 0


def test_partial_agreement_matches_the_package():
    found = energy_alpha(
        span("ann", "Gas flows east. Oil", "energy"), span("ben", "Oil flows west", "energy")
    )
    assert found["alpha"] == pytest.approx(expected(words(0, 1, 2, 3), words(3, 4, 5)), abs=1e-9)


def test_a_theme_only_one_coder_used_and_a_coder_who_tagged_nothing():
    result = round_agreement(
        [article(span("ann", "Talks resume", "ukraine"), span("ann", "coal", "energy"),
                 span("ben", "coal", "energy"))],
        ["ann", "ben"], ["energy", "ukraine"],
    )  # fmt: skip
    assert result["themes"]["energy"]["alpha"] == 1.0
    assert result["themes"]["ukraine"]["alpha"] == pytest.approx(
        expected(words(10, 11), words()), abs=1e-9
    )
    nothing = energy_alpha(span("ann", "coal", "energy"))  # ben tagged nothing
    assert nothing["alpha"] == pytest.approx(expected(words(7), words()), abs=1e-9)


def test_a_coder_not_done_is_missing_not_zero():
    spans = [span("ann", "coal", "energy"), span("ben", "coal", "energy"),
             span("cy", "Gas", "energy")]  # fmt: skip
    found = energy_alpha(*spans, done=("ann", "ben"), coders=("ann", "ben", "cy"))
    assert found == {"alpha": 1.0, "units": 14, "coders": 2}
    with_cy = energy_alpha(*spans, done=("ann", "ben", "cy"), coders=("ann", "ben", "cy"))
    assert with_cy["alpha"] == pytest.approx(expected(words(7), words(7), words(0)), abs=1e-9)
    alone = energy_alpha(*spans, done=("ann",), coders=("ann", "ben", "cy"))
    assert alone == {"alpha": None, "units": 14, "coders": 1}


def test_no_variation_has_no_alpha():
    assert energy_alpha() == {"alpha": None, "units": 14, "coders": 2}


def test_overall_pools_every_theme_and_word():
    result = round_agreement(
        [article(span("ann", "coal", "energy", "ukraine"), span("ben", "coal", "energy"))],
        ["ann", "ben"], ["energy", "ukraine"],
    )  # fmt: skip
    pooled = expected(words(7) + words(7), words(7) + words())
    assert result["overall"]["units"] == 28
    assert result["overall"]["alpha"] == pytest.approx(pooled, abs=1e-9)


def test_span_agreement_counts_overlaps_of_half_the_shorter_span():
    spans = [
        span("ann", "Gas flows east", "energy"),  # ben's "flows east. Oil" covers over half
        span("ann", "Talks resume in June", "energy"),  # ben's "June" is all of the shorter
        span("ann", "coal stays home", "energy"),  # nothing of ben's
        span("ben", "flows east. Oil", "energy"),
        span("ben", "June", "energy"),
    ]
    (pair,) = span_pairs([article(*spans)], ["ann", "ben"], ["energy"])
    assert (pair.coders, pair.recall, pair.precision) == (("ann", "ben"), 2 / 3, 1.0)
    assert pair.f1 == pytest.approx(0.8)


def test_span_agreement_is_none_where_a_side_has_nothing():
    (pair,) = span_pairs([article(span("ann", "coal", "energy"))], ["ann", "ben"], ["energy"])
    assert (pair.recall, pair.precision, pair.f1) == (0.0, None, None)


WORDS_OF_BODY = [m.span() for m in re.finditer(r"\w+", BODY)]


def _reference_codes(spans: list[tuple[int, int]]) -> list[float]:
    """Character by character: a word is coded when any of its characters is in a span."""
    covered = {i for start, end in spans for i in range(start, end)}
    return [1.0 if covered & set(range(s, e)) else 0.0 for s, e in WORDS_OF_BODY]


spans_strategy = st.lists(
    st.tuples(st.integers(0, len(BODY) - 1), st.integers(1, 30)).map(
        lambda t: (t[0], min(len(BODY), t[0] + t[1]))
    ),
    max_size=4,
)


@settings(max_examples=150, deadline=None)
@given(ann=spans_strategy, ben=spans_strategy, cy=spans_strategy, cy_done=st.booleans())
def test_alpha_equals_the_package_on_any_highlights(ann, ben, cy, cy_done):
    coding = {"ann": ann, "ben": ben, "cy": cy}
    spans = [CodedSpan(coder, start, end, frozenset({"energy"}))
             for coder, found in coding.items() for start, end in found]  # fmt: skip
    done = ("ann", "ben", "cy") if cy_done else ("ann", "ben")
    found = energy_alpha(*spans, done=done, coders=("ann", "ben", "cy"))
    rows = [_reference_codes(coding[c]) if c in done else [NAN] * 14 for c in ("ann", "ben", "cy")]
    try:
        reference = krippendorff.alpha(reliability_data=rows, level_of_measurement="nominal")
    except ValueError:
        reference = None
    if reference is None or math.isnan(reference):
        assert found["alpha"] is None
    else:
        assert found["alpha"] == pytest.approx(reference, abs=1e-9)
    assert alpha_of(rows).alpha == found["alpha"]


def test_spans_overlapping_exactly_half_the_shorter_are_found_touching_ones_are_not():
    half = [span("ann", "Gas flows", "energy"), CodedSpan("ben", 4, 13, frozenset({"energy"}))]
    (pair,) = span_pairs([article(*half)], ["ann", "ben"], ["energy"])
    # "Gas flows" is 9 characters, ben's span 9 from "flows east": 5 shared, over half.
    assert (pair.recall, pair.precision) == (1.0, 1.0)
    exactly = [CodedSpan("ann", 0, 4, frozenset({"energy"})),
               CodedSpan("ben", 2, 10, frozenset({"energy"}))]  # fmt: skip
    (pair,) = span_pairs([article(*exactly)], ["ann", "ben"], ["energy"])
    assert pair.recall == 1.0  # 2 shared of the shorter's 4: exactly half counts
    touching = [CodedSpan("ann", 0, 3, frozenset({"energy"})),
                CodedSpan("ben", 3, 9, frozenset({"energy"}))]  # fmt: skip
    (pair,) = span_pairs([article(*touching)], ["ann", "ben"], ["energy"])
    assert (pair.recall, pair.precision, pair.f1) == (0.0, 0.0, 0.0)
    short = [CodedSpan("ann", 0, 5, frozenset({"energy"})),
             CodedSpan("ben", 3, 9, frozenset({"energy"}))]  # fmt: skip
    (pair,) = span_pairs([article(*short)], ["ann", "ben"], ["energy"])
    assert pair.recall == 0.0  # 2 shared of the shorter's 5: under half


def test_f1_is_the_harmonic_mean():
    spans = [span("ann", "Gas", "energy"), span("ann", "coal", "energy"),
             span("ben", "Gas", "energy")]  # fmt: skip
    (pair,) = span_pairs([article(*spans)], ["ann", "ben"], ["energy"])
    assert (pair.recall, pair.precision) == (0.5, 1.0)
    assert pair.f1 == pytest.approx(2 * 0.5 * 1.0 / 1.5)
