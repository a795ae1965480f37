"""The attribution rules that read who reports what: "according to X", "as X put it",
"X's answer was that …", the document a verb speaks "in", and the clause somebody reports
("X said that …"), whose quotes are the reporter's. A mixin of ``QuoteAttributor``, which
supplies the document, the resolver and the paragraph bookkeeping these rules read."""

from __future__ import annotations

from spacy.tokens import Span, Token

from .grammar import (
    DOCUMENT_NOUNS,
    WORDS_NOUNS,
    in_reported_clause,
    is_speech_verb,
    refers_back,
    subject_of,
)
from .nearby import NO_SPEAKER, Attribution
from .spans import QuoteSpan
from .speakers import Entity


class ReportRules:
    """Rules over who reports a quote (see ``QuoteAttributor``)."""

    def _reported_by(
        self, verb: Token, subjects: list[Token], span: QuoteSpan | None
    ) -> Attribution | None:
        """X recalled that they had called the bill “…” — a speech verb whose subject only
        refers back ("they", "both", "the two leaders") inside what a named reporter says:
        the quote is the reporter's report, and the reporter is its speaker."""
        if not subjects or not all(refers_back(subject) for subject in subjects):
            return None
        node = verb
        for _ in range(4):
            if node.dep_ not in {"ccomp", "conj"} or node.head == node:
                return None
            head = node.head
            if node.dep_ == "ccomp" and is_speech_verb(head) and head.lemma_ != "accord":
                if not self._same_paragraph(head, verb):
                    return None
                for subject in self.resolver.speaking_subjects(head):
                    if refers_back(subject):
                        return None  # "they said they …": whom both mean is the usual question
                    speaker = self.resolver.resolve_speaker(subject, span)
                    if speaker is not None:
                        return Attribution(speaker, "speech-verb", head.text, 0.85)
                return None
            node = head
        return None

    def _document_of(self, verb: Token) -> Entity | None:
        """“…,” they said in the joint statement: the document is the source."""
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ == "in":
                for obj in prep.children:
                    if obj.dep_ == "pobj" and obj.lemma_.lower() in DOCUMENT_NOUNS:
                        return self.resolver.document_for(obj)
        return None

    def _according_to_in(self, sentence: Span, span: QuoteSpan) -> Attribution | None:
        for token in sentence:
            if token.lower_ == "according" and not (span.outer_start <= token.idx < span.outer_end):
                found = self.according_to(token)
                if found.speaker:
                    return found
        return None

    def _as_put_by(self, sentence: Span, span: QuoteSpan) -> Attribution | None:
        """As X put it, Y is trying to make them “an offer …”: the "as" clause's speaker."""
        for verb in sentence:
            if (
                verb.dep_ == "advcl"
                and is_speech_verb(verb)
                and not (span.outer_start <= verb.idx < span.outer_end)
                and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
            ):
                subject = self.resolver.speaking_subject(verb)
                speaker = subject is not None and self.resolver.resolve_speaker(subject, span)
                if speaker:
                    return Attribution(speaker, "according-to", f"as … {verb.text}", 0.8)
        return None

    def _whose_words(self, sentence: Span, span: QuoteSpan) -> Attribution | None:
        """The senator's answer was that “…” / From Bush's Facebook post: “…” — a noun for
        somebody's words, outside the quotation, and whose they are."""
        for noun in sentence:
            if noun.lemma_.lower() not in WORDS_NOUNS or noun.idx >= span.outer_start:
                continue
            introduces = self.doc.text[noun.idx + len(noun) : span.outer_start].strip() == ":"
            if not (introduces or (noun.dep_ == "nsubj" and noun.head.lemma_ == "be")):
                continue  # "Ryan's comments could fuel …": not what the quote is
            for owner in noun.children:
                if owner.dep_ == "poss" and owner.pos_ in {"PROPN", "NOUN", "PRON"}:
                    speaker = self.resolver.resolve_speaker(owner, span)
                    if speaker is None:
                        return NO_SPEAKER  # whose words they are is said, but not who fits
                    return Attribution(speaker, "according-to", f"{owner.text} {noun.text}", 0.75)
        return None

    def according_to(self, according: Token) -> Attribution:
        for to in according.children:
            for obj in to.children:
                if obj.dep_ == "pobj":
                    speaker = self.resolver.resolve_token(obj, None)
                    if speaker:
                        return Attribution(speaker, "according-to", "according to", 0.85)
        return NO_SPEAKER

    def _subject_of_clause(self, tokens: list[Token]) -> Token | None:
        """The subject of the clause a partial quote is in — or, when that clause is
        reported ("Yepez said Perez was right to urge leaders “to stand up”"), the subject
        of the verb reporting it."""
        inside = {t.i for t in tokens}
        # The quote starts with its own verb: The two leaders “reaffirmed there can be …”
        for token in tokens:
            if token.pos_ in {"VERB", "AUX"}:
                subject = subject_of(token)
                if subject is not None and subject.i not in inside:
                    return self._reporter_of(token) or subject
        node = next((t for t in tokens if t.head.i not in inside), tokens[0])
        for _ in range(8):
            if node.i not in inside and node.pos_ in {"VERB", "AUX"}:
                subject = subject_of(node)
                if subject is not None and subject.i not in inside:
                    return self._reporter_of(node) or subject
            if node.head == node:
                break
            node = node.head
        return None

    def _reporter_of(self, clause: Token) -> Token | None:
        """Who reports a clause: the subject of the verb it is the complement of ("X said
        [that …]", "X is questioning [whether …]"), or, up through a participle of speech,
        the first subject above it ("X issued a statement saying …", "X responded by
        saying …"). Never out of an adverbial clause with a subject of its own."""
        if is_speech_verb(clause):
            return None  # "Clinton called him “a danger”": the clause's own subject speaks
        node, reported = clause, False
        for _ in range(8):
            own_clause = node.dep_ == "advcl" and subject_of(node) is not None
            if node.head == node or (own_clause and not in_reported_clause(node)):
                return None
            complement = node.dep_ == "ccomp"
            node = node.head
            if node.pos_ not in {"VERB", "AUX"}:
                continue
            reported = reported or complement or is_speech_verb(node)
            subject = self.resolver.speaking_subject(node)
            if subject is not None and (reported or node.dep_ != "ccomp"):
                return subject if reported else None
            # else a subject whose own clause is reported further up: "X said he holds Y
            # responsible for a crisis that led to “…”" climbs on to X.
        return None  # "Clinton called him “a danger”": the clause's own subject speaks
