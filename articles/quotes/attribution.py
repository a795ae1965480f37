"""Which words in an article speak a quote: the attribution rules, tried in order.

- ``block``: a block quote takes the speaker of the paragraph that introduces it.
- ``speech-verb``: a speech verb governs the quote (“…,” X said / said X / X said, “…” /
  X, a fellow at …, said); its subject is the speaker.
- ``according-to``: “…”, according to X.
- ``continuation``: “…”, adding that “…” — the verb has no subject of its own, so the
  speaker is the subject of the verb it continues.
- ``pronoun``: he / she / they / the leader — carried from the nearest earlier sentence
  whose subject or quote speaker fits.
- ``colon``: a sentence ending in a colon introduces the quote that follows.
- ``subject``: a partial quote inside a sentence belongs to that sentence's subject.
- ``quoted-again``: a quote standing alone continues the speaker of the previous quote in
  the same or the previous paragraph.

A quote no rule attributes with confidence is kept without a speaker. Who the speaking
words refer to is decided by ``resolution.SpeakerResolver``.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .grammar import (
    DOCUMENT_NOUNS,
    ROLE_NOUNS,
    is_speech_verb,
    is_unnamed,
    previous_sentence,
    subject_of,
)
from .resolution import SpeakerResolver
from .spans import BLOCK, PARTIAL, QuoteSpan, paragraphs_of
from .speakers import DOCUMENT, PRONOUNS, Entity

QUOTED_AGAIN_PARAGRAPHS = 1


@dataclass
class Attribution:
    speaker: Entity | None
    rule: str
    cue: str
    confidence: float


NO_SPEAKER = Attribution(None, "none", "", 0.0)


class QuoteAttributor:
    """Attributes the quotes of one parsed article, in the order they appear.

    Each attribution is appended to ``attributed`` (shared with the resolver), so a later
    quote, block or pronoun can carry an earlier speaker.
    """

    def __init__(self, doc: Doc, resolver: SpeakerResolver) -> None:
        self.doc = doc
        self.resolver = resolver
        self.gazetteer = resolver.gazetteer
        self.attributed: list[tuple[QuoteSpan, Attribution]] = resolver.attributed
        self.token_starts = [token.idx for token in doc]
        self.paragraph_starts = [p.start for p in paragraphs_of(doc.text)]

    def is_attributive(self, span: QuoteSpan) -> bool:
        """The quoted words modify a noun outside them (their “no limits” partnership) or
        follow "so-called": a label, not somebody's words."""
        tokens = self._quote_tokens(span)
        if not tokens:
            return False
        inside = {t.i for t in tokens}
        before = self.doc[tokens[0].i - 2 : tokens[0].i]
        if "so-called" in before.text.lower() or "so called" in before.text.lower():
            return True
        return any(
            t.head.i not in inside
            and t.dep_ in {"amod", "compound", "nmod"}
            and t.head.pos_ in {"NOUN", "PROPN"}
            for t in tokens
            if not t.is_punct
        )

    def sentence_at(self, offset: int) -> Span:
        token = self._token_at(offset)
        return token.sent

    def _token_at(self, offset: int) -> Token:
        return self.doc[max(0, bisect_right(self.token_starts, offset) - 1)]

    def _paragraph_number(self, offset: int) -> int:
        return max(0, bisect_right(self.paragraph_starts, offset) - 1)

    def _quote_tokens(self, span: QuoteSpan) -> list[Token]:
        first = bisect_right(self.token_starts, span.outer_start - 1)
        last = bisect_right(self.token_starts, span.outer_end - 1)
        return list(self.doc[first:last])

    def attribute(self, span: QuoteSpan, kind: str) -> Attribution:
        tokens = self._quote_tokens(span)
        if not tokens:
            return NO_SPEAKER
        sentences = {t.sent.start for t in tokens}
        first_sentence = tokens[0].sent
        # Climb from the quote to the verb that governs it.
        verb = self._governing_speech_verb(tokens)
        if verb is not None:
            if verb.lemma_ == "accord":
                return self._according_to(verb)
            found = self._speaker_of_verb(verb, span)
            if found:
                return found
            if is_unnamed(self.resolver.speaking_subject(verb)):
                # Somebody the article does not name speaks ("said a senior adviser"):
                # not the last speaker, nor anyone near.
                return Attribution(None, "unnamed", verb.text, 0.0)
        according = self._according_to_in(first_sentence, span)
        if according:
            return according
        frame = [
            t
            for t in first_sentence
            if not (span.outer_start <= t.idx < span.outer_end)
            and not t.is_punct
            and not t.is_space
        ]
        if not frame:
            return self._standalone(span, tokens[0].sent, sentences)
        if kind == PARTIAL or verb is None:
            subject = self._subject_of_clause(tokens)
            if subject is not None and self._in_paragraphs_of(subject, tokens):
                speaker = self.resolver.resolve_token(subject, span)
                if speaker:
                    return Attribution(speaker, "subject", "", 0.75)
        return self._standalone(span, first_sentence, sentences)

    def _governing_speech_verb(self, tokens: list[Token]) -> Token | None:
        inside = {t.i for t in tokens}
        roots = [t for t in tokens if t.head.i not in inside or t.head == t]
        candidates = []
        for root in roots:
            node = root
            for _ in range(6):
                if node.i not in inside and is_speech_verb(node):
                    candidates.append(node)
                    break
                if node.head == node:
                    break
                node = node.head
        # A speech verb that is a dependant of the quote's own sentence ("…,” he said.)
        sentence = tokens[0].sent
        for token in sentence:
            if (
                token.i in inside
                or not is_speech_verb(token)
                or self.resolver.inside_any_quote(token)
            ):
                continue
            if any(child.i in inside for child in token.children):
                candidates.append(token)
            elif token.head.i in inside and token.dep_ in {"parataxis", "advcl"}:
                candidates.append(token)  # "… ,” X said, “…”: parsed as the quote's aside
        # A parenthetical "…, he said, …" attached to the same clause as the quote.
        if not candidates:
            heads = {t.head.i for t in tokens if t.head.i not in inside}
            for token in sentence:
                if (
                    token.dep_ == "parataxis"
                    and is_speech_verb(token)
                    and token.head.i in heads | {h.head.i for h in sentence if h.i in heads}
                ):
                    candidates.append(token)
        candidates = [v for v in candidates if self._in_paragraphs_of(v, tokens)]
        if not candidates:
            return None
        first = tokens[0].i
        return min(candidates, key=lambda v: abs(v.i - first))

    def _in_paragraphs_of(self, token: Token, quote: list[Token]) -> bool:
        """Never across a paragraph break: the parser can run a quotation's sentence on
        into the next paragraph, whose verbs and subjects are somebody else's."""
        number = self._paragraph_number(token.idx)
        first = self._paragraph_number(quote[0].idx)
        if number == first - 1:  # "X put it plainly:" introducing the quotation below
            return self.doc.text[: self.paragraph_starts[first]].rstrip().endswith(":")
        return first <= number <= self._paragraph_number(quote[-1].idx)

    def _speaker_of_verb(self, verb: Token, span: QuoteSpan | None) -> Attribution | None:
        """The speaker of a speech verb, climbing through verbs that share its subject."""
        node, rule = verb, "speech-verb"
        for _ in range(4):
            subject = self.resolver.speaking_subject(node)
            if subject is not None:
                speaker = self.resolver.resolve_token(subject, span) or self.resolver.proper_name(
                    subject
                )
                if speaker is not None:
                    if self.resolver.is_headline_source(speaker):
                        return Attribution(None, "headline", verb.text, 0.0)
                    self.resolver.remember_description(subject, speaker)
                    carried = subject.lower_ in PRONOUNS or subject.lemma_.lower() in ROLE_NOUNS
                    if carried and not self.gazetteer.lookup(self.resolver.noun_phrase(subject)):
                        rule = "pronoun"
                    confidence = {"speech-verb": 0.9, "pronoun": 0.8}.get(rule, 0.75)
                    return Attribution(speaker, rule, verb.text, confidence)
            if node.dep_ not in {"advcl", "xcomp", "conj", "acl", "ccomp", "pcomp", "relcl"}:
                break
            if node.dep_ != "conj" and subject is None:
                fallback = self.resolver.name_before(node)
                if fallback:
                    return Attribution(fallback, "speech-verb", verb.text, 0.7)
            node, rule = node.head, "continuation"
        fallback = self.resolver.name_before(verb) or self._document_of(verb)
        if fallback:
            return Attribution(fallback, "speech-verb", verb.text, 0.7)
        return None

    def _document_of(self, verb: Token) -> Entity | None:
        """“…,” they said in the joint statement: the document is the source."""
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ == "in":
                for obj in prep.children:
                    if obj.dep_ == "pobj" and obj.lemma_.lower() in DOCUMENT_NOUNS:
                        phrase = self.resolver.noun_phrase(obj)
                        return self.gazetteer.lookup(phrase) or self.gazetteer.lookup(
                            "joint statement"
                        )
        return None

    def _according_to_in(self, sentence: Span, span: QuoteSpan) -> Attribution | None:
        for token in sentence:
            if token.lower_ == "according" and not (span.outer_start <= token.idx < span.outer_end):
                found = self._according_to(token)
                if found.speaker:
                    return found
        return None

    def _according_to(self, according: Token) -> Attribution:
        for to in according.children:
            for obj in to.children:
                if obj.dep_ == "pobj":
                    speaker = self.resolver.resolve_token(obj, None)
                    if speaker:
                        return Attribution(speaker, "according-to", "according to", 0.85)
        return NO_SPEAKER

    def _subject_of_clause(self, tokens: list[Token]) -> Token | None:
        inside = {t.i for t in tokens}
        # The quote starts with its own verb: The two leaders “reaffirmed there can be …”
        for token in tokens:
            if token.pos_ in {"VERB", "AUX"}:
                subject = subject_of(token)
                if subject is not None and subject.i not in inside:
                    return subject
        node = next((t for t in tokens if t.head.i not in inside), tokens[0])
        for _ in range(8):
            if node.i not in inside and node.pos_ in {"VERB", "AUX"}:
                subject = subject_of(node)
                if subject is not None and subject.i not in inside:
                    return subject
            if node.head == node:
                break
            node = node.head
        return None

    def _standalone(self, span: QuoteSpan, sentence: Span, sentences: set[int]) -> Attribution:
        previous = previous_sentence(sentence)
        if previous is not None and previous.text.rstrip().rstrip("”\"’' ").endswith(":"):
            for token in previous:
                if is_speech_verb(token) or token.dep_ == "ROOT":
                    subject = self.resolver.speaking_subject(token)
                    if subject is not None:
                        speaker = self.resolver.resolve_token(subject, span)
                        if speaker:
                            self.resolver.remember_description(subject, speaker)
                            return Attribution(speaker, "colon", token.text, 0.8)
        nearby = self._said_next_door(span, sentence)
        if nearby is not None:
            return nearby
        last = self._previous_quote_nearby(span)
        if last is not None:
            return Attribution(last.speaker, "quoted-again", "", 0.6)
        return NO_SPEAKER

    def _said_next_door(self, span: QuoteSpan, sentence: Span) -> Attribution | None:
        """A quote standing alone, next to a sentence without a quote of its own that says
        who speaks: before it, "X told reporters on Monday that …"; after it, "That is
        according to X." (In the same paragraph, or the one before when the quote opens
        its paragraph.)"""
        previous = previous_sentence(sentence)
        if previous is not None and self._quote_free(previous) and self._near(previous, span):
            for token in previous:
                if not is_speech_verb(token) or token.lemma_ == "accord":
                    continue
                subject = self.resolver.speaking_subject(token)
                speaker = self.resolver.resolve_token(subject, span) if subject else None
                if speaker is not None and speaker.kind != DOCUMENT:
                    self.resolver.remember_description(subject, speaker)
                    return Attribution(speaker, "neighbour", token.text, 0.65)
        following = self._next_sentence(sentence)
        here = self._paragraph_number(span.outer_start)
        if (
            following is not None
            and self._quote_free(following)
            and self._paragraph_number(following.start_char) == here
        ):
            found = self._according_to_in(following, span)
            if found is not None:
                return Attribution(found.speaker, "neighbour", found.cue, 0.65)
        return None

    def _quote_free(self, sentence: Span) -> bool:
        return not any(
            sentence.start_char <= s.outer_start < sentence.end_char
            for s in self.resolver.direct_spans
        )

    def _near(self, sentence: Span, span: QuoteSpan) -> bool:
        here = self._paragraph_number(span.outer_start)
        there = self._paragraph_number(sentence.start_char)
        opens_paragraph = self.paragraph_starts[here] >= span.outer_start - 1
        return here == there or (here - there == 1 and opens_paragraph)

    def _next_sentence(self, sentence: Span) -> Span | None:
        return self.doc[sentence.end].sent if sentence.end < len(self.doc) else None

    def _previous_quote_nearby(self, span: QuoteSpan) -> Attribution | None:
        here = self._paragraph_number(span.outer_start)
        for earlier, attribution in reversed(self.attributed):
            if attribution.speaker is None or earlier.kind == BLOCK:
                continue
            there = self._paragraph_number(earlier.outer_start)
            if here - there > QUOTED_AGAIN_PARAGRAPHS:
                return None
            if self._someone_else_between(earlier.outer_end, span.outer_start, attribution):
                return None  # another person came in between: who speaks now is not sure
            return attribution
        return None

    def _someone_else_between(self, start: int, end: int, attribution: Attribution) -> bool:
        """A person other than the last speaker is named between two quotes (outside any
        quote): "Kelly then asked him …"."""
        speaker = attribution.speaker
        for ent in self.resolver.person_ents:
            if not start <= ent.start_char < end or self.resolver.inside_any_quote(ent[0]):
                continue
            person = self.resolver.people.resolve(ent.text)
            if person is not None and (speaker is None or person.name not in speaker.name):
                return True
        return False

    def attribute_block(self, intro) -> Attribution:
        if intro is None:
            return NO_SPEAKER
        closing = [
            (span, attribution)
            for span, attribution in self.attributed
            if intro.start <= span.outer_start and span.outer_end >= intro.end - 3
        ]
        if closing and closing[-1][1].speaker is not None:
            return Attribution(closing[-1][1].speaker, "block", closing[-1][1].cue, 0.8)
        last_sentence = self.sentence_at(max(intro.start, intro.end - 2))
        sentences = [last_sentence]
        if last_sentence.start_char > intro.start:
            sentences.append(self.sentence_at(intro.start))
        for sentence in sentences:
            verbs = [
                t for t in sentence if is_speech_verb(t) and not self.resolver.inside_any_quote(t)
            ]
            for verb in verbs:
                subject = self.resolver.speaking_subject(verb)
                if subject is None:
                    continue
                speaker = self.resolver.resolve_token(subject, None)
                if speaker:
                    self.resolver.remember_description(subject, speaker)
                    return Attribution(speaker, "block", verb.text, 0.8)
            for ent in sentence.ents:
                if ent.label_ == "PERSON" and not self.resolver.inside_any_quote(ent[0]):
                    speaker = self.resolver.people.resolve(ent.text)
                    if speaker:
                        return Attribution(speaker, "block", "", 0.6)
        return NO_SPEAKER
