"""Attribution rules on constructed sentences (spaCy, no database)."""

from __future__ import annotations

import pytest

from articles.quotes.curated import summit_gazetteer
from newsnlp.quotes.extraction import extract_from_doc
from newsnlp.quotes.speakers import DOCUMENT, GOVERNMENT


@pytest.fixture(scope="module")
def extract(nlp):
    def run(text: str):
        return extract_from_doc(nlp(text), summit_gazetteer())

    return run


def speakers(result) -> list[tuple[str, str | None, str]]:
    return [(q.text, q.speaker.name if q.speaker else None, q.rule) for q in result.quotes]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“We will not back down,” Maria Lopez said on Monday.", "Maria Lopez"),
        ("“We will not back down,” said Maria Lopez, the trade minister.", "Maria Lopez"),
        ("Maria Lopez said, “We will not back down.”", "Maria Lopez"),
        ("Maria Lopez told reporters: “We will not back down.”", "Maria Lopez"),
        ("“We will not back down,” Maria Lopez warned.", "Maria Lopez"),
        ("“We will not back down,” wrote Maria Lopez in her column.", "Maria Lopez"),
        (
            "Maria Lopez, a senior fellow at the Example Institute, said the talks had stalled "
            "and “nobody will back down.”",
            "Maria Lopez",
        ),
    ],
)
def test_speech_verb_in_any_order(extract, text, speaker):
    ((_quote_text, found, rule),) = speakers(extract(text))
    assert found == speaker
    assert rule == "speech-verb"


def test_appositive_becomes_the_description(extract):
    result = extract(
        "“Nothing has changed,” said Daniel Okafor, a fellow at the Example Institute."
    )
    assert result.quotes[0].speaker.description == "a fellow at the Example Institute"


def test_according_to(extract):
    result = extract("The deal was “all but done,” according to Daniel Okafor.")
    assert speakers(result) == [("all but done,", "Daniel Okafor", "according-to")]


def test_pronoun_carries_the_previous_speaker(extract):
    text = "“We are ready,” said Helen Marsh. She added, “Nothing is off the table.”"
    assert [s[1] for s in speakers(extract(text))] == ["Helen Marsh", "Helen Marsh"]
    assert speakers(extract(text))[1][2] == "pronoun"


def test_the_minister_carries_the_person_named_before(extract):
    text = (
        "Defence Minister Ivan Petrov arrived in the capital on Monday. "
        "“We are ready for every scenario,” the minister said."
    )
    assert speakers(extract(text)) == [
        ("We are ready for every scenario,", "Ivan Petrov", "pronoun")
    ]


def test_continuation_adding_that(extract):
    text = "“We are ready,” said Helen Marsh, adding that “nothing is off the table.”"
    assert [s[1] for s in speakers(extract(text))] == ["Helen Marsh", "Helen Marsh"]


def test_colon_introduction_in_the_paragraph_before(extract):
    text = "Helen Marsh put it plainly in her speech:\n\n“Nothing is off the table.”"
    assert speakers(extract(text))[0][1] == "Helen Marsh"


def test_quoted_again_in_the_next_paragraph(extract):
    text = "“We are ready,” said Helen Marsh.\n\n“Nothing is off the table.”"
    assert [s[1] for s in speakers(extract(text))] == ["Helen Marsh", "Helen Marsh"]


def test_partial_quote_belongs_to_the_subject(extract):
    text = "Helen Marsh sought a “new chapter in relations” with her neighbours."
    assert speakers(extract(text)) == [("new chapter in relations", "Helen Marsh", "subject")]


def test_a_state_named_by_its_capital_speaks_as_its_government(extract):
    text = "Beijing has dismissed the reports as “groundless accusations.”"
    ((_, speaker, _),) = speakers(extract(text))
    assert speaker == "China"
    assert extract(text).quotes[0].speaker.kind == GOVERNMENT


def test_a_statement_speaks_as_a_document(extract):
    text = (
        "China and Russia signed a joint statement on Thursday. The joint statement "
        "described the sanctions as “illegal and unilateral.”"
    )
    quote = extract(text).quotes[0]
    assert quote.speaker.kind == DOCUMENT


def test_common_word_aliases_stand_for_the_summit_only_in_articles_about_it(extract):
    text = (
        "The governors met in Denver. The two leaders said the deal was “good for every "
        "family in both states.” The joint statement called it “a fresh start for the West.”"
    )
    quotes = extract(text).quotes
    assert [q.text for q in quotes] == [
        "good for every family in both states.",
        "a fresh start for the West.",
    ]
    assert [q.speaker for q in quotes] == [None, None]  # nobody the summit's aliases name


def test_an_organisation_speaks(extract):
    text = "The Foreign Ministry said the visit was “a success for both sides.”"
    quote = extract(text).quotes[0]
    assert quote.speaker is not None
    assert "Ministry" in quote.speaker.name


def test_no_confident_rule_means_no_speaker(extract):
    text = "Critics see it as “a new cold war in all but name.”"
    assert speakers(extract(text))[0][1] is None


def test_short_forms_and_titles_resolve_to_the_full_name(extract):
    text = (
        "Prime Minister Arvid Lindqvist met the press. “We stand firm,” Mr. Lindqvist said. "
        "“And we will stay firm,” Lindqvist added."
    )
    assert {s[1] for s in speakers(extract(text))} == {"Arvid Lindqvist"}


def test_transliteration_variants_are_one_person(extract):
    text = "Andrey Kovalyov arrived first. Later, Andrei Kovalyov left for Minsk."
    people = {m.person.name for m in extract(text).mentions}
    assert people == {"Andrei Kovalyov"}


def test_block_quote_takes_the_speaker_of_its_introduction(extract):
    text = (
        "As Jane Roe summarized for the Daily Example, the talks went nowhere:\n\n"
        "The first quoted paragraph says a great deal.\n\n"
        "The second one says even more. [Source]\n\nNarration resumes here."
    )
    block = next(q for q in extract(text).quotes if q.kind == "block")
    assert block.speaker.name == "Jane Roe"
    assert block.rule == "block"


def test_headlines_and_names_in_quotation_marks_are_not_quotes(extract):
    text = (
        "Omar Haddad wrote an op-ed titled “The Long Game of Middle Powers.” "
        "The “Northern Corridor” pipeline was not discussed."
    )
    assert extract(text).quotes == []


def test_an_unbalanced_mark_is_kept_with_a_warning_and_swallows_nothing(extract):
    text = (
        "“We are ready, said Helen Marsh.\n\n"
        "The talks continued for hours. “It went well,” Omar Haddad said."
    )
    result = extract(text)
    assert [q.text for q in result.quotes] == ["We are ready, said Helen Marsh.", "It went well,"]
    assert result.warnings


def test_headline_fragments_and_capitalised_phrases_are_not_people(extract):
    text = (
        "Broad Rhetoric, Few Pledges\n\n"
        "Helen Marsh spoke to Omar Haddad about the Zhongnanhai compound and Firefly."
    )
    people = {m.person.name for m in extract(text).mentions}
    assert "Omar Haddad" in people
    assert people <= {"Helen Marsh", "Omar Haddad"}


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("", []),
        ("No quotes at all in this text.", []),
        ("“Never closed", ["Never closed"]),
        ("Der Präsident sagte: „Wir sind bereit.“ Die Gespräche gehen weiter.",
         ["Wir sind bereit."]),
        ("引用“没有结束", []),
    ],
)  # fmt: skip
def test_odd_input_never_raises(extract, text, found):
    result = extract(text)
    assert [q.text for q in result.quotes] == found
    assert [text[q.start : q.end] for q in result.quotes] == found
