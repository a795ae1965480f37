"""Re-anchoring under random edits (Hypothesis): a highlight lands on the same words or is
orphaned (None), never on a wrong place. No database."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsnlp.anchoring import anchor_for, reanchor

# The filler is lower case and the highlight upper case: edits made of filler can never
# create a second occurrence of the highlighted words, so there is one right answer, and
# once the highlight is deleted nothing like it is left.
FILLER = st.text(alphabet="abcdefghij ,.\n", min_size=0, max_size=60)
MARKED = st.text(alphabet="KLMNOPRS ", min_size=1, max_size=20).map(lambda s: f"Q{s}Q")


@st.composite
def article_with_highlight(draw):
    before, marked, after = draw(FILLER), draw(MARKED), draw(FILLER)
    return before + marked + after, len(before), len(before) + len(marked)


@st.composite
def edits_outside(draw, body: str, start: int, end: int):
    """Up to five insertions or deletions of filler, none touching [start, end)."""
    for _ in range(draw(st.integers(0, 5))):
        if draw(st.booleans()):
            at = draw(st.sampled_from([*range(0, start + 1), *range(end, len(body) + 1)]))
            insert = draw(FILLER)
            body = body[:at] + insert + body[at:]
            if at <= start:
                start, end = start + len(insert), end + len(insert)
        else:
            gaps = [(0, start), (end, len(body))]
            low, high = draw(st.sampled_from([g for g in gaps if g[1] > g[0]] or [(0, 0)]))
            if high <= low:
                continue
            cut = draw(st.integers(low, high - 1))
            length = draw(st.integers(1, high - cut))
            body = body[:cut] + body[cut + length :]
            if cut < start:
                start, end = start - length, end - length
    return body, start, end


@settings(max_examples=300, deadline=None)
@given(data=st.data(), placed=article_with_highlight())
def test_edits_around_a_highlight_keep_it_on_the_same_words(data, placed):
    body, start, end = placed
    anchor = anchor_for(body, start, end)
    edited, new_start, new_end = data.draw(edits_outside(body, start, end))
    result = reanchor(edited, anchor)
    assert result is not None  # the words are there, once: never orphaned
    assert (result.start, result.end) == (new_start, new_end)
    assert edited[result.start : result.end] == anchor.exact


@settings(max_examples=300, deadline=None)
@given(data=st.data(), placed=article_with_highlight())
def test_a_highlight_edited_inside_lands_where_it_was_or_nowhere(data, placed):
    """Characters of the highlight itself replaced: fuzzy matching may find it, but a
    placement is always over (part of) where the highlight now is."""
    body, start, end = placed
    anchor = anchor_for(body, start, end)
    inside = data.draw(st.integers(start, end - 1))
    replacement = data.draw(st.text(alphabet="klmnop", min_size=1, max_size=6))
    edited = body[:inside] + replacement + body[inside + 1 :]
    result = reanchor(edited, anchor)
    if result is not None:
        new_end = end - 1 + len(replacement)
        assert result.start < new_end  # overlaps the edited highlight …
        assert result.end > start  # … from either side


@settings(max_examples=200, deadline=None)
@given(placed=article_with_highlight(), gone=st.booleans())
def test_a_deleted_highlight_is_orphaned(placed, gone):
    body, start, end = placed
    anchor = anchor_for(body, start, end)
    edited = body[:start] + body[end:] if gone else body
    result = reanchor(edited, anchor)
    if gone:
        assert result is None
    else:
        assert result is not None
        assert (result.start, result.end, result.method) == (start, end, "position")
