"""Offsets under random text (Hypothesis): every quote span and paragraph the engine
reports points at the text it claims, inside the body, in order. No database."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from newsnlp.quotes.extraction import extract_from_doc
from newsnlp.quotes.spans import find_block_quotes, find_direct_quotes, paragraphs_of
from newsnlp.quotes.speakers import Gazetteer

# Words, spaces, sentence ends, line breaks and every kind of quotation mark the finder reads.
PIECES = st.sampled_from(
    ["Putin", "said", "the", "talks", "were", "warm", "and", "Xi", "“", "”", '"', "‘", "’",
     "'", "«", "»", "„", " ", " ", " ", ". ", ", ", ": ", "\n", "\n\n", "—", "…", "😀"]
)  # fmt: skip
BODIES = st.lists(PIECES, max_size=80).map("".join)


@settings(max_examples=400, deadline=None)
@given(body=BODIES)
def test_every_quote_span_points_at_its_text(body):
    spans = find_direct_quotes(body)
    outer = [(s.outer_start, s.outer_end) for s in spans]
    assert outer == sorted(outer)  # in the order of the text
    misplaced = [
        s
        for s in spans
        if not (0 <= s.outer_start <= s.start < s.end <= s.outer_end <= len(body))
        or s.text_in(body) != body[s.start : s.end]
        or not body[s.start : s.end].strip()
    ]
    assert misplaced == []
    overlapping = [(a, b) for a, b in pairwise(outer) if b[0] < a[1]]
    assert overlapping == []


@settings(max_examples=300, deadline=None)
@given(body=BODIES)
def test_paragraphs_and_block_quotes_point_at_their_text(body):
    paragraphs = paragraphs_of(body)
    assert [p.text for p in paragraphs] == [body[p.start : p.end] for p in paragraphs]
    assert [p.start for p in paragraphs] == sorted(p.start for p in paragraphs)
    blocks = find_block_quotes(body)
    assert [s.text_in(body) for s, _ in blocks] == [body[s.start : s.end] for s, _ in blocks]


def test_the_generator_does_produce_quotations():
    """The properties above are not vacuous: text of this kind holds spans to check."""
    assert len(find_direct_quotes("Putin said “the talks were warm” and Xi, “warm.”")) == 2


@settings(max_examples=100, deadline=None)
@given(body=BODIES)
def test_every_extracted_quote_and_mention_points_at_its_text(nlp, body):
    result = extract_from_doc(nlp(body), Gazetteer())
    quotes = [(q.start, q.end, q.text) for q in result.quotes]
    assert [(s, e, body[s:e]) for s, e, _ in quotes] == quotes
    mentions = [(m.start, m.end, m.text) for m in result.mentions]
    assert [(s, e, body[s:e]) for s, e, _ in mentions] == mentions
