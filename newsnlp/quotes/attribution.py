"""Which words in an article speak a quote: the attribution rules, tried in order.

- ``block``: a block quote takes the speaker of the paragraph that introduces it.
- ``speech-verb``: a speech verb governs the quote (“…,” X said / said X / X said, “…” /
  X, a fellow at …, said), or stands right after it in a sentence of its own (“…?” X
  said.); its subject is the speaker. Never a verb across a paragraph break.
- ``unnamed``: the verb's subject is a noun that names nobody the article names ("said a
  senior adviser", "the newspaper noted"): no speaker (no other rule guesses one); the
  quote keeps the description as its ``source``, and quoted-again carries it on.
- ``according-to``: “…”, according to X. / As X put it, … “…” / X's answer was that “…”.
- ``continuation``: “…”, adding that “…” — the verb has no subject of its own, so the
  speaker is the subject of the verb it continues.
- ``pronoun``: he / she / they / the leader — carried from the nearest earlier sentence
  whose subject or quote speaker fits.
- ``colon``: a sentence ending in a colon introduces the quote that follows.
- ``subject``: a partial quote inside a sentence belongs to that sentence's subject.
- ``neighbour``: the sentence before says who speaks ("X agreed. “…”", "X told reporters
  on Monday that …"), or the one after ("That is according to X.").
- ``quoted-again``: a quote standing alone continues the speaker of the previous quote in
  the same or the previous paragraph.

The rules that look beyond the quote's sentence live in ``nearby.py``.

A quote no rule attributes with confidence is kept without a speaker. Who the speaking
words refer to is decided by ``resolution.SpeakerResolver``.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

from .grammar import (
    ROLE_NOUNS,
    is_speech_verb,
    spoken_to,
    subject_of,
)
from .nearby import NO_SPEAKER, Attribution, NearbyRules, source_phrase
from .refinements import Refinement
from .reports import ReportRules
from .resolution import SpeakerResolver
from .spans import PARTIAL, QuoteSpan, paragraphs_of
from .speakers import PRONOUNS


class QuoteAttributor(ReportRules, NearbyRules):
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
        before = self.doc.text[max(0, span.outer_start - 12) : span.outer_start].lower()
        if before.rstrip().endswith(("so-called", "so called")):  # "so-called" is 3 tokens
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
        # The sentence of the first word: the parser can leave the opening mark at the end
        # of the sentence before.
        first_sentence = next((t for t in tokens if not (t.is_punct or t.is_space)), tokens[0]).sent
        # Climb from the quote to the verb that governs it.
        verb = self._governing_speech_verb(tokens)
        if verb is not None:
            if verb.lemma_ == "accord":
                return self.according_to(verb)
            found = self.speaker_of_verb(verb, span)
            if found:
                return found
            if spoken_to(verb):
                return NO_SPEAKER  # "X was asked, “…”" by somebody the sentence does not name
            subject = self.resolver.speaking_subject(verb)
            if (
                subject is not None
                and subject.pos_ in {"NOUN", "PROPN"}
                and subject.dep_ == "nsubj"
            ):
                # Somebody the article does not name speaks ("said a senior adviser", "the
                # newspaper noted"): not the last speaker, nor anyone near; the source is
                # kept as the article describes it.
                return Attribution(None, "unnamed", verb.text, 0.5, source_phrase(subject))
        after = (verb is None and self._said_right_after(span, tokens)) or self._named_right_after(
            span, tokens
        )
        if after:
            return after
        if verb is None and (introduced := self._introduced_by_colon(span, tokens)):
            return introduced
        according = (
            self._according_to_in(first_sentence, span)
            or self._as_put_by(first_sentence, span)
            or self._whose_words(first_sentence, span)
        )
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
            return self._standalone(span, first_sentence)
        if kind == PARTIAL or verb is None:
            subject = self._subject_of_clause(tokens)
            if subject is not None and self._in_paragraphs_of(subject, tokens):
                speaker = self.resolver.resolve_token(subject, span)
                if speaker:
                    return Attribution(speaker, "subject", "", 0.75)
        return self._standalone(span, first_sentence)

    def _governing_speech_verb(self, tokens: list[Token]) -> Token | None:
        inside = {t.i for t in tokens}
        # A quotation mark or comma the parser hung on a later verb does not make that verb
        # the quote's: only words count.
        roots = [t for t in tokens if (t.head.i not in inside or t.head == t) and not t.is_punct]
        candidates = []
        for root in roots:
            node = root
            for _ in range(6):
                if node.i not in inside and is_speech_verb(node):
                    candidates.append(node)
                    break
                if node.head == node:
                    break
                if node.dep_ == "advcl" and node.i not in inside and subject_of(node):
                    break  # "While X and Y enjoyed tea, discussing “…”, Z were calling …"
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
            if any(child.i in inside and not child.is_punct for child in token.children):
                candidates.append(token)
            elif token.head.i in inside and token.dep_ in {"parataxis", "advcl"}:
                candidates.append(token)  # "… ,” X said, “…”: parsed as the quote's aside
            elif token.dep_ != "relcl" and self._introduces(token, tokens[0]):
                candidates.append(token)  # "X shrugged it off, telling reporters, “…”"
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

    def _introduces(self, verb: Token, opening: Token) -> bool:
        """The verb's phrase ends right before the quotation with a comma or a colon and
        nothing else between: the quotation is what it says."""
        end = verb.right_edge
        while end.i > verb.i and end.is_punct:  # the comma can be the phrase's last token
            end = self.doc[end.i - 1]
        between = self.doc.text[end.idx + len(end) : opening.idx].strip()
        return end.i < opening.i and between in {",", ":"}

    def _in_paragraphs_of(self, token: Token, quote: list[Token]) -> bool:
        """Never across a paragraph break: the parser can run a quotation's sentence on
        into the next paragraph, whose verbs and subjects are somebody else's."""
        number = self._paragraph_number(token.idx)
        first = self._paragraph_number(quote[0].idx)
        if number == first - 1:  # "X put it plainly:" introducing the quotation below
            return _ends_with_colon(self.doc.text, self.paragraph_starts[first])
        return first <= number <= self._paragraph_number(quote[-1].idx)

    def speaker_of_verb(self, verb: Token, span: QuoteSpan | None) -> Attribution | None:
        """The speaker of a speech verb, climbing through verbs that share its subject."""
        node, rule = verb, "speech-verb"
        for _ in range(4):
            subjects = self.resolver.speaking_subjects(node, passive_agent=node.i == verb.i)
            if node.i == verb.i and Refinement.REPORTED_CLAUSE in self.resolver.refinements:
                reported = self._reported_by(verb, subjects, span)
                if reported is not None:
                    return reported
            for subject in subjects:
                speaker = self.resolver.resolve_speaker(subject, span)
                if speaker is not None:
                    if subject.pos_ == "PROPN" and self.resolver.is_headline_source(speaker):
                        return Attribution(None, "headline", verb.text, 0.0)
                    self.resolver.remember_description(subject, speaker)
                    carried = subject.lower_ in PRONOUNS or subject.lemma_.lower() in ROLE_NOUNS
                    if carried and not self.gazetteer.lookup(self.resolver.noun_phrase(subject)):
                        rule = "pronoun"
                    confidence = {"speech-verb": 0.9, "pronoun": 0.8}.get(rule, 0.75)
                    return Attribution(speaker, rule, verb.text, confidence)
            if node.dep_ not in {"advcl", "xcomp", "conj", "acl", "ccomp", "pcomp", "relcl"}:
                break
            if not self._same_paragraph(node.head, verb):
                break  # the parser ran the sentence on from the paragraph before
            if node.dep_ != "conj" and not subjects:
                fallback = self.resolver.name_before(node)
                if fallback:
                    return Attribution(fallback, "speech-verb", verb.text, 0.7)
            node, rule = node.head, "continuation"
            if (
                not subjects
                and node.dep_ == "ccomp"
                and is_speech_verb(node.head)
                and self._same_paragraph(node.head, verb)
            ):
                # "X said Clinton will have to choose, saying “…”": the participle hangs on
                # the reported clause but continues the one who reports it.
                node = node.head
        fallback = (
            self.resolver.name_before(verb)
            or self._document_of(verb)
            or (self._right_after_quote(verb, span) and self.resolver.name_after(verb))
        )
        if fallback:
            return Attribution(fallback, "speech-verb", verb.text, 0.7)
        return None

    def _same_paragraph(self, one: Token, other: Token) -> bool:
        return self._paragraph_number(one.idx) == self._paragraph_number(other.idx)

    def _right_after_quote(self, verb: Token, span: QuoteSpan | None) -> bool:
        """Nothing but punctuation between the quote's end and ``verb`` (“…,” said X)."""
        if span is None or verb.idx < span.outer_end:
            return False
        between = self.doc.text[span.outer_end : verb.idx]
        return not any(char.isalnum() for char in between)


def _ends_with_colon(text: str, end: int) -> bool:
    """The text before ``end`` ends in a colon (past any spaces), read from ``end`` back
    rather than by copying everything before it."""
    index = end - 1
    while index >= 0 and text[index].isspace():
        index -= 1
    return index >= 0 and text[index] == ":"
