"""The attribution rules that look beyond a quote's own parse: the sentence right after it
("“…?” Biden said."), the words right after the closing mark ("“…,” Conway notes", a
"— Sanders." line), an introduction ending in a colon ("X apologized: “…”", "Helen Marsh:
“…”"), the sentences before and after ("X agreed. “…”"), the previous quote's speaker, and
a block quote's introducing paragraph. A mixin of ``QuoteAttributor``, which supplies the
document, the resolver and the paragraph bookkeeping these rules read."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from .grammar import (
    INVERTED_INTRODUCTION,
    is_speech_verb,
    is_speech_verb_form,
    previous_sentence,
    speech_verb_closing,
)
from .refinements import Refinement
from .spans import BLOCK, QuoteSpan
from .speakers import DOCUMENT, HEADLINE_WORDS, PERSON, PRONOUNS, Entity
from .vocabulary import SPEECH_VERBS

QUOTED_AGAIN_PARAGRAPHS = 1


@dataclass
class Attribution:
    speaker: Entity | None
    rule: str
    cue: str
    confidence: float
    # An unnamed source as the article describes it ("a senior Cruz adviser"), when the
    # speaker is somebody the article does not name.
    source: str = ""


NO_SPEAKER = Attribution(None, "none", "", 0.0)


class NearbyRules:
    """Rules over a quote's neighbourhood (see ``QuoteAttributor``)."""

    def _said_right_after(self, span: QuoteSpan, quote: list[Token]) -> Attribution | None:
        """“… ?” Biden said. — the parser often ends the sentence inside the quotation
        marks, leaving "Biden said." a sentence of its own that starts right after them."""
        index = quote[-1].i + 1
        while index < len(self.doc) and self.doc[index].is_punct and self.doc[index].text != "“":
            index += 1
        if index >= len(self.doc) or not self._in_paragraphs_of(self.doc[index], quote):
            return None
        sentence = self.doc[index].sent
        if sentence.start != index:
            return None
        for verb in sentence[:6]:
            subject = self.resolver.speaking_subject(verb) if is_speech_verb(verb) else None
            if subject is not None:
                speaker = self.resolver.resolve_speaker(subject, span)
                return Attribution(speaker, "speech-verb", verb.text, 0.85) if speaker else None
        return None

    def _named_right_after(self, span: QuoteSpan, quote: list[Token]) -> Attribution | None:
        """The words right after the closing mark say who speaks, however they were parsed:
        “…,” Conway notes. (the tagger read "Conway notes" as two nouns) — or a line of
        its own, “…” / — Sanders. (a fact check's or an epigraph's attribution line)."""
        doc, index = self.doc, quote[-1].i + 1
        dashed = False
        while index < len(doc) and (doc[index].is_punct or doc[index].is_space):
            if doc[index].text == "“":
                return None
            dashed |= doc[index].text in {"-", "–", "—", "--"}
            index += 1
        if index >= len(doc):
            return None
        paragraph = self._paragraph_number(doc[index].idx)
        if paragraph != self._paragraph_number(quote[-1].idx) and not dashed:
            return None
        end = index
        while end < len(doc) and end - index < 4 and _capitalised_word(doc[end]):
            end += 1
        if end == index:
            return self._subject_then_verb(span, index)
        follows = doc[end] if end < len(doc) else None
        if follows is not None and follows.text == ",":  # “…,” Ramos, 58, told AFP
            closing = next((t for t in doc[end + 1 : end + 12] if t.text == ","), None)
            if closing is not None and not any(t.is_quote for t in doc[end : closing.i]):
                follows = doc[closing.i + 1] if closing.i + 1 < len(doc) else None
            else:  # “…,” Nate Silver, the pollster who founded the site tweeted on Monday.
                follows = speech_verb_closing(doc[end + 1 : end + 20]) or follows
        verb_form = (
            follows is not None
            and follows.lemma_.lower() in SPEECH_VERBS
            and follows.lower_ != follows.lemma_.lower()  # "notes", "said": not "note"
        )
        line_end = follows is None or follows.is_punct or follows.is_space
        if not (verb_form or (dashed and line_end)):
            return None
        speaker = self.resolver.people.resolve(doc[index:end].text)
        if speaker is None and len(doc[index:end]) == 1:
            speaker = self.resolver.proper_name(doc[index])
        if speaker is None:
            return None
        return Attribution(speaker, "speech-verb", follows.text if verb_form else "—", 0.8)

    def _subject_then_verb(self, span: QuoteSpan, index: int) -> Attribution | None:
        """“…” the paper's senior politics editor Steven Ginsberg responded. — a subject
        starting right after the closing mark and its speech verb, however they were parsed
        into the sentence (here without the comma)."""
        for token in self.doc[index : min(index + 12, len(self.doc))]:
            if token.is_quote or token.text in {".", "!", "?", ";"} or "\n" in token.text:
                return None
            if not is_speech_verb(token) or token.lower_ == token.lemma_.lower():
                continue
            subject = self.resolver.speaking_subject(token)
            if subject is None:  # parsed as a conjunct of the quotation: the name before it
                speaker = self.resolver.name_before(token)
            elif subject.left_edge.i < index or subject.i > token.i:
                return None
            else:
                speaker = self.resolver.resolve_speaker(subject, span)
            return Attribution(speaker, "speech-verb", token.text, 0.8) if speaker else None
        return None

    def _introduced_by_colon(self, span: QuoteSpan, quote: list[Token]) -> Attribution | None:
        """X apologized for what happened: “…” — the clause before a colon introduces the
        quotation after it, whatever its verb: its subject speaks."""
        labelled = self._name_before_colon(quote) or self._verb_and_name_before_colon(span)
        if labelled is not None:
            return labelled
        sentence = quote[0].sent
        before = self.doc.text[sentence.start_char : span.outer_start].rstrip()
        if not before.endswith(":"):
            return None
        verbs = [t for t in sentence if t.idx < span.outer_start and t.pos_ in {"VERB", "AUX"}]
        for verb in reversed(verbs):  # the nearest clause whose subject names somebody
            subject = self.resolver.speaking_subject(verb)
            speaker = self.resolver.resolve_token(subject, span) if subject is not None else None
            if speaker is not None:
                return Attribution(speaker, "colon", verb.text, 0.8)
            if subject is not None and subject.pos_ == "NOUN" and is_speech_verb(verb):
                # "a spokesman for X could only quip: “…”": somebody the article does not name
                return Attribution(None, "unnamed", verb.text, 0.5, source_phrase(subject))
        return None

    def _verb_and_name_before_colon(self, span: QuoteSpan) -> Attribution | None:
        """ "Stated Stone:" / "Continued Stone: “…”" — a verb of speech and a name, inverted,
        opening the line or sentence that introduces the quotation (the parser reads the
        verb as part of the name)."""
        text = self.doc.text
        end = len(text[: span.outer_start].rstrip())  # the line before, when the quote is below
        line_start = max(text.rfind("\n", 0, end), 0)
        found = INVERTED_INTRODUCTION.search(text, line_start, end)
        if found is None or not is_speech_verb_form(found.group("verb")):
            return None
        speaker = self.resolver.people.resolve(found.group("name"))
        if speaker is None or speaker.kind != PERSON:
            return None
        return Attribution(speaker, "colon", found.group("verb"), 0.8)

    def _name_before_colon(self, quote: list[Token]) -> Attribution | None:
        """A name and a colon label the quotation, as transcripts and digests write it:
        "Carl Bialik: “…”", "Rep. Trey Gowdy (R-S.C.): “…”"."""
        index = quote[0].i - 1
        while index >= 0 and self.doc[index].is_space:
            index -= 1
        if index < 1 or self.doc[index].text not in {":", "):"}:
            return None
        if self.doc[index].text == ":":  # the tokenizer keeps "):" together
            index -= 1
        if self.doc[index].text in {")", "):"}:  # a party and state, "(R-S.C.)"
            while index > 0 and self.doc[index].text != "(":
                index -= 1
            index -= 1
        ent = self.resolver.entity_of.get(index)
        if ent is None or ent.label_ != "PERSON" or ent.end - 1 != index:
            return None
        if self._paragraph_number(ent.start_char) != self._paragraph_number(quote[0].idx):
            return None
        # A label, not an object: no verb between the line's start (or a dash) and the name
        # ("Trump told Sean Hannity: “…”" is Trump speaking).
        start = ent.start - 1
        while start >= 0 and not (
            self.doc[start].is_space or self.doc[start].text in {"-", "–", "—", "--", "."}
        ):
            if self.doc[start].pos_ in {"VERB", "AUX"}:
                return None
            start -= 1
        speaker = self.resolver.people.resolve(ent.text)
        return Attribution(speaker, "colon", ":", 0.8) if speaker else None

    def _standalone(self, span: QuoteSpan, sentence: Span) -> Attribution:
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
            return Attribution(last.speaker, "quoted-again", "", 0.6, last.source)
        return NO_SPEAKER

    def _said_next_door(self, span: QuoteSpan, sentence: Span) -> Attribution | None:
        """A quote standing alone, next to a sentence without a quote of its own that says
        who speaks: before it, "X told reporters on Monday that …"; after it, "That is
        according to X." (In the same paragraph, or the one before when the quote opens
        its paragraph.)"""
        previous = previous_sentence(sentence)
        if previous is not None and self._quote_free(previous) and self._near(previous, span):
            if Refinement.CARRIED_SOURCE in self.resolver.refinements:
                source = self.resolver.according_to_source(previous)
                if source is not None:  # "According to an aide, X, …. It will “…”"
                    return Attribution(source, "neighbour", "according to", 0.65)
            for token in previous:
                if not is_speech_verb(token) or token.lemma_ == "accord":
                    continue
                subject = self.resolver.speaking_subject(token)
                speaker = self.resolver.resolve_token(subject, span) if subject else None
                if speaker is not None and speaker.kind != DOCUMENT:
                    self.resolver.remember_description(subject, speaker)
                    return Attribution(speaker, "neighbour", token.text, 0.65)
            if Refinement.CARRIED_SOURCE in self.resolver.refinements and self._ends_sentence(span):
                actor = self._sole_actor(previous, span)
                if actor is not None:  # "X praised the deal. “…”": X goes on
                    return Attribution(actor, "neighbour", "", 0.6)
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

    def _sole_actor(self, sentence: Span, span: QuoteSpan) -> Entity | None:
        """The person a sentence is about — its main subject, named — when it names nobody
        else: a quote standing alone right after it continues that person."""
        root = sentence.root
        subject = next(
            (t for t in root.children if t.dep_ == "nsubj" and t.lower_ not in PRONOUNS), None
        )
        if subject is None or self.resolver._people_named_in(sentence) > 1:
            return None
        person = self.resolver.resolve_token(subject, span)
        return person if person is not None and person.kind == PERSON else None

    def _ends_sentence(self, span: QuoteSpan) -> bool:
        """The quotation ends a sentence of its own (“….” or “…”.), rather than handing on
        to words after it that the parse did not read as its attribution (“…,” reads …)."""
        text = self.doc.text
        inner = text[span.start : span.end].rstrip()
        after = text[span.outer_end : span.outer_end + 2]
        return inner[-1:] in ".!?…" or not after.strip() or after.lstrip()[:1] in ".\n"

    def _quote_free(self, sentence: Span) -> bool:
        return not any(
            sentence.start_char <= s.outer_start < sentence.end_char
            for s in self.resolver.direct_spans
        )

    def _near(self, sentence: Span, span: QuoteSpan) -> bool:
        here = self._paragraph_number(span.outer_start)
        # Where its words start: the parser can begin a sentence with the closing mark and
        # the paragraph break before it.
        first = next((t for t in sentence if not (t.is_punct or t.is_space)), sentence[0])
        there = self._paragraph_number(first.idx)
        opens_paragraph = self.paragraph_starts[here] >= span.outer_start - 1
        return here == there or (here - there == 1 and opens_paragraph)

    def _next_sentence(self, sentence: Span) -> Span | None:
        return self.doc[sentence.end].sent if sentence.end < len(self.doc) else None

    def _previous_quote_nearby(self, span: QuoteSpan) -> Attribution | None:
        here = self._paragraph_number(span.outer_start)
        for earlier, attribution in reversed(self.attributed):
            if (attribution.speaker is None and not attribution.source) or earlier.kind == BLOCK:
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
        quote): "Kelly then asked him …". In the sentence that closes the earlier quote only
        a subject counts: “…,” X said of Bill Clinton — Clinton does not speak next."""
        speaker = attribution.speaker
        closing = self.sentence_at(max(start - 1, 0))
        for ent in self.resolver.person_ents:
            if not start <= ent.start_char < end or self.resolver.inside_any_quote(ent[0]):
                continue
            if ent.start_char < closing.end_char and ent.root.dep_ not in {"nsubj", "nsubjpass"}:
                continue
            if speaker is not None and self._about_the_speaker(ent, speaker):
                continue  # "X supports Clinton in the race." — still X's paragraph
            person = self.resolver.people.resolve(ent.text)
            if person is not None and (speaker is None or person.name not in speaker.name):
                return True
        return False

    def _about_the_speaker(self, ent: Span, speaker: Entity) -> bool:
        """``ent`` is not a subject, in a sentence whose main subject is ``speaker``."""
        if ent.root.dep_ in {"nsubj", "nsubjpass"}:
            return False
        subject = next(
            (t for t in ent.sent if t.dep_ in {"nsubj", "nsubjpass"} and t.head.dep_ == "ROOT"),
            None,
        )
        if subject is None or subject.lower_ in PRONOUNS:
            return False
        resolved = self.resolver.resolve_token(subject, None)
        return resolved is not None and resolved.name == speaker.name

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


def _capitalised_word(token: Token) -> bool:
    """A word of a name: capitalised, not a headline's small word."""
    return token.is_alpha and token.text[:1].isupper() and token.text not in HEADLINE_WORDS


SOURCE_CHARS = 200


def source_phrase(subject: Token) -> str:
    """An unnamed source's words, with what the article adds about them ("a longtime
    adviser to Trump, who declined to be identified"), as one line of at most 200 chars."""
    words = subject.doc[subject.left_edge.i : subject.right_edge.i + 1].text
    phrase = " ".join(words.split()).strip(" ,;:")
    return phrase if len(phrase) <= SOURCE_CHARS else phrase[: SOURCE_CHARS - 1] + "…"
