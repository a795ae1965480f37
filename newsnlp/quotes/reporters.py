"""Who made each reported statement (``reported.find_reported``): by the same resolution
as the direct quotes (names, titles, descriptions, pronouns, unnamed sources described as
the article describes them), with what reported speech needs besides:

- "CNN reported that …": a publication reporting is the source (for a quote it would be a
  headline);
- "Analysts said", "the results suggest": a bare plural or a thing is described, not
  resolved to the last person named;
- "X responded by explaining …": a participle of speech reports for the subject above it;
- a "they" resolved to bodies or places rather than people or states is left unresolved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from .grammar import refers_back, spoken_to
from .nearby import NO_SPEAKER, Attribution, source_phrase
from .reported import ReportedStatement, find_reported
from .spans import QuoteSpan
from .speakers import GOVERNMENT, PERSON, Entity

if TYPE_CHECKING:
    from .attribution import QuoteAttributor

# The links a speech participle hangs on the verb whose subject speaks through it.
CARRYING_DEPS = {"pcomp", "pobj", "prep", "advcl", "xcomp", "acl", "conj", "dobj", "ccomp"}


class ReportedSpeech:
    """The reported statements of one parsed article and who made them, by the same
    resolution as the direct quotes (names, titles, descriptions, pronouns, unnamed
    sources)."""

    def __init__(self, doc: Doc, attributor: QuoteAttributor, quotes: list[QuoteSpan]) -> None:
        self.doc = doc
        self.attributor = attributor
        self.resolver = attributor.resolver
        self.quotes = quotes

    def attributed(self) -> list[tuple[ReportedStatement, Attribution]]:
        return [(s, self._speaker(s)) for s in find_reported(self.doc, self.quotes)]

    def _speaker(self, statement: ReportedStatement) -> Attribution:
        cue = statement.cue
        if statement.how == "according-to":
            found = self.attributor.according_to(cue)
            if found.speaker is None and statement.source is not None:
                return _unnamed(statement.source, "according to")
            return found
        if statement.how == "noun":
            speaker = self.resolver.resolve_speaker(statement.source, None)
            if speaker is None:
                return _unnamed(statement.source, cue.text)
            return Attribution(speaker, "speech-verb", f"{statement.source.text} {cue.text}", 0.75)
        subject = self.resolver.speaking_subject(cue)
        if subject is not None and subject.pos_ == "NOUN" and not refers_back(subject):
            if _generic(subject):  # "Analysts said", "Republicans say": nobody in particular
                return _unnamed(subject, cue.text)
            speaker = self.resolver.resolve_speaker(subject, None)
            if speaker is None:  # "the results suggest", "a senior official said"
                return _unnamed(subject, cue.text)
        found = self.attributor.speaker_of_verb(cue, None)
        if found is not None and found.rule == "pronoun" and subject is not None:
            # "Trump blasted the system, which he said …": the sentence's own subject first
            own = self._sentence_subject_for(subject, cue)
            if own is not None:
                return Attribution(own, "pronoun", cue.text, 0.8)
        if found is not None and found.rule == "pronoun" and not _people(found.speaker):
            return NO_SPEAKER  # "they insist" is rarely the two places or bodies named before
        if found is not None and found.rule == "headline" and subject is not None:
            # "CNN reported that …": a publication reporting is its source, not a headline
            speaker = self.resolver.resolve_speaker(subject, None)
            return Attribution(speaker, "speech-verb", cue.text, 0.85) if speaker else NO_SPEAKER
        if found is not None:
            return found
        if spoken_to(cue):
            return NO_SPEAKER
        if subject is not None and subject.pos_ in {"NOUN", "PROPN"}:
            return _unnamed(subject, cue.text)
        if subject is None and (carried := self._doer_above(cue)) is not None:
            return carried
        return NO_SPEAKER

    def _sentence_subject_for(self, pronoun: Token, verb: Token) -> Entity | None:
        """The person a pronoun in an embedded clause ("…, which he said …", "what she
        said were …") most likely means: the subject of a verb above it in the same
        sentence, named before the pronoun, one person for "he"/"she", several for "they"."""
        plural = pronoun.lower_ in {"they", "we"}
        node = verb
        for _ in range(6):
            if node.head == node:
                return None
            node = node.head
            if node.pos_ not in {"VERB", "AUX"}:
                continue
            for subject in self.resolver.speaking_subjects(node):
                if subject.i >= pronoun.i or subject.pos_ == "PRON":
                    continue
                speaker = self.resolver.resolve_speaker(subject, None)
                if speaker is not None and speaker.kind == PERSON:
                    return speaker if (" and " in speaker.name) == plural else None
                return None
        return None

    def _doer_above(self, verb: Token) -> Attribution | None:
        """ "X responded by explaining …", "X pivoted to arguing …", "X took the step of
        criticizing …": a participle of speech without a subject reports for the subject of
        the first verb above it, through the prepositions between."""
        node = verb
        for _ in range(6):
            if node.head == node or node.dep_ not in CARRYING_DEPS:
                return None
            node = node.head
            if node.pos_ in {"VERB", "AUX"} and (subject := self.resolver.speaking_subject(node)):
                speaker = self.resolver.resolve_speaker(subject, None)
                if speaker is None:
                    return _unnamed(subject, verb.text)
                return Attribution(speaker, "continuation", verb.text, 0.7)
        return None


def _generic(noun: Token) -> bool:
    """A bare plural ("analysts", "critics"): a class of people, not anyone named before."""
    determined = any(c.dep_ in {"det", "poss", "nummod"} for c in noun.children)
    return noun.tag_ == "NNS" and not determined


def _people(speaker: Entity | None) -> bool:
    """A person, persons speaking together ("Xi Jinping and Vladimir Putin") or states
    ("China and Russia"): what "they" and "he" report for, unlike bodies and things."""
    return speaker is not None and speaker.kind in {PERSON, GOVERNMENT}


def _unnamed(noun: Token, cue: str) -> Attribution:
    if noun.pos_ not in {"NOUN", "PROPN"}:
        return NO_SPEAKER
    return Attribution(None, "unnamed", cue, 0.5, source_phrase(noun))
