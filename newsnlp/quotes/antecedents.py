"""Whom a pronoun or a plural description means: the speakers and subjects of the
sentences before it ("he", "they", "the two"), or the subject of the verb that reports the
clause it is in ("X told reporters that he …"). A mixin of ``SpeakerResolver``, which
supplies the entity lookups it calls."""

from __future__ import annotations

from spacy.tokens import Span, Token

from .grammar import (
    GROUP_NOUNS,
    PEOPLE_NOUNS,
    ROLE_NOUNS,
    is_speech_verb,
    previous_sentence,
    subject_of,
)
from .refinements import Refinement
from .speakers import PERSON, PRONOUNS, Entity
from .vocabulary import SPEECH_VERBS


class Antecedents:
    """Pronoun resolution over what one article has said so far (see ``SpeakerResolver``)."""

    def _things_before(self, pronoun: Token) -> bool:
        """The sentence before a plural pronoun names plural things (not people, groups or
        roles) as its subject or object: the pronoun may well mean them."""
        previous = previous_sentence(pronoun.sent)
        if previous is None:
            return False
        for token in previous:
            if token.tag_ != "NNS" or token.dep_ not in {"nsubj", "nsubjpass", "dobj", "pobj"}:
                continue
            lemma = token.lemma_.lower()
            if lemma in GROUP_NOUNS or lemma in ROLE_NOUNS or token.ent_type_ in {"PERSON", "NORP"}:
                continue
            if lemma not in PEOPLE_NOUNS:
                return True
        return False

    def _antecedent(self, token: Token, plural: bool) -> Entity | None:
        """The nearest earlier speaker or sentence subject that a pronoun can refer to.

        Walks back up to four sentences; in each, the speakers of its quotes come first, then
        its main subject, then (for "they") any pair such as "Putin and Xi".
        """
        sentence = token.sent
        speaks = token.head.lemma_.lower() in SPEECH_VERBS
        if plural and not speaks and self._things_before(token):
            return None  # "they" may be the proposals just named, not people: abstain
        governing = self._governing_subject(token)
        if governing is not None and (" and " in governing.name) == plural:
            return governing
        for step in range(4):
            previous = previous_sentence(sentence)
            if previous is None:
                return None
            if step == 0 and speaks and not plural and self._carries_source():
                source = self.according_to_source(previous)
                if source is not None:
                    return source  # "According to Peskov, Putin will …. He also added …"
            options = [
                attribution.speaker
                for earlier, attribution in reversed(self.attributed)
                if attribution.speaker
                and previous.start_char <= earlier.outer_start < previous.end_char
            ]
            quoted = len(options)  # speakers of that sentence's own quotes come first
            subject = next(
                (t for t in previous if t.dep_ in {"nsubj", "nsubjpass"} and t.head.dep_ == "ROOT"),
                None,
            )
            if subject is not None and subject.lower_ not in PRONOUNS:
                resolved = self.resolve_token(subject, None)
                if resolved:
                    options.append(resolved)
            if plural:
                options += self._pairs_in(previous)
            for number, entity in enumerate(options):
                collective = " and " in entity.name
                if plural and collective:
                    return entity
                if not plural and not collective and entity.kind == PERSON:
                    if number >= quoted and self._people_named_in(previous) > 1:
                        return None  # "Kelly asked Trump …; he said": either could be meant
                    return entity
            sentence = previous
        return None

    def _carries_source(self) -> bool:
        return Refinement.CARRIED_SOURCE in self.refinements

    def according_to_source(self, sentence: Span) -> Entity | None:
        """The person a sentence's "according to X" names (X, or "an aide, X"), if any."""
        for token in sentence:
            if token.lower_ != "according" or self.inside_any_quote(token):
                continue
            for to in token.children:
                for obj in to.children:
                    if obj.dep_ != "pobj":
                        continue
                    entity = (
                        self._entity_for(obj)
                        or self._apposed_name(obj)
                        or self._name_set_off_after(obj)
                    )
                    if entity is not None and entity.kind == PERSON:
                        return entity
        return None

    def _name_set_off_after(self, noun: Token) -> Entity | None:
        """ "according to an aide, Maria Lopez, the …": a name between commas right after
        the noun is its appositive, however the parser attached it."""
        doc, comma = noun.doc, noun.right_edge.i + 1
        ent = self.entity_of.get(comma + 1)
        if comma >= len(doc) or doc[comma].text != "," or ent is None:
            return None
        closes = ent.end < len(doc) and doc[ent.end].text == ","
        if ent.label_ != "PERSON" or ent.start != comma + 1 or not closes:
            return None
        return self.people.resolve(ent.text)

    def _governing_subject(self, pronoun: Token) -> Entity | None:
        """A pronoun inside what somebody named reports means that reporter: "X told
        reporters that he believed …", "X endorsed it, saying she had not called for … because
        she believed …", "X warned that officers he has spoken with …". Up the parse to the
        first subject above a speech verb's complement; a named subject met before that
        (another clause's own) stops the climb."""
        for clause in pronoun.head.children:  # "Fallon fired back: “…,” he wrote"
            subject = subject_of(clause) if clause.dep_ in {"ccomp", "parataxis"} else None
            if (
                subject is not None
                and subject.i < pronoun.i
                and subject.lower_ not in PRONOUNS
                and not self.inside_any_quote(subject)
            ):
                entity = self._entity_for(subject)
                if entity is not None and entity.kind == PERSON:
                    return entity
        node, reported = pronoun.head, False
        for _ in range(10):
            if node.head == node:
                return None
            reported = reported or (
                node.dep_ in {"ccomp", "xcomp", "advcl", "parataxis"} and is_speech_verb(node.head)
            )
            node = node.head
            subject = subject_of(node) if node.pos_ in {"VERB", "AUX"} else None
            if subject is None or subject.i > pronoun.i or subject.lower_ in PRONOUNS:
                continue
            if subject.left_edge.i <= pronoun.i <= subject.right_edge.i:
                continue  # "officers she has spoken with": the pronoun is inside the subject
            if not reported:
                return None
            entity = self._entity_for(subject)
            return entity if entity is not None and entity.kind == PERSON else None
        return None

    def _people_named_in(self, sentence: Span) -> int:
        """How many different people a sentence names outside quotation marks."""
        names = {
            person.name
            for ent in self.person_ents
            if sentence.start_char <= ent.start_char < sentence.end_char
            and not self.inside_any_quote(ent[0])
            and (person := self.people.resolve(ent.text)) is not None
        }
        return len(names)

    def _pairs_in(self, sentence: Span) -> list[Entity]:
        """Collective speakers a plural pronoun can point back to: "Putin and Xi", "the two"."""
        found = []
        for token in sentence:
            # "Putin met with Xi": the two who met are a pair.
            subject = subject_of(token) if token.pos_ == "VERB" else None
            partner = next(
                (o for p in token.children if p.lower_ == "with" for o in p.children), None
            )
            if subject is not None and partner is not None:
                names = [self._entity_for(subject), self._entity_for(partner)]
                if all(names) and all(n.kind == PERSON for n in names):
                    joined = f"{names[0].name} and {names[1].name}"
                    found.append(self.gazetteer.lookup(joined) or Entity(joined, PERSON))
            conjuncts = [c for c in token.children if c.dep_ == "conj"]
            if not conjuncts or self.inside_any_quote(token):
                continue
            names = [self._entity_for(t) for t in (token, conjuncts[0])]
            if all(names):
                joined = f"{names[0].name} and {names[1].name}"
                found.append(self.gazetteer.lookup(joined) or Entity(joined, names[0].kind))
        return found
