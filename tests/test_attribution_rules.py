"""What each attribution rule tells the reader: speaker, rule, cue word and confidence.

The quote row and the exports show all four ("automatic, confidence 0.90", "Attributed by
the rule speech-verb"), so each rule's answer is asserted whole, on made-up sentences (not
the summit's coverage), one or more per rule and per way into it. Spacy, no database.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articles.quotes.curated import summit_gazetteer
from newsnlp.quotes.attribution import _ends_with_colon
from newsnlp.quotes.extraction import _ArticleExtractor, extract_from_doc
from newsnlp.quotes.nearby import Attribution
from newsnlp.quotes.refinements import ALL


@pytest.fixture(scope="module")
def attributed(nlp):
    def run(text: str) -> list[tuple]:
        result = extract_from_doc(nlp(text), summit_gazetteer())
        return [
            (q.speaker.name if q.speaker else None, q.rule, q.cue, q.confidence, q.source)
            for q in result.quotes
        ]

    return run


MARSH = "Helen Marsh"
OKAFOR = "Daniel Okafor"
STATEMENT = "China-Russia joint statement"
INTRO = "The China-Russia joint statement was published on Thursday. "

CASES = [
    # speech-verb: the verb's subject, in any order, with the verb as the cue
    (
        "“We will not back down,” Helen Marsh said on Monday.",
        [(MARSH, "speech-verb", "said", 0.9, "")],
    ),
    ("Helen Marsh said, “We will not back down.”", [(MARSH, "speech-verb", "said", 0.9, "")]),
    ("“We are ready,” said Helen Marsh.", [(MARSH, "speech-verb", "said", 0.9, "")]),
    (
        "Helen Marsh, who leads the union, told reporters: “We are ready.”",
        [(MARSH, "speech-verb", "told", 0.9, "")],
    ),
    (
        "Helen Marsh called the proposal “a dangerous gamble.”",
        [(MARSH, "speech-verb", "called", 0.9, "")],
    ),
    (
        "Helen Marsh said the talks had stalled and “nobody will back down.”",
        [(MARSH, "speech-verb", "said", 0.9, "")],
    ),
    (
        "Speaking to reporters, Helen Marsh said the union “will not back down.”",
        [(MARSH, "speech-verb", "said", 0.9, "")],
    ),
    (
        "Helen Marsh wrote in her letter that the plan was “a dangerous gamble.”",
        [(MARSH, "speech-verb", "wrote", 0.9, "")],
    ),
    (
        "Yepez said Perez was right to urge leaders “to stand up for the poor.”",
        [("Yepez", "speech-verb", "said", 0.9, "")],
    ),
    ("“Are we ready?” Helen Marsh asked.", [(MARSH, "speech-verb", "asked", 0.85, "")]),
    ("Helen Marsh said:\n\n“We are ready.”", [(MARSH, "speech-verb", "said", 0.9, "")]),
    # of two verbs of speech, the one nearest the quotation speaks it
    (
        "Helen Marsh said that Tom Reed told the meeting: “We will not back down.”",
        [("Tom Reed", "speech-verb", "told", 0.9, "")],
    ),
    # a quotation split by its verb: both halves are the speaker's
    (
        "Tom Reed spoke. “We are ready,” Helen Marsh said, “and so is the union.”",
        [(MARSH, "speech-verb", "said", 0.9, ""), (MARSH, "speech-verb", "said", 0.9, "")],
    ),
    # a document the speech verb is "in" speaks when its subject names nobody
    (
        INTRO + "“Trade will double,” it said in the statement.",
        [(STATEMENT, "speech-verb", "said", 0.7, "")],
    ),
    (
        INTRO + "“Trade will double,” officials said in the joint statement.",
        [(STATEMENT, "speech-verb", "said", 0.7, "")],
    ),
    (
        INTRO + "“Trade will double,” was said in the joint statement.",
        [(STATEMENT, "speech-verb", "said", 0.7, "")],
    ),
    (
        "“Nothing is off the table,” Helen Marsh said on Monday, “and we are ready.”",
        [(MARSH, "speech-verb", "said", 0.9, ""), (MARSH, "speech-verb", "said", 0.9, "")],
    ),
    (
        "Asked about the plan, Helen Marsh said “We are ready.”",
        [(MARSH, "speech-verb", "said", 0.9, "")],
    ),
    (
        INTRO + "“Trade will double,” it said in a statement.",
        [(STATEMENT, "speech-verb", "said", 0.7, "")],
    ),
    # "in" something that is no document: nobody
    (INTRO + "“Trade will double,” it said on Thursday.", [(None, "none", "", 0.0, "")]),
    # "of" a statement is about it, and "in" a place is no document: nobody named
    (INTRO + "“Trade will double,” it said of the statement.", [(None, "none", "", 0.0, "")]),
    (INTRO + "“Trade will double,” it said in Beijing.", [(None, "none", "", 0.0, "")]),
    (
        "Helen Marsh said the union is “ready for anything.”",
        [(MARSH, "speech-verb", "said", 0.9, "")],
    ),
    # a publication introducing its own headline: not a quotation at all
    ("The Economist argued, “The plan is doomed.”", []),
    (
        "“Trade will double,” according to Daniel Okafor.",
        [(OKAFOR, "according-to", "according to", 0.85, "")],
    ),
    (
        "Helen Marsh insisted, as she had for weeks, that “nobody will back down.”",
        [(MARSH, "speech-verb", "insisted", 0.9, "")],
    ),
    (
        "Reached by phone, Helen Marsh said only: “We are ready.”",
        [(MARSH, "speech-verb", "said", 0.9, "")],
    ),
    (
        "When Daniel Okafor said so, the board was trying to make them “an offer they cannot "
        "refuse.”",
        [(None, "none", "", 0.0, "")],
    ),
    # speaking at another time is not saying these words ("when", not "as")
    (
        "When Daniel Okafor spoke, the board was trying to make them “an offer they cannot "
        "refuse.”",
        [(None, "none", "", 0.0, "")],
    ),
    # pronoun: carried from the sentence before
    ("Helen Marsh spoke first. “We are ready,” she said.", [(MARSH, "pronoun", "said", 0.8, "")]),
    # unnamed: somebody the article does not name; kept as described, no speaker
    (
        "“Nothing has changed,” said a senior adviser to the minister.",
        [(None, "unnamed", "said", 0.5, "a senior adviser to the minister")],
    ),
    (
        "“The plan is sound,” the newspaper noted.",
        [(None, "unnamed", "noted", 0.5, "the newspaper")],
    ),
    # spoken to, by somebody not named: nobody
    ("Helen Marsh was asked, “Are you ready?”", [(None, "none", "", 0.0, "")]),
    # according-to, "as X put it", whose words
    (
        "The deal was “all but done,” according to Daniel Okafor.",
        [(OKAFOR, "according-to", "according to", 0.85, "")],
    ),
    (
        "As Daniel Okafor put it, the board is trying to make them “an offer they cannot refuse.”",
        [(OKAFOR, "according-to", "as … put", 0.8, "")],
    ),
    (
        "Daniel Okafor's answer was that “nobody will back down.”",
        [(OKAFOR, "according-to", "Okafor answer", 0.75, "")],
    ),
    (
        "From Daniel Okafor's post: “Nobody will back down.”",
        [(OKAFOR, "according-to", "Okafor post", 0.75, "")],
    ),
    (
        "Helen Marsh's warning was blunt: “Nobody will back down.”",
        [(MARSH, "according-to", "Marsh warning", 0.75, "")],
    ),
    (
        "Despite the comments, Daniel Okafor's answer was that “nobody will back down.”",
        [(OKAFOR, "according-to", "Okafor answer", 0.75, "")],
    ),
    # words without an owner ("the Okafor answer" is no one's possessive): nobody
    ("The Okafor answer was that “nobody will back down.”", [(None, "none", "", 0.0, "")]),
    # whose words, but nobody fits; and words that are not what the quote is
    ("The senator's answer was that “nobody will back down.”", [(None, "none", "", 0.0, "")]),
    ("Helen Marsh's comments could fuel “a dangerous gamble.”", [(None, "none", "", 0.0, "")]),
    # continuation: a verb without a subject of its own continues the one before
    (
        "“We are ready,” said Helen Marsh, adding that “nothing is off the table.”",
        [(MARSH, "speech-verb", "said", 0.9, ""), (MARSH, "continuation", "adding", 0.75, "")],
    ),
    (
        "Helen Marsh spoke to the crowd and said, “We are ready.”",
        [(MARSH, "continuation", "said", 0.75, "")],
    ),
    ("Helen Marsh went on to say, “We are ready.”", [(MARSH, "continuation", "say", 0.75, "")]),
    (
        "Helen Marsh shrugged it off, telling reporters, “We are ready.”",
        [(MARSH, "continuation", "telling", 0.75, "")],
    ),
    (
        "Yepez said Clinton will have to choose, saying “the time is now.”",
        [("Yepez", "continuation", "saying", 0.75, "")],
    ),
    (
        "Helen Marsh arrived late, saying “We are ready.”",
        [(MARSH, "continuation", "saying", 0.75, "")],
    ),
    ("Helen Marsh wants to say “We are ready.”", [(MARSH, "continuation", "say", 0.75, "")]),
    (
        "Helen Marsh said she would keep saying “We are ready.”",
        [(MARSH, "continuation", "saying", 0.75, "")],
    ),
    (
        "Helen Marsh stood. “We are ready,” she said, adding: “Nothing is off the table.”",
        [(MARSH, "pronoun", "said", 0.8, ""), (MARSH, "pronoun", "adding", 0.8, "")],
    ),
    (
        "Helen Marsh wrote to the board, insisting “We are ready.”",
        [(MARSH, "continuation", "insisting", 0.75, "")],
    ),
    # colon: a paragraph ending in a colon introduces the next
    (
        "Daniel Okafor put it plainly:\n\n“Nobody will back down.”",
        [(OKAFOR, "colon", "put", 0.8, "")],
    ),
    # subject: a partial quote belongs to its clause's subject, or to who reports the clause
    ("Helen Marsh has long wanted “a fair deal for workers.”", [(MARSH, "subject", "", 0.75, "")]),
    ("Helen Marsh wants to reach “a fair deal for workers.”", [(MARSH, "subject", "", 0.75, "")]),
    (
        "Helen Marsh is questioning whether the plan is “a dangerous gamble.”",
        [(MARSH, "subject", "", 0.75, "")],
    ),
    (
        "Helen Marsh issued a statement saying the plan was “a dangerous gamble.”",
        [(MARSH, "subject", "", 0.75, "")],
    ),
    ("Helen Marsh “reaffirmed her support for the plan.”", [(MARSH, "subject", "", 0.75, "")]),
    ("Helen Marsh “is ready to sign the deal.”", [(MARSH, "subject", "", 0.75, "")]),
    ("Helen Marsh left the room after saying “We are ready.”", [(MARSH, "subject", "", 0.75, "")]),
    ("Helen Marsh is “ready for anything.”", [(MARSH, "subject", "", 0.75, "")]),
    # neighbour: the sentence before or after says who speaks
    ("Helen Marsh agreed. “Nothing is off the table.”", [(MARSH, "neighbour", "agreed", 0.65, "")]),
    (
        "“Nothing is off the table.” That is according to Helen Marsh.",
        [(MARSH, "neighbour", "according to", 0.65, "")],
    ),
    ("Helen Marsh said.\n\n“We are ready.”", [(MARSH, "neighbour", "said", 0.65, "")]),
    # quoted-again: a quotation standing alone continues the previous speaker
    (
        "“We are ready,” Helen Marsh said. “Nothing is off the table.”",
        [(MARSH, "speech-verb", "said", 0.9, ""), (MARSH, "quoted-again", "", 0.6, "")],
    ),
    # terms: a label, not somebody's words
    ("They signed a so-called “friendship treaty” on Monday.", [(None, "term", "", 0.0, "")]),
    ("They signed a so called “friendship treaty” on Monday.", [(None, "term", "", 0.0, "")]),
    ("They celebrated their “no limits” partnership.", [(None, "term", "", 0.0, "")]),
    ("So-called “peace talks” resumed on Monday.", [(None, "term", "", 0.0, "")]),
    ("They signed a “strategic partnership” agreement.", [(None, "term", "", 0.0, "")]),
    ("They backed the “new era” statement.", [(None, "term", "", 0.0, "")]),
    ("They praised a “very bold” plan.", [(None, "term", "", 0.0, "")]),
    ("They met the “very powerful” Putin.", [(None, "term", "", 0.0, "")]),
]


def case_id(number: int, text: str, expected: list[tuple]) -> str:
    """Plain ASCII (mutmut passes test ids back to pytest): number, rule, first words."""
    words = "-".join(re.findall(r"[A-Za-z]+", text)[:5])
    rule = expected[0][1] if expected else "no-quote"
    return f"{number:02d}-{rule}-{words}"


@pytest.mark.parametrize(
    ("text", "expected"), CASES, ids=[case_id(n, *case) for n, case in enumerate(CASES)]
)
def test_each_rule_says_who_how_and_how_sure(attributed, text, expected):
    assert attributed(text) == expected


def test_a_quote_right_after_a_colon_paragraph_is_not_taken_across_any_other_break(attributed):
    """The colon is what lets a speaker reach across a paragraph break; a full stop does not."""
    assert attributed(
        "Daniel Okafor put it plainly.\n\nThe board met. “Nobody will back down.”"
    ) == [(None, "none", "", 0.0, "")]


@given(
    st.text(alphabet=st.sampled_from("ab:. \n\t"), max_size=12),
    st.integers(min_value=0, max_value=14),
)
def test_ends_with_colon_reads_past_spaces_only(text, end):
    end = min(end, len(text))
    assert _ends_with_colon(text, end) == text[:end].rstrip().endswith(":")


def test_a_publication_introducing_its_headline_is_no_speaker(nlp):
    """ "The Economist argued, “…”": the rule says so (cue, no confidence), and the quote,
    a headline, is not listed."""
    text = "The Economist argued, “The port is the future of the region.”"
    extractor = _ArticleExtractor(nlp(text), summit_gazetteer(), ALL)
    (span,) = extractor.direct_spans
    assert extractor.attributor.attribute(span, span.kind) == Attribution(
        None, "headline", "argued", 0.0
    )
    assert extract_from_doc(nlp(text), summit_gazetteer()).quotes == []
