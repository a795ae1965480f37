"""Attribution that resolves what the article itself says (issue 29's five causes), in
sentences written for these tests about other events than the summit, with no curated
speakers: spaCy, no database. Each cause is also run with its refinement switched off, so
the test shows that refinement is what names the speaker (and the bench's per-refinement
counts mean what they say)."""

from __future__ import annotations

import json

import pytest

from newsnlp.quotes.descriptors import PLACES_FILE, agrees, country_of, fits_office
from newsnlp.quotes.extraction import extract_all, extract_from_doc
from newsnlp.quotes.refinements import ALL, Refinement
from newsnlp.quotes.spans import find_direct_quotes
from newsnlp.quotes.speakers import Gazetteer, looks_like_a_name


@pytest.fixture(scope="module")
def speakers(nlp):
    def run(text: str, refinements=ALL) -> list[str | None]:
        result = extract_from_doc(nlp(text), Gazetteer(), refinements)
        return [q.speaker.name if q.speaker else None for q in result.quotes]

    return run


def _check(speakers, text: str, speaker: str, refinement: Refinement) -> None:
    assert speakers(text) == [speaker]
    assert speakers(text, ALL - {refinement}) != [speaker]


# 1. A quote inside what somebody reports, spoken by "they", "both", "the two": the reporter.
@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Senator Maria Cantwell and Senator Ted Cruz spoke at the hearing. Analyst Paul "
            "Kline recalled that they had called the bill “a bridge to nowhere” years ago.",
            "Paul Kline",
        ),
        (
            "Chancellor Olaf Scholz and President Emmanuel Macron met in Paris. Finance minister "
            "Christian Lindner said both sides described the budget as “a calm path to recovery.”",
            "Christian Lindner",
        ),
        (
            "Coach Mia Berg and captain Lena Holt spoke after the match. Club president Anders "
            "Vik added that the two called the result “a fair reward for a hard season.”",
            "Anders Vik",
        ),
    ],
)
def test_a_quote_inside_a_reported_clause_is_the_reporters(speakers, text, speaker):
    _check(speakers, text, speaker, Refinement.REPORTED_CLAUSE)


# 2. "he and Y" / "she and her deputies": the sentence's own reporter, on two events (the
# reporter rules already resolve these; no refinement of its own).
@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Defence secretary Ben Wallace arrived in Kyiv on Monday.\n\nGeneral Mark Milley "
            "said he and President Zelensky had “a long and frank talk about the spring.”",
            "Mark Milley",
        ),
        (
            "Governor Gavin Newsom toured the burned hills.\n\nFire chief Lisa Tran said she "
            "and her deputies “never lost control of the eastern line.”",
            "Lisa Tran",
        ),
        (
            "Prime Minister Rishi Sunak visited the plant.\n\nUnion leader Sharon Graham met "
            "workers. She and her team called the offer “an insult to every nurse.”",
            "Sharon Graham",
        ),
    ],
)
def test_a_pronoun_in_a_coordinated_subject_is_the_sentences_own_speaker(speakers, text, speaker):
    assert speakers(text) == [speaker]


# 3. Descriptions resolved against what the article says each person, outlet, document is.
@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Russian President Vladimir Putin met Turkish President Recep Tayyip Erdogan in "
            "Sochi. The Kremlin chief hailed “tireless mediation by our Turkish friends.”",
            "Vladimir Putin",
        ),
        (
            "U.S. President Joe Biden met Japanese Prime Minister Fumio Kishida in Washington. "
            "The American leader called the alliance “the cornerstone of peace in the Pacific.”",
            "Joe Biden",
        ),
        (
            "Indian Prime Minister Narendra Modi spoke in Delhi. The Indian premier called the "
            "vote “a mandate for growth and for jobs”.",
            "Narendra Modi",
        ),
        (
            "The Reuters news agency first reported the deal on Sunday. The agency said the "
            "talks were “close to a final text on tariffs.”",
            "Reuters",
        ),
        (
            "The G7 leaders adopted a joint communique on Saturday. The statement called the "
            "tariffs “a threat to open trade for everyone.”",
            "G7 leaders joint communique",
        ),
    ],
)
def test_a_description_goes_to_whom_the_article_says_it_describes(speakers, text, speaker):
    _check(speakers, text, speaker, Refinement.DESCRIPTIONS)


def test_a_name_with_a_particle_is_the_person_a_description_means(speakers):
    text = (
        "Brazilian President Luiz Inacio Lula da Silva met Chinese officials. The Brazilian "
        "leader praised “a partnership without conditions” at the signing."
    )
    assert speakers(text) == ["Luiz Inacio Lula da Silva"]


def test_a_document_nobody_named_is_not_guessed(speakers):
    text = "Talks ended on Friday. The statement called the tariffs “a threat to open trade.”"
    assert speakers(text) == [None]


def test_a_description_resolves_against_the_title_and_standfirst(nlp):
    bodies = [
        "The talks ran late into the night. The Brazilian president called the deal “a "
        "partnership without conditions” on Friday."
    ]
    lead = "Lula meets investors\n\nBrazilian President Luiz Inacio Lula da Silva spent the week."
    with_lead = extract_all(bodies, nlp, Gazetteer(), leads=[lead])
    without = extract_all(bodies, nlp, Gazetteer())
    assert [q.speaker.name for q in with_lead[0].quotes] == ["Luiz Inacio Lula da Silva"]
    assert [q.speaker for q in without[0].quotes] == [None]


# 4. "According to X" and a named subject carried across the sentence boundary.
@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "According to an aide, Maria Lopez, the festival marks the city's centenary. It "
            "will “celebrate everyone who built this place.”",
            "Maria Lopez",
        ),
        (
            "According to spokesman Dmitry Peskov, Putin will attend the forum. He also added "
            "that the agenda was “packed with economic questions.”",
            "Dmitry Peskov",
        ),
        (
            "According to union spokesman Tom Hale, the strike will last a week. He added that "
            "members were “ready to stay out longer if needed.”",
            "Tom Hale",
        ),
    ],
)
def test_according_to_carries_into_the_next_sentence(speakers, text, speaker):
    _check(speakers, text, speaker, Refinement.CARRIED_SOURCE)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Chancellor Olaf Scholz praised the accord on Tuesday. “This is a day for every "
            "worker in Europe.”",
            "Olaf Scholz",
        ),
        (
            "Coach Jurgen Klopp praised his players after the match. “They gave everything for "
            "the shirt tonight.”",
            "Jurgen Klopp",
        ),
    ],
)
def test_a_quote_standing_alone_continues_the_sentence_before(speakers, text, speaker):
    assert speakers(text) == [speaker]


def test_a_quote_handing_on_to_its_own_attribution_is_not_carried(speakers):
    # “…,” reads an editorial — the words after the quote speak it, not the sentence before.
    text = (
        "Senator Chuck Grassley has been taking heat back home.\n\n“There are invertebrates "
        "with more spine,” reads an editorial in the local paper."
    )
    assert speakers(text) != ["Chuck Grassley"]


# 5. A closing mark typed as an opening one never makes a fake quote of the narration.
@pytest.mark.parametrize(
    "text",
    [
        "Helen Marsh said “We will not back down. “ Tom Reed disagreed. “We need a deal by "
        "Friday,” Reed said.",
        "Helen Marsh said “We will not back down. “Tom Reed disagreed. “We need a deal by "
        "Friday,” Reed said.",
        "Coach Ana Ruiz said “We played our best game. “ Captain Tom Reed disagreed. “We need "
        "a deal by Friday,” Reed said.",
    ],
)
def test_a_malformed_closing_mark_takes_no_subject_with_it(text):
    repaired = [text[s.start : s.end] for s in find_direct_quotes(text)]
    assert len(repaired) == 2
    assert "disagreed" not in " ".join(repaired)
    broken = [text[s.start : s.end] for s in find_direct_quotes(text, repair_marks=False)]
    assert "disagreed" in " ".join(broken)


def test_an_opening_mark_of_a_real_quote_after_an_unclosed_one_still_opens():
    text = "She said “and then I left. “And she said, ‘Do you understand?’” Marsh said."
    quotes = [text[s.start : s.end] for s in find_direct_quotes(text)]
    assert quotes[-1] == "And she said, ‘Do you understand?’"


def test_the_places_table_is_data_every_value_a_country_of_it():
    table = json.loads(PLACES_FILE.read_text(encoding="utf-8"))["countries"]
    assert len(table) >= 40
    assert country_of("Kremlin") == "russia"
    assert country_of("U.S.") == "united states"
    assert country_of("Atlantis") is None
    assert agrees("kremlin", {"russian", "president"})
    assert not agrees("kremlin", {"russian", "president"}, by_place=False)
    assert fits_office("premier", {"prime", "minister"})
    assert not fits_office("premier", {"prime", "minister"}, equivalents=False)


def test_names_with_particles_are_names():
    assert looks_like_a_name("Luiz Inacio Lula da Silva")
    assert looks_like_a_name("Ursula von der Leyen")
    assert not looks_like_a_name("da Silva")
    assert not looks_like_a_name("the talks in Rome")
