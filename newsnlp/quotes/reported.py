"""Reported speech: what somebody is said to have said, without quotation marks.

Read off the parse, in the same pass as the direct quotes:

- a verb of speech (a lemma class, ``REPORTING_VERBS``) with what it reports: its clausal
  complement ("X said (that) …", "X told reporters …"), its infinitive ("X urged Y to …",
  "X promised to …"), or, where there is no clause, the object of "call for" and "accuse …
  of" ("Xi called for peace talks that …");
- a noun for a speech act owned by its speaker ("X's warning that …", "X's call for …");
- "according to X, …" (before or after the clause it sources).

Not extracted: a negated or hypothetical report ("did not say", "would say", "may
announce", "declined to say"), verbs of thinking or wanting, a report inside a direct
quotation (the quotation is the record), and a clause that holds quoted words (a direct or
partial quote is the record of that statement).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .grammar import is_speech_verb, spoken_to
from .report_extent import (
    clause_after_place,
    complement_words,
    object_report_end,
    trimmed,
    within_paragraph,
)
from .spans import QuoteSpan
from .vocabulary import QuoteKind

REPORTED = QuoteKind.REPORTED.value
# Archive text (LexisNexis, the New York Times) types quotation marks as two apostrophes:
# ''…''. A verb of saying inside one is the quoted speaker's, not a report of the article's.
DOUBLED_APOSTROPHE_QUOTE = re.compile(r"''(?=\S)[^\n]+?''")

# Verbs of speech whose complement is what was said. Verbs of thinking and wanting
# (believe, think, feel, hope, want) are not speech.
NOT_SPEECH = {
    "believe", "think", "feel", "wonder", "muse", "surmise", "theorize", "theorise",
    "marvel", "sigh", "groan", "gush", "hope", "want", "know", "agree", "put", "speak",
    "express", "welcome", "hail", "term", "label", "dub", "mock", "scoff", "lash", "rail",
    "blast", "slam", "cry", "thunder", "fume", "snap", "bark", "answer", "object", "question",
}  # fmt: skip
HYPOTHETICAL = {"would", "could", "may", "might", "will", "shall", "should", "can", "must", "wo",
                "ca", "'d", "'ll"}  # fmt: skip
NEGATIONS = {"not", "n't", "never", "no"}
# "X's warning that …", "X's call for …": nouns for a speech act.
SPEECH_ACT_NOUNS = {
    "warning", "call", "claim", "promise", "pledge", "statement", "announcement", "assertion",
    "suggestion", "insistence", "denial", "accusation", "argument", "demand", "assurance",
    "vow", "admission", "prediction", "allegation", "appeal", "plea", "threat",
}  # fmt: skip
# Verbs whose object is what was said, where there is no clause: "announced a plan to …",
# "criticized X for …", "described X as …", "denied any wrongdoing".
OBJECT_REPORTS = {
    "announce", "report", "deny", "confirm", "acknowledge", "admit", "promise", "pledge",
    "vow", "praise", "criticize", "criticise", "describe", "accuse", "predict", "claim",
    "stress", "emphasize", "emphasise", "note", "recall", "suggest", "urge",
}  # fmt: skip
# An infinitive under these reports nothing yet: "declined to say", "plans to announce",
# "is expected to announce" ("used the meeting to criticize …" does report).
INTENT_HEADS = {
    "decline", "refuse", "fail", "expect", "plan", "want", "hope", "intend", "wish", "need",
    "have", "seem", "appear", "try", "hesitate", "prepare", "be", "go", "aim", "seek",
    "threaten", "agree", "promise", "vow", "pledge", "like", "love", "prefer", "dare",
    "forget", "choose", "decide", "mean", "get", "wait", "ask", "urge", "tell", "allow",
}  # fmt: skip
# "called for talks", "warned of a crisis", "asked about the deal".
PHRASE_REPORTS = {
    "call": ("for",), "ask": ("for", "about"), "warn": ("of", "about", "against"),
    "complain": ("about", "of"),
    "accuse": ("of",), "argue": ("for", "against"), "testify": ("about", "that"),
    "comment": ("on",), "write": ("about", "of"), "plead": ("for",), "press": ("for",),
}  # fmt: skip
MIN_WORDS = 3
FINITE = {"VBZ", "VBD", "VBP"}


@dataclass(frozen=True)
class ReportedStatement:
    """What was reported (``start``/``end`` in the body), the word that reports it, and the
    tokens the speaker is read from: a verb's subject, "according to"'s object, a noun's
    owner."""

    start: int
    end: int
    cue: Token
    source: Token | None  # "according to X": X; "X's warning": X; else None (the verb's)
    how: str  # "clause", "clause-before", "infinitive", "object", "phrase", "according-to", "noun"


def is_reporting_verb(token: Token) -> bool:
    return (
        is_speech_verb(token)
        and token.lemma_.lower() not in NOT_SPEECH
        and token.lemma_ != "accord"
    )


def find_reported(doc: Doc, quotes: list[QuoteSpan]) -> list[ReportedStatement]:
    """Every reported statement of ``doc``, in order, none overlapping a direct quote."""
    found: list[ReportedStatement] = []
    doubled = [m.span() for m in DOUBLED_APOSTROPHE_QUOTE.finditer(doc.text)]
    for token in doc:
        statement = None
        if token.lower_ == "according" and token.lemma_ == "accord":
            statement = _according_to(token)
        elif token.pos_ in {"VERB", "AUX"} and is_reporting_verb(token):
            statement = _reported_by_verb(token)
        elif token.pos_ == "NOUN" and token.lemma_.lower() in SPEECH_ACT_NOUNS:
            statement = _reported_by_noun(token)
        if statement is None or _touches_quote(statement, quotes):
            continue
        if any(start <= statement.cue.idx < end for start, end in doubled):
            continue  # "''… I told them that …,'' he said": the quotation is the record
        found.append(statement)
    return _one_per_span(found)


def _reported_by_verb(verb: Token) -> ReportedStatement | None:
    if _negated_or_hypothetical(verb) or (spoken_to(verb) and _no_content_child(verb)):
        return None
    if verb.lower_ == "told" and verb.i > 0 and verb.doc[verb.i - 1].lower_ == "all":
        return None  # "All told, …": an idiom, nobody told anything
    if any(c.dep_ == "nsubjpass" for c in verb.children) and any(
        c.dep_ == "xcomp" for c in verb.children
    ):
        return None  # "X is said to be …", "the report was revealed to be a hoax": hearsay
    found = _complement(verb)
    if found is None:
        return None
    content, how = found
    return _statement(content, verb, None, how)


def _complement(verb: Token) -> tuple[Span, str] | None:
    """What the verb reports: its clause, its infinitive, or, where there is no clause, its
    object with what completes it ("criticized X for …", "described X as …") or the noun
    phrase after "call for", "warn of", "ask about"."""
    doc = verb.doc
    lemma = verb.lemma_.lower()
    before = [c for c in verb.children if c.i < verb.i and c.dep_ == "ccomp"]
    if before:
        # The talks went well, he said. / The talks, he said, went well.
        return _clause_before(verb, before[-1])
    if verb.dep_ == "parataxis" and not any(c.dep_ in {"ccomp", "xcomp"} for c in verb.children):
        # "The talks, he said, went well." / "On top of that, opponents say, prices rise."
        return _aside_report(verb)
    after = [c for c in verb.children if c.i > verb.i]
    objects = [c for c in after if c.dep_ == "dobj"]
    for child in after:
        if child.dep_ == "ccomp" or (child.dep_ == "xcomp" and _finite_predicate(child)):
            # "told reporters (that) …": the object is who was told; "which she said hurt
            # small towns": a finite verb the parser hung as an open complement
            return complement_words(child, start_from_mark=True), "clause"
        if child.dep_ == "xcomp" and _infinitive(child):  # "urged Y to …": Y is in the report
            first = objects[0].left_edge.i if objects and objects[0].i < child.i else None
            return complement_words(child, first=first), "infinitive"
    placed = clause_after_place(verb, after)
    if placed is not None:  # "said in a statement that …", "said on Twitter that …"
        return placed, "clause"
    following = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
    if following is not None and following.lower_ == "that" and following.pos_ == "SCONJ":
        # "argued that while …, the summit revealed …": the parser missed the clause
        return doc[following.i + 1 : verb.right_edge.i + 1], "clause"
    if lemma == "say" and objects and _clause_taken_for_object(objects[0]):
        # "Stone says the increase … that Bloomberg decries also makes …": a clause the
        # parser read as an object and its relative clause
        return complement_words(objects[0]), "clause"
    if lemma in OBJECT_REPORTS and objects:
        return doc[objects[0].left_edge.i : object_report_end(objects[0], after) + 1], "object"
    for child in after:
        if child.dep_ == "prep" and child.lower_ in PHRASE_REPORTS.get(lemma, ()):
            complements = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
            if complements:
                return doc[child.i + 1 : complements[0].right_edge.i + 1], "phrase"
    return None


def _clause_taken_for_object(obj: Token) -> bool:
    """The object of "say" has a relative clause whose own verb is finite and whose subject
    is not the relative pronoun: the parser made a sentence's subject an object."""
    for child in obj.children:
        if child.dep_ in {"relcl", "acl"} and child.tag_ in {"VBZ", "VBD", "VBP", "MD"}:
            subjects = [c for c in child.children if c.dep_ in {"nsubj", "nsubjpass"}]
            if subjects and subjects[0].lower_ not in {"that", "which", "who"}:
                return True
    return False


def _clause_before(verb: Token, clause: Token) -> tuple[Span, str] | None:
    """ "The talks went well, he said." — the clause is what was said when it opens the
    sentence and only a comma (and the speaker) stands between it and the verb; otherwise
    the parse has most likely joined two sentences."""
    doc = verb.doc
    content = trimmed(complement_words(clause))
    if content is None or content.start > verb.sent.start + 1:
        return None
    between = [t for t in doc[content.end : verb.i] if not t.is_space]
    if not between or between[0].text not in {",", "—", "--", "-"}:
        return None
    # only the speaker's words ("a source close to him", "his top aide, Tad Devine") and
    # the verb's own small words stand between
    speaker = {t.i for c in verb.children if c.dep_ == "nsubj" for t in c.subtree}
    if any(
        not t.is_punct and t.i not in speaker and not (t.head.i == verb.i and t.dep_ != "ccomp")
        for t in between[1:]
    ):
        return None
    return content, "clause-before"


def _aside_report(verb: Token) -> tuple[Span, str] | None:
    """The clause a parenthetical "he said" stands in, from its start to its end."""
    clause = verb.head
    if clause.pos_ not in {"VERB", "AUX"} or verb.sent.start != clause.sent.start:
        return None
    content = trimmed(verb.doc[clause.left_edge.i : clause.right_edge.i + 1])
    if content is None or content.start > verb.sent.start + 1:
        return None
    return content, "aside"


def _according_to(according: Token) -> ReportedStatement | None:
    """ "According to X, the talks failed" / "The talks failed, according to X": the rest of
    the sentence, or of the clause where the phrase stands in the middle of one."""
    to = next((c for c in according.children if c.lower_ == "to"), None)
    source = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if source is None:
        return None
    doc, sentence = according.doc, according.sent
    phrase_end = source.right_edge.i + 1
    before = trimmed(doc[sentence.start : according.i]) if according.i > sentence.start else None
    after = trimmed(doc[phrase_end : sentence.end]) if phrase_end < sentence.end else None
    if before is None or after is None:
        span = before or after
    else:  # in the middle: the clause it belongs to
        clause = according.head
        while clause.pos_ not in {"VERB", "AUX"} and clause.head != clause:
            clause = clause.head
        span = before if clause.i < according.i else after
    if span is None:
        return None
    return _statement(span, according, source, "according-to")


def _reported_by_noun(noun: Token) -> ReportedStatement | None:
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:
        return None
    for child in noun.children:
        if child.i < noun.i:
            continue
        if child.dep_ in {"acl", "ccomp", "relcl"} and any(
            c.dep_ == "mark" and c.lower_ == "that" for c in child.children
        ):
            return _statement(complement_words(child, start_from_mark=True), noun, owner, "noun")
        if child.dep_ == "acl" and _infinitive(child):
            return _statement(complement_words(child), noun, owner, "noun")
        if child.dep_ == "prep" and child.lower_ == "for" and noun.lemma_.lower() == "call":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return _statement(noun.doc[child.i + 1 : objects[0].right_edge.i + 1], noun,
                                  owner, "noun")  # fmt: skip
    return None


def _statement(
    span: Span | None, cue: Token, source: Token | None, how: str
) -> ReportedStatement | None:
    span = trimmed(within_paragraph(span, cue)) if span is not None else None
    if span is None or sum(1 for t in span if t.is_alpha) < MIN_WORDS:
        return None
    return ReportedStatement(span.start_char, span.end_char, cue, source, how)


def _finite_predicate(verb: Token) -> bool:
    """A verb with its own object read as an open complement: "which she said hurt small
    towns" ("hurt" tagged as a participle or a past tense), not "said to be"."""
    if _infinitive(verb):
        return False
    has_object = any(c.dep_ in {"dobj", "attr", "acomp"} for c in verb.children)
    return verb.tag_ in FINITE or (verb.tag_ == "VBN" and has_object)


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _negated_or_hypothetical(verb: Token) -> bool:
    """ "did not say", "would say", "may announce", "declined to say", "if he says"."""
    for child in verb.children:
        if child.dep_ == "neg" or (child.lower_ in NEGATIONS and child.dep_ == "advmod"):
            return True
        if child.dep_ == "aux" and child.lower_ in HYPOTHETICAL:
            return True
        if child.dep_ == "aux" and child.lower_ == "to" and _intended(verb):
            return True  # "declined to say", "is expected to announce" (not "tweeted to say")
        if child.dep_ == "mark" and child.i < verb.i and child.lower_ in {"if", "unless"}:
            return True
    return False


def _intended(verb: Token) -> bool:
    """An infinitive of speech that is only planned, refused or expected."""
    head = verb.head
    if verb.dep_ == "advcl" or head == verb:
        return False  # "tweeted on Friday to say …": a purpose, the saying happened
    return head.pos_ == "ADJ" or head.lemma_.lower() in INTENT_HEADS or head.pos_ == "AUX"


def _no_content_child(verb: Token) -> bool:
    return not any(c.dep_ in {"ccomp", "xcomp"} for c in verb.children)


def _touches_quote(statement: ReportedStatement, quotes: list[QuoteSpan]) -> bool:
    """The statement holds quoted words, or its cue stands inside a quotation."""
    cue = statement.cue.idx
    return any(
        (q.outer_start < statement.end and statement.start < q.outer_end)
        or q.outer_start <= cue < q.outer_end
        for q in quotes
    )


def _one_per_span(statements: list[ReportedStatement]) -> list[ReportedStatement]:
    """One record for the same words reported twice (a verb and an "according to" of one
    clause): the first found."""
    seen: set[tuple[int, int]] = set()
    kept = []
    for statement in statements:
        if (statement.start, statement.end) in seen:
            continue
        seen.add((statement.start, statement.end))
        kept.append(statement)
    return kept
