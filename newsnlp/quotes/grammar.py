"""What a parse says that every attribution rule asks: is this a verb of speech, what is
its subject, which sentence comes before; and the classes of
noun the rules tell apart (documents, groups, roles, people)."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from .vocabulary import SPEECH_VERBS

DOCUMENT_NOUNS = {"statement", "declaration", "document", "communique", "communiqué", "text"}
# Nouns for what somebody said or wrote: "the senator's answer was that “…”".
WORDS_NOUNS = {
    "answer", "response", "reply", "remark", "comment", "word", "statement", "message",
    "tweet", "post", "letter", "email", "e-mail", "speech", "argument", "claim", "retort",
    "catchphrase", "phrase", "slogan", "warning", "promise", "pledge", "explanation", "quip",
    "verdict", "assessment", "testimony", "motto", "advice",
}  # fmt: skip
GROUP_NOUNS = {"leader", "country", "nation", "side", "government"}
ROLE_NOUNS = {"leader", "minister", "president", "official", "spokesman", "spokeswoman",
              "spokesperson", "diplomat", "ambassador", "analyst", "expert", "premier",
              "chancellor", "secretary", "governor", "senator", "mayor", "chief"}  # fmt: skip
# Plural nouns for people that "they" can mean (besides GROUP_NOUNS and ROLE_NOUNS).
PEOPLE_NOUNS = {
    "people", "person", "man", "woman", "child", "voter", "member", "critic", "supporter",
    "protester", "resident", "worker", "lawmaker", "senator", "representative", "delegate",
    "negotiator", "investor", "farmer", "student", "citizen", "activist", "author",
    "researcher", "scientist", "economist", "candidate", "democrat", "republican", "reporter",
    "journalist", "soldier",
}  # fmt: skip


INDEFINITE = {"a", "an", "one", "another", "some", "several", "many", "other"}


def is_indefinite(noun: Token) -> bool:
    """A noun phrase that brings in somebody new ("an Israeli official", "one district
    leader"), so never the person an earlier sentence named."""
    determiners = [t.lower_ for t in noun.children if t.dep_ in {"det", "nummod"}]
    return bool(determiners) and determiners[0] in INDEFINITE


def is_speech_verb(token: Token) -> bool:
    if token.lemma_ == "accord" and token.lower_ == "according":
        return True
    if token.pos_ not in {"VERB", "AUX"}:
        return False
    lemma = token.lemma_.lower()
    if lemma in {"go", "continue"}:  # “…,” Trump went on / continued. (not "continued to be")
        if any(child.dep_ == "xcomp" for child in token.children):
            return False
        return lemma == "continue" or any(
            child.dep_ == "prt" and child.lower_ == "on" for child in token.children
        )
    return lemma in SPEECH_VERBS


def spoken_to(verb: Token) -> bool:
    """A passive whose subject is who was spoken to, not the speaker: "X was asked, “…”"."""
    return verb.lemma_.lower() in {"ask", "tell", "question", "press", "urge", "challenge"} and any(
        child.dep_ == "nsubjpass" for child in verb.children
    )


def in_reported_clause(clause: Token) -> bool:
    """The clause sits inside what a speech verb reports ("X says Y can win if he keeps
    “…”"): an adverbial clause there is still the reporter's words."""
    node = clause
    while node.head != node:
        if node.dep_ == "ccomp" and is_speech_verb(node.head):
            return True
        node = node.head
    return False


REFERRING_PRONOUNS = {"he", "she", "they", "we", "both"}


def refers_back(noun: Token) -> bool:
    """A subject that names nobody itself: a pronoun ("they", "both"), "the two", or a
    definite plural of leaders or sides ("both sides", "the two leaders")."""
    lemma = noun.lower_
    if lemma in REFERRING_PRONOUNS or (lemma == "two" and noun.pos_ in {"NUM", "PRON"}):
        return True
    determiners = {child.lower_ for child in noun.children if child.dep_ in {"det", "nummod"}}
    return (
        noun.tag_ == "NNS"
        and noun.lemma_.lower() in GROUP_NOUNS | ROLE_NOUNS | {"camp"}
        and bool(determiners & {"both", "two", "the"})
    )


def subject_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            return child
    return None


def previous_sentence(sentence: Span) -> Span | None:
    if sentence.start == 0:
        return None
    return sentence.doc[sentence.start - 1].sent


INVERTED_INTRODUCTION = re.compile(
    r"(?:^|(?<=[\n.!?])\s*)(?P<verb>[A-Z][a-z]+)\s+(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})"
    r"\s*:\s*$"
)
IRREGULAR_FORMS = {"said": "say", "says": "say", "wrote": "write", "told": "tell", "spoke": "speak"}


def is_speech_verb_form(word: str) -> bool:
    """A past or third-person form of a verb of speech ("Stated", "adds", "replied"), read
    from the word alone where the parser gave it no verb tag."""
    lowered = word.lower()
    if lowered in IRREGULAR_FORMS:
        return True
    endings = (("ied", "y"), ("ed", ""), ("ed", "e"), ("d", ""), ("es", ""), ("s", ""))
    return any(
        lowered.endswith(ending) and lowered[: -len(ending)] + stem in SPEECH_VERBS | {"continue"}
        for ending, stem in endings
    )


def speech_verb_closing(words: Span) -> Token | None:
    """The first verb of speech, in a past or third-person form, that the words after an
    appositive reach before the sentence or the quotation ends."""
    for token in words:
        if token.is_quote or token.text in {".", "!", "?", ";"} or "\n" in token.text:
            return None
        if token.i > words.start and is_speech_verb_form(token.text) and token.pos_ == "VERB":
            return token
    return None
