"""Who a word in an article refers to: names, titles, pronouns, pairs and documents.

``SpeakerResolver`` holds what one parsed article says about its people (spaCy's entities
checked against the gazetteer, the descriptions seen next to a name, the speakers of the
quotes attributed so far) and turns a token into an ``Entity``. The attribution rules
(``attribution.py``) decide which token speaks; this module decides who that is.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..text.words import looks_like_heading
from .antecedents import Antecedents
from .descriptors import agrees, collect_descriptors, country_of, fits_office
from .grammar import (
    DOCUMENT_NOUNS,
    GROUP_NOUNS,
    ROLE_NOUNS,
    is_indefinite,
    is_speech_verb,
    spoken_to,
)
from .missed_names import MissedNames
from .record import MEDIA_NOUNS, ArticleRecord
from .refinements import ALL, Refinement
from .spans import QuoteSpan, paragraphs_of
from .speakers import (
    GOVERNMENT,
    HEADLINE_WORDS,
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

# A body named by whose it is: "the Clinton campaign", "Rubio's office".
OWNED_BODY_NOUNS = {"campaign", "office", "team", "administration", "committee", "camp"}
GOVERNMENT_WORDS = ("ministry", "government", "kremlin", "white house", "department", "parliament")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    person: Entity


class SpeakerResolver(Antecedents, MissedNames):
    """Resolves tokens of one parsed article to people, organisations and documents.

    ``attributed`` is the list of (quote, attribution) made so far, in order; the
    attribution rules append to it, and a pronoun looks back through it.
    """

    def __init__(self, doc: Doc, gazetteer: Gazetteer, direct_spans: list[QuoteSpan],
                 attributed: list, refinements: frozenset[Refinement] = ALL,
                 lead: Doc | None = None) -> None:  # fmt: skip
        self.doc = doc
        self.refinements = refinements
        self.body = doc.text
        self.gazetteer = gazetteer
        self.direct_spans = direct_spans
        self.attributed = attributed
        self.headings = _headings(self.body)
        person_ents = [ent for ent in doc.ents if ent.label_ == "PERSON" and self._usable(ent)]
        # The title and standfirst name people too: "the Chinese president" in a body whose
        # lead naming Xi was cut resolves against them.
        lead_ents = []
        if lead is not None and Refinement.DESCRIPTIONS in refinements:
            lead_ents = [e for e in lead.ents if e.label_ == "PERSON" and self._usable(e)]
        full_names = [
            strip_titles(ent.text)
            for ent in [*lead_ents, *person_ents]
            if len(strip_titles(ent.text).split()) >= 2
            and looks_like_a_name(strip_titles(ent.text))
        ]
        self.people = ArticlePeople(gazetteer, full_names, self.body)
        self.person_ents = person_ents
        self.entity_of: dict[int, Span] = {
            i: ent for ent in doc.ents for i in range(ent.start, ent.end)
        }
        self.descriptions: dict[str, str] = {}
        self.descriptors = collect_descriptors(doc, self.person_ents, self.people)
        for name, words in collect_descriptors(lead, lead_ents, self.people).items():
            self.descriptors.setdefault(name, set()).update(words)
        self.lead_ents = lead_ents
        self.record = ArticleRecord(doc, gazetteer)

    def _usable(self, ent: Span) -> bool:
        """A person mention: a plausible name of 2+ words, or one the gazetteer knows."""
        name = strip_titles(ent.text)
        if not self._plausible(ent, name):
            return False
        return len(name.split()) >= 2 or self.gazetteer.lookup(name) is not None

    def _plausible(self, ent: Span, name: str) -> bool:
        """NER noise never becomes a person: headings, fragments, joined names."""
        headings = self.headings if ent.doc is self.doc else _headings(ent.doc.text)
        if any(start <= ent.start_char and ent.end_char <= end for start, end in headings):
            return False
        if "\n" in ent.text or not looks_like_a_name(name) or name in HEADLINE_WORDS:
            return False
        parts = name.replace("–", "-").split("-")
        return not (len(parts) > 1 and any(self.gazetteer.lookup(part) for part in parts))

    def mentions(self) -> list[Mention]:
        mentions = []
        for ent in self.person_ents:
            person = self.people.resolve(ent.text)
            if person and person.kind == PERSON:
                start, end = name_bounds(ent)
                mentions.append(Mention(start, end, self.body[start:end], person))
        return mentions

    def inside_any_quote(self, token: Token) -> bool:
        return any(s.outer_start <= token.idx < s.outer_end for s in self.direct_spans)

    def speaking_subject(self, verb: Token) -> Token | None:
        """The subject of a verb that reports speech, never a word of a quotation (in
        “Anybody who attacks him …,” said X the parser can make "Anybody" the subject)."""
        subjects = self.speaking_subjects(verb)
        return subjects[0] if subjects else None

    def speaking_subjects(self, verb: Token, passive_agent: bool = False) -> list[Token]:
        """All of them: the parser sometimes gives a verb two ("The promise to … appeals to
        voters, said X": both "promise" and X). With ``passive_agent``, a passive speech
        verb's "by" phrase comes first ("Trump was called “a con man” by Rubio")."""
        agents = [
            pobj
            for agent in verb.children
            if agent.dep_ == "agent"
            for pobj in agent.children
            if pobj.dep_ == "pobj" and not self.inside_any_quote(pobj)
        ]
        if passive_agent and agents and is_speech_verb(verb):
            return agents
        subjects = [
            child
            for child in verb.children
            if (child.dep_ == "nsubj" or (child.dep_ == "nsubjpass" and not spoken_to(verb)))
            and not self.inside_any_quote(child)
        ]
        # A person's name before anything else the parser made a subject ("said Army Capt.
        # Christian Pardo": "Capt." too).
        return sorted(
            subjects, key=lambda s: getattr(self.entity_of.get(s.i), "label_", "") != "PERSON"
        )

    def resolve_speaker(self, subject: Token, span: QuoteSpan | None) -> Entity | None:
        """Who the subject of a reporting verb is: as any token, or else as a name the
        entity recogniser passed over."""
        return self.resolve_token(subject, span) or self.proper_name(subject)

    def proper_name(self, token: Token) -> Entity | None:
        """A proper noun the entity recogniser passed over or mislabelled ("Hale said",
        "Cuban said"): a person of that name, if it reads as one."""
        if self.inside_any_quote(token) or not (token.pos_ == "PROPN" or _capitalised_noun(token)):
            return None
        words = [t for t in token.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
        name = strip_titles(" ".join(t.text for t in [*words, token]))
        if not looks_like_a_name(name) or name in HEADLINE_WORDS or name.isupper():
            return None
        return self.people.resolve(name) or Entity(name, PERSON, aliases=frozenset({name}))

    def is_headline_source(self, speaker: Entity) -> bool:
        """“The Economist argued, “…”": a publication's name introducing its own headline."""
        return speaker.kind == ORGANISATION and self.gazetteer.is_publication(speaker.name)

    def remember_description(self, subject: Token, speaker: Entity) -> None:
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

    def resolve_token(self, token: Token, span: QuoteSpan | None) -> Entity | None:
        if token.lower_ in PRONOUNS or token.lower_ in {"his", "their"}:  # "His answer was …"
            return self._antecedent(token, plural=token.lower_ in PLURAL_PRONOUNS | {"their"})
        phrase = self.noun_phrase(token)
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
        entity = self._entity_for(token) or self._apposed_name(token)
        if entity:
            return entity
        lemma = token.lemma_.lower()
        if lemma in {"two", "both"} and token.pos_ in {"NUM", "DET", "PRON"}:
            return self._antecedent(token, plural=True)
        if is_indefinite(token):
            return None  # "an Israeli official", "a spokesman": somebody not named before
        describes = Refinement.DESCRIPTIONS in self.refinements
        if describes and lemma in OWNED_BODY_NOUNS and (owned := self._owned_body(token)):
            return owned
        if lemma in DOCUMENT_NOUNS:
            return self.document_for(token)
        if describes and lemma in MEDIA_NOUNS and _definite(token):
            return self.record.latest_outlet(token.i)  # "the agency" the article cited
        if lemma in GROUP_NOUNS and token.tag_ in {"NNS", "NNPS"}:
            return self.gazetteer.lookup(phrase) or self._antecedent(token, plural=True)
        if lemma in ROLE_NOUNS:
            plural = token.tag_ in {"NNS", "NNPS"}
            described = None if plural else self._described_as(token)
            if described is not None:
                return described or None  # no one fits "the French leader": abstain
            return self._antecedent(token, plural=plural)
        return None

    def document_for(self, noun: Token) -> Entity | None:
        """ "the statement", "the joint declaration": the document the gazetteer knows by
        these words, else the latest one the article has named."""
        known = self.gazetteer.lookup(self.noun_phrase(noun))
        if known is not None or Refinement.DESCRIPTIONS not in self.refinements:
            return known
        return self.record.latest_document(noun.i + 1)

    def _owned_body(self, noun: Token) -> Entity | None:
        """ "The Clinton campaign", "Rubio's office": a body the article names by whose it
        is — an organisation of that name, not the person."""
        for owner in noun.children:
            if owner.dep_ in {"compound", "poss"} and owner.pos_ == "PROPN":
                person = self._entity_for(owner) or self.proper_name(owner)
                if person is not None and person.kind == PERSON:
                    return Entity(f"{person.name} {noun.lemma_.lower()}", ORGANISATION)
        return None

    def _described_as(self, role: Token) -> list | Entity | None:
        """For "the French leader" / "the German chancellor": the latest person named
        before it whom the article describes so (appositives, titles); [] when nobody fits;
        None when the role says nothing particular ("the leader")."""
        modifiers = [
            child.lower_
            for child in role.children
            if child.dep_ in {"amod", "compound", "poss", "nmod"} and child.is_alpha
        ]
        if not modifiers:
            return None
        joined = " ".join(modifiers)
        describes = Refinement.DESCRIPTIONS in self.refinements
        if describes and len(modifiers) > 1 and country_of(joined):
            modifiers = [joined]  # "the White House spokesman": one place, two words
        fitting = []
        earlier = [ent for ent in self.person_ents if ent.start < role.i]
        for ent in [*self.lead_ents, *earlier]:
            person = self.people.resolve(ent.text)
            words = self.descriptors.get(person.name, set()) if person else set()
            if (
                person
                and person.kind == PERSON
                and all(agrees(m, words, describes) for m in modifiers)
                and fits_office(role.lemma_.lower(), words, describes)
            ):
                fitting.append(person)
        return fitting[-1] if fitting else []

    def noun_phrase(self, token: Token) -> str:
        words = [t for t in token.subtree if t.i <= token.i and t.dep_ != "punct"]
        return self.doc[words[0].i : token.i + 1].text if words else token.text

    def _entity_for(self, token: Token) -> Entity | None:
        ent = self.entity_of.get(token.i)
        if token.pos_ == "PROPN" and (ent is None or (ent.label_ == "ORG" and len(ent) == 1)):
            # A surname the parser did not take for a person ("Espinoza said"): the person
            # the article names in full, if any.
            person = self.people.resolve(token.text)
            if person is not None and person.kind == PERSON and " " in person.name:
                return person
        if ent is None:
            phrase = self.noun_phrase(token)
            return self.gazetteer.lookup(phrase) or self.gazetteer.lookup(token.text)
        if ent.label_ == "PERSON":
            return self.people.resolve(ent.text) or self._surname_only(ent)
        known = self.gazetteer.lookup(ent.text) or self.gazetteer.lookup(strip_titles(ent.text))
        if known:
            return known
        if ent.label_ == "ORG":
            name = organisation_name(ent.text)
            kind = GOVERNMENT if is_government(name) else ORGANISATION
            return Entity(name, kind)
        if ent.label_ == "GPE":
            return Entity(strip_titles(ent.text), GOVERNMENT)
        return None

    def _apposed_name(self, token: Token) -> Entity | None:
        """The name in apposition to a description: "His wife, Maria Lazar, wrote …"."""
        for child in token.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN":
                entity = self._entity_for(child)
                if entity is not None and entity.kind == PERSON:
                    return entity
        return None

    def _surname_only(self, ent: Span) -> Entity | None:
        """A speaker the article names by one word only ("Richards said"): a person of that
        name, when the parser takes it for one and it is not a heading's word."""
        name = strip_titles(ent.text)
        if len(name.split()) != 1 or not self._plausible(ent, name):
            return None
        return Entity(name, PERSON, aliases=frozenset({name}))


def organisation_name(text: str) -> str:
    name = text.strip()
    for prefix in ("the ", "The "):
        name = name.removeprefix(prefix)
    return name.removesuffix("’s").removesuffix("'s")


def is_government(name: str) -> bool:
    lowered = name.lower()
    return any(word in lowered for word in GOVERNMENT_WORDS)


def name_bounds(ent: Span) -> tuple[int, int]:
    """Offsets of the name itself within an entity span (no title, no possessive)."""
    name = strip_titles(ent.text)
    at = ent.text.find(name)
    start = ent.start_char + max(at, 0)
    return start, start + len(name)


def _headings(text: str) -> set[tuple[int, int]]:
    """Where a text's headings are: Title Case lines whose capitals name nobody."""
    return {(p.start, p.end) for p in paragraphs_of(text) if looks_like_heading(p.text)}


def _definite(noun: Token) -> bool:
    return any(child.dep_ == "det" and child.lower_ == "the" for child in noun.children)


def _capitalised_noun(token: Token) -> bool:
    """A capitalised singular noun alone inside a sentence, with no determiner ("Hannity
    said"): a name the tagger took for a common noun — not a word of a Title Case run
    ("Blame Placed On The …", a headline's)."""
    doc = token.doc
    neighbours = [doc[i] for i in (token.i - 1, token.i + 1) if 0 <= i < len(doc)]
    return (
        token.pos_ == "NOUN"
        and token.tag_ == "NN"
        and token.text[:1].isupper()
        and token.i != token.sent.start
        and not any(child.dep_ == "det" for child in token.children)
        and not any(n.is_alpha and n.text[:1].isupper() for n in neighbours)
    )
