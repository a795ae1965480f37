"""Quotes and speakers from an article body: spans, attribution, entity resolution.

``extract_all(texts, nlp, gazetteer)`` runs the spaCy pipeline over the texts with
``nlp.pipe`` and returns one ``ArticleExtraction`` per text. Nothing here touches the
database; ``services.store_extraction`` writes the result.

Attribution tries these rules in order and records which one fired:

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

A quote no rule attributes with confidence is kept without a speaker.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .quotes import (
    BLOCK,
    PARTIAL,
    QuoteSpan,
    classify_direct,
    find_block_quotes,
    find_direct_quotes,
    is_name_in_quotes,
    is_title,
    paragraphs_of,
)
from .speakers import (
    GOVERNMENT,
    ORGANISATION,
    PERSON,
    PLURAL_PRONOUNS,
    PRONOUNS,
    ArticlePeople,
    Entity,
    Gazetteer,
    looks_like_a_name,
    strip_titles,
)

SPEECH_VERBS = {
    "say", "tell", "add", "argue", "write", "note", "warn", "stress", "summarize", "summarise",
    "claim", "declare", "proclaim", "state", "insist", "explain", "ask", "reply", "respond",
    "comment", "announce", "hail", "call", "decry", "urge", "accuse", "concur", "highlight",
    "underline", "underscore", "emphasize", "emphasise", "acknowledge", "admit", "suggest",
    "tweet", "conclude", "recall", "describe", "reaffirm", "reiterate", "condemn", "slam",
    "express", "welcome", "pledge", "vow", "promise", "predict", "observe", "remark", "assert",
    "contend", "caution", "complain", "deny", "term", "label", "dub", "praise", "criticize",
    "criticise", "denounce", "affirm", "believe", "think", "put", "speak", "report",
}  # fmt: skip
DOCUMENT_NOUNS = {"statement", "declaration", "document", "communique", "communiqué", "text"}
GROUP_NOUNS = {"leader", "country", "nation", "side", "government"}
ROLE_NOUNS = {"leader", "minister", "president", "official", "spokesman", "spokeswoman",
              "spokesperson", "diplomat", "ambassador", "analyst", "expert", "premier"}  # fmt: skip
GOVERNMENT_WORDS = ("ministry", "government", "kremlin", "white house", "department", "parliament")
QUOTED_AGAIN_PARAGRAPHS = 1


@dataclass(frozen=True)
class ExtractedQuote:
    start: int
    end: int
    text: str
    kind: str
    speaker: Entity | None
    rule: str
    cue: str
    confidence: float


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    person: Entity


@dataclass(frozen=True)
class ArticleExtraction:
    quotes: list[ExtractedQuote]
    mentions: list[Mention]
    warnings: list[str] = field(default_factory=list)

    @property
    def people(self) -> list[Entity]:
        by_name = {m.person.name: m.person for m in self.mentions}
        for quote in self.quotes:
            if quote.speaker:
                by_name.setdefault(quote.speaker.name, quote.speaker)
        return list(by_name.values())


@dataclass
class _Attribution:
    speaker: Entity | None
    rule: str
    cue: str
    confidence: float


NO_SPEAKER = _Attribution(None, "none", "", 0.0)


def extract_all(
    texts: Iterable[str], nlp: Language, gazetteer: Gazetteer, batch_size: int = 16
) -> list[ArticleExtraction]:
    """Extract quotes and people from each text, parsing them in ``nlp.pipe`` batches."""
    return [extract_from_doc(doc, gazetteer) for doc in nlp.pipe(texts, batch_size=batch_size)]


def extract_from_doc(doc: Doc, gazetteer: Gazetteer) -> ArticleExtraction:
    return _ArticleExtractor(doc, gazetteer).run()


class _ArticleExtractor:
    def __init__(self, doc: Doc, gazetteer: Gazetteer) -> None:
        self.doc = doc
        self.body = doc.text
        self.gazetteer = gazetteer
        self.headings = {(p.start, p.end) for p in paragraphs_of(self.body) if _is_heading(p.text)}
        person_ents = [ent for ent in doc.ents if ent.label_ == "PERSON" and self._usable(ent)]
        full_names = [
            strip_titles(ent.text)
            for ent in person_ents
            if len(strip_titles(ent.text).split()) >= 2
            and looks_like_a_name(strip_titles(ent.text))
        ]
        self.people = ArticlePeople(gazetteer, full_names)
        self.person_ents = person_ents
        self.token_starts = [token.idx for token in doc]
        self.entity_of: dict[int, Span] = {
            i: ent for ent in doc.ents for i in range(ent.start, ent.end)
        }
        self.paragraphs = paragraphs_of(self.body)
        self.paragraph_starts = [p.start for p in self.paragraphs]
        self.direct_spans = find_direct_quotes(self.body)
        self.descriptions: dict[str, str] = {}
        self.attributed: list[tuple[QuoteSpan, _Attribution]] = []
        self.warnings: list[str] = []

    # -- the whole article -------------------------------------------------------------

    def run(self) -> ArticleExtraction:
        blocks = find_block_quotes(self.body)
        spans = [(span, None) for span in self.direct_spans]
        spans += [(span, intro) for span, intro in blocks]
        spans.sort(key=lambda item: (item[0].start, -item[0].end))
        quotes = []
        for span, intro in spans:
            if not span.closed:
                self.warnings.append(f"quotation mark at {span.outer_start} is never closed")
            extracted = self._quote(span, intro)
            if extracted:
                quotes.append(extracted)
        return ArticleExtraction(quotes, self._mentions(), self.warnings)

    def _quote(self, span: QuoteSpan, intro) -> ExtractedQuote | None:
        text = span.text_in(self.body)
        if span.kind == BLOCK:
            attribution = self._attribute_block(intro)
            kind = BLOCK
        else:
            if is_title(self.body, span) or is_name_in_quotes(text):
                return None
            sentence = self._sentence_at(span.outer_start)
            kind = classify_direct(self.body, span, sentence.start_char, sentence.end_char)
            attribution = self._attribute(span, kind)
            if attribution.rule == "headline":
                return None
            if kind == PARTIAL and len(text.split()) <= 1 and attribution.rule != "speech-verb":
                return None  # a single word in scare quotes
        self.attributed.append((span, attribution))
        speaker = attribution.speaker
        if speaker and speaker.kind == PERSON and speaker.name in self.descriptions:
            speaker = Entity(speaker.name, PERSON, self.descriptions[speaker.name], speaker.aliases)
        return ExtractedQuote(
            start=span.start,
            end=span.end,
            text=text,
            kind=kind,
            speaker=speaker,
            rule=attribution.rule,
            cue=attribution.cue,
            confidence=attribution.confidence,
        )

    def _mentions(self) -> list[Mention]:
        mentions = []
        for ent in self.person_ents:
            person = self.people.resolve(ent.text)
            if person and person.kind == PERSON:
                start, end = _name_bounds(ent)
                mentions.append(Mention(start, end, self.body[start:end], person))
        return mentions

    def _usable(self, ent: Span) -> bool:
        """NER noise never becomes a person: headings, fragments, joined names."""
        if any(start <= ent.start_char and ent.end_char <= end for start, end in self.headings):
            return False
        name = strip_titles(ent.text)
        if "\n" in ent.text or not looks_like_a_name(name):
            return False
        parts = name.replace("–", "-").split("-")
        if len(parts) > 1 and any(self.gazetteer.lookup(part) for part in parts):
            return False
        return len(name.split()) >= 2 or self.gazetteer.lookup(name) is not None

    # -- attribution ---------------------------------------------------------------------

    def _sentence_at(self, offset: int) -> Span:
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

    def _inside_any_quote(self, token: Token) -> bool:
        return any(s.outer_start <= token.idx < s.outer_end for s in self.direct_spans)

    def _attribute(self, span: QuoteSpan, kind: str) -> _Attribution:
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
            if subject is not None:
                speaker = self._resolve_token(subject, span)
                if speaker:
                    return _Attribution(speaker, "subject", "", 0.75)
        return self._standalone(span, first_sentence, sentences)

    def _governing_speech_verb(self, tokens: list[Token]) -> Token | None:
        inside = {t.i for t in tokens}
        roots = [t for t in tokens if t.head.i not in inside or t.head == t]
        candidates = []
        for root in roots:
            node = root
            for _ in range(6):
                if node.i not in inside and _is_speech_verb(node):
                    candidates.append(node)
                    break
                if node.head == node:
                    break
                node = node.head
        # A speech verb that is a dependant of the quote's own sentence ("…,” he said.)
        sentence = tokens[0].sent
        for token in sentence:
            if token.i in inside or not _is_speech_verb(token) or self._inside_any_quote(token):
                continue
            if any(child.i in inside for child in token.children):
                candidates.append(token)
        # A parenthetical "…, he said, …" attached to the same clause as the quote.
        if not candidates:
            heads = {t.head.i for t in tokens if t.head.i not in inside}
            for token in sentence:
                if (
                    token.dep_ == "parataxis"
                    and _is_speech_verb(token)
                    and token.head.i in heads | {h.head.i for h in sentence if h.i in heads}
                ):
                    candidates.append(token)
        if not candidates:
            return None
        first = tokens[0].i
        return min(candidates, key=lambda v: abs(v.i - first))

    def _speaker_of_verb(self, verb: Token, span: QuoteSpan | None) -> _Attribution | None:
        """The speaker of a speech verb, climbing through verbs that share its subject."""
        node, rule = verb, "speech-verb"
        for _ in range(4):
            subject = _subject(node)
            if subject is not None:
                speaker = self._resolve_token(subject, span)
                if speaker is not None:
                    if self._is_headline_source(speaker):
                        return _Attribution(None, "headline", verb.text, 0.0)
                    self._remember_description(subject, speaker)
                    carried = subject.lower_ in PRONOUNS or subject.lemma_.lower() in ROLE_NOUNS
                    if carried and not self.gazetteer.lookup(self._noun_phrase(subject)):
                        rule = "pronoun"
                    confidence = {"speech-verb": 0.9, "pronoun": 0.8}.get(rule, 0.75)
                    return _Attribution(speaker, rule, verb.text, confidence)
            if node.dep_ not in {"advcl", "xcomp", "conj", "acl", "ccomp", "pcomp", "relcl"}:
                break
            if node.dep_ != "conj" and subject is None:
                fallback = self._name_before(node)
                if fallback:
                    return _Attribution(fallback, "speech-verb", verb.text, 0.7)
            node, rule = node.head, "continuation"
        fallback = self._name_before(verb) or self._document_of(verb)
        if fallback:
            return _Attribution(fallback, "speech-verb", verb.text, 0.7)
        return None

    def _document_of(self, verb: Token) -> Entity | None:
        """“…,” they said in the joint statement: the document is the source."""
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ == "in":
                for obj in prep.children:
                    if obj.dep_ == "pobj" and obj.lemma_.lower() in DOCUMENT_NOUNS:
                        phrase = self._noun_phrase(obj)
                        return self.gazetteer.lookup(phrase) or self.gazetteer.lookup(
                            "joint statement"
                        )
        return None

    def _name_before(self, verb: Token) -> Entity | None:
        """A subject the parser missed: the name just before the verb, past any ", … ,"."""
        index = verb.i - 1
        sentence_start = verb.sent.start
        if index >= sentence_start and self.doc[index].text == ",":
            index -= 1
            while index >= sentence_start and self.doc[index].text != ",":
                index -= 1
            index -= 1
        if index < sentence_start:
            return None
        token = self.doc[index]
        ent = self.entity_of.get(token.i)
        if ent is not None and ent.label_ == "PERSON" and not self._inside_any_quote(token):
            return self.people.resolve(ent.text)
        return None

    def _according_to_in(self, sentence: Span, span: QuoteSpan) -> _Attribution | None:
        for token in sentence:
            if token.lower_ == "according" and not (span.outer_start <= token.idx < span.outer_end):
                found = self._according_to(token)
                if found.speaker:
                    return found
        return None

    def _according_to(self, according: Token) -> _Attribution:
        for to in according.children:
            for obj in to.children:
                if obj.dep_ == "pobj":
                    speaker = self._resolve_token(obj, None)
                    if speaker:
                        return _Attribution(speaker, "according-to", "according to", 0.85)
        return NO_SPEAKER

    def _subject_of_clause(self, tokens: list[Token]) -> Token | None:
        inside = {t.i for t in tokens}
        # The quote starts with its own verb: The two leaders “reaffirmed there can be …”
        for token in tokens:
            if token.pos_ in {"VERB", "AUX"}:
                subject = _subject(token)
                if subject is not None and subject.i not in inside:
                    return subject
        node = next((t for t in tokens if t.head.i not in inside), tokens[0])
        for _ in range(8):
            if node.i not in inside and node.pos_ in {"VERB", "AUX"}:
                subject = _subject(node)
                if subject is not None and subject.i not in inside:
                    return subject
            if node.head == node:
                break
            node = node.head
        return None

    def _standalone(self, span: QuoteSpan, sentence: Span, sentences: set[int]) -> _Attribution:
        previous = self._previous_sentence(sentence)
        if previous is not None and previous.text.rstrip().rstrip("”\"’' ").endswith(":"):
            for token in previous:
                if _is_speech_verb(token) or token.dep_ == "ROOT":
                    subject = _subject(token)
                    if subject is not None:
                        speaker = self._resolve_token(subject, span)
                        if speaker:
                            self._remember_description(subject, speaker)
                            return _Attribution(speaker, "colon", token.text, 0.8)
        last = self._previous_quote_nearby(span)
        if last is not None:
            return _Attribution(last.speaker, "quoted-again", "", 0.6)
        return NO_SPEAKER

    def _previous_sentence(self, sentence: Span) -> Span | None:
        if sentence.start == 0:
            return None
        return self.doc[sentence.start - 1].sent

    def _previous_quote_nearby(self, span: QuoteSpan) -> _Attribution | None:
        here = self._paragraph_number(span.outer_start)
        for earlier, attribution in reversed(self.attributed):
            if attribution.speaker is None or earlier.kind == BLOCK:
                continue
            there = self._paragraph_number(earlier.outer_start)
            if here - there <= QUOTED_AGAIN_PARAGRAPHS:
                return attribution
            return None
        return None

    def _attribute_block(self, intro) -> _Attribution:
        if intro is None:
            return NO_SPEAKER
        closing = [
            (span, attribution)
            for span, attribution in self.attributed
            if intro.start <= span.outer_start and span.outer_end >= intro.end - 3
        ]
        if closing and closing[-1][1].speaker is not None:
            return _Attribution(closing[-1][1].speaker, "block", closing[-1][1].cue, 0.8)
        last_sentence = self._sentence_at(max(intro.start, intro.end - 2))
        sentences = [last_sentence]
        if last_sentence.start_char > intro.start:
            sentences.append(self._sentence_at(intro.start))
        for sentence in sentences:
            verbs = [t for t in sentence if _is_speech_verb(t) and not self._inside_any_quote(t)]
            for verb in verbs:
                subject = _subject(verb)
                if subject is None:
                    continue
                speaker = self._resolve_token(subject, None)
                if speaker:
                    self._remember_description(subject, speaker)
                    return _Attribution(speaker, "block", verb.text, 0.8)
            for ent in sentence.ents:
                if ent.label_ == "PERSON" and not self._inside_any_quote(ent[0]):
                    speaker = self.people.resolve(ent.text)
                    if speaker:
                        return _Attribution(speaker, "block", "", 0.6)
        return NO_SPEAKER

    def _is_headline_source(self, speaker: Entity) -> bool:
        """“The Economist argued, “…”": a publication's name introducing its own headline."""
        return speaker.kind == ORGANISATION and self.gazetteer.is_publication(speaker.name)

    def _remember_description(self, subject: Token, speaker: Entity) -> None:
        """Keep "a fellow at …" (an appositive) or "FP columnist" (words before the name)."""
        if speaker.kind != PERSON or speaker.name in self.descriptions:
            return
        for child in subject.children:
            if child.dep_ == "appos" and child.pos_ in {"NOUN", "PROPN"}:
                words = self.doc[child.left_edge.i : child.right_edge.i + 1]
                if words[0].lower_ not in {"who", "whose", "which", "that"}:
                    self._set_description(speaker, words.text)
                    return
        ent = self.entity_of.get(subject.i)
        first = ent.start if ent is not None else subject.i
        title = []
        index = first - 1
        while index >= subject.sent.start:
            token = self.doc[index]
            if token.head.i <= token.i or token.dep_ not in {
                "compound",
                "amod",
                "nmod",
                "prep",
                "pobj",
            }:
                break
            title.insert(0, token)
            index -= 1
        while title and title[0].pos_ in {"ADP", "SCONJ", "CCONJ"}:
            title.pop(0)
        if title:
            self._set_description(speaker, self.doc[title[0].i : title[-1].i + 1].text)

    def _set_description(self, speaker: Entity, text: str) -> None:
        text = " ".join(text.split()).strip(" ,;:")
        if text and len(text) <= 200:
            self.descriptions[speaker.name] = text

    # -- from a token to an entity -----------------------------------------------------

    def _resolve_token(self, token: Token, span: QuoteSpan | None) -> Entity | None:
        if token.lower_ in PRONOUNS:
            return self._antecedent(token, plural=token.lower_ in PLURAL_PRONOUNS)
        phrase = self._noun_phrase(token)
        conjuncts = [c for c in token.conjuncts if c.i > token.i]
        if conjuncts:
            whole = self.doc[token.left_edge.i : conjuncts[-1].right_edge.i + 1].text
            known = self.gazetteer.lookup(whole) or self.gazetteer.lookup(strip_titles(whole))
            if known:
                return known
            names = [self._entity_for(t) for t in (token, *conjuncts)]
            names = [n for n in names if n]
            if len(names) >= 2:
                joined = " and ".join(n.name for n in names)
                known = self.gazetteer.lookup(joined)
                if known or names[0].kind != PERSON:
                    return known or Entity(joined, names[0].kind)
                return names[0]  # co-authors: the first named speaks for the piece
        entity = self._entity_for(token)
        if entity:
            return entity
        lemma = token.lemma_.lower()
        if lemma in {"two", "both"} and token.pos_ in {"NUM", "DET", "PRON"}:
            return self._antecedent(token, plural=True)
        if lemma in DOCUMENT_NOUNS:
            return self.gazetteer.lookup(phrase) or self.gazetteer.lookup("joint statement")
        if lemma in GROUP_NOUNS and token.tag_ in {"NNS", "NNPS"}:
            return self.gazetteer.lookup(phrase) or self._antecedent(token, plural=True)
        if lemma in ROLE_NOUNS:
            return self._antecedent(token, plural=token.tag_ in {"NNS", "NNPS"})
        return None

    def _pairs_in(self, sentence: Span) -> list[Entity]:
        """Collective speakers a plural pronoun can point back to: "Putin and Xi", "the two"."""
        found = []
        for token in sentence:
            # "Putin met with Xi": the two who met are a pair.
            subject = _subject(token) if token.pos_ == "VERB" else None
            partner = next(
                (o for p in token.children if p.lower_ == "with" for o in p.children), None
            )
            if subject is not None and partner is not None:
                names = [self._entity_for(subject), self._entity_for(partner)]
                if all(names) and all(n.kind == PERSON for n in names):
                    joined = f"{names[0].name} and {names[1].name}"
                    found.append(self.gazetteer.lookup(joined) or Entity(joined, PERSON))
            conjuncts = [c for c in token.children if c.dep_ == "conj"]
            if not conjuncts or self._inside_any_quote(token):
                continue
            names = [self._entity_for(t) for t in (token, conjuncts[0])]
            if all(names):
                joined = f"{names[0].name} and {names[1].name}"
                found.append(self.gazetteer.lookup(joined) or Entity(joined, names[0].kind))
        return found

    def _noun_phrase(self, token: Token) -> str:
        words = [t for t in token.subtree if t.i <= token.i and t.dep_ != "punct"]
        return self.doc[words[0].i : token.i + 1].text if words else token.text

    def _entity_for(self, token: Token) -> Entity | None:
        ent = self.entity_of.get(token.i)
        if ent is None:
            phrase = self._noun_phrase(token)
            return self.gazetteer.lookup(phrase) or self.gazetteer.lookup(token.text)
        if ent.label_ == "PERSON":
            return self.people.resolve(ent.text)
        known = self.gazetteer.lookup(ent.text) or self.gazetteer.lookup(strip_titles(ent.text))
        if known:
            return known
        if ent.label_ == "ORG":
            name = _organisation_name(ent.text)
            kind = GOVERNMENT if _is_government(name) else ORGANISATION
            return Entity(name, kind)
        if ent.label_ == "GPE":
            return Entity(strip_titles(ent.text), GOVERNMENT)
        return None

    def _antecedent(self, token: Token, plural: bool) -> Entity | None:
        """The nearest earlier speaker or sentence subject that a pronoun can refer to.

        Walks back up to four sentences; in each, the speakers of its quotes come first, then
        its main subject, then (for "they") any pair such as "Putin and Xi".
        """
        sentence = token.sent
        for _ in range(4):
            previous = self._previous_sentence(sentence)
            if previous is None:
                return None
            options = [
                attribution.speaker
                for earlier, attribution in reversed(self.attributed)
                if attribution.speaker
                and previous.start_char <= earlier.outer_start < previous.end_char
            ]
            subject = next(
                (t for t in previous if t.dep_ in {"nsubj", "nsubjpass"} and t.head.dep_ == "ROOT"),
                None,
            )
            if subject is not None and subject.lower_ not in PRONOUNS:
                resolved = self._resolve_token(subject, None)
                if resolved:
                    options.append(resolved)
            if plural:
                options += self._pairs_in(previous)
            for entity in options:
                collective = " and " in entity.name
                if plural and collective:
                    return entity
                if not plural and not collective and entity.kind == PERSON:
                    return entity
            sentence = previous
        return None


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            return child
    return None


def _is_speech_verb(token: Token) -> bool:
    if token.lemma_ == "accord" and token.lower_ == "according":
        return True
    return token.pos_ in {"VERB", "AUX"} and token.lemma_.lower() in SPEECH_VERBS


def _organisation_name(text: str) -> str:
    name = text.strip()
    for prefix in ("the ", "The "):
        name = name.removeprefix(prefix)
    return name.removesuffix("’s").removesuffix("'s")


def _is_government(name: str) -> bool:
    lowered = name.lower()
    return any(word in lowered for word in GOVERNMENT_WORDS)


def _is_heading(paragraph: str) -> bool:
    words = paragraph.split()
    return 0 < len(words) <= 10 and paragraph.rstrip()[-1:] not in '.!?…”"’'


def _name_bounds(ent: Span) -> tuple[int, int]:
    """Offsets of the name itself within an entity span (no title, no possessive)."""
    name = strip_titles(ent.text)
    at = ent.text.find(name)
    start = ent.start_char + max(at, 0)
    return start, start + len(name)
