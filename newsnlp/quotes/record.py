"""What an article names besides its people: the documents it quotes from and the outlets it
cites, in the order it names them, so that "the statement" or "the agency" resolves to the
one the article has named — wherever it names one, in whatever words — and to nothing when
it has named none."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .grammar import DOCUMENT_NOUNS
from .speakers import DOCUMENT, ORGANISATION, Entity, Gazetteer, strip_titles

# Nouns for a news outlet: "the agency", "the paper", "the broadcaster".
MEDIA_NOUNS = {"agency", "outlet", "newspaper", "paper", "broadcaster", "channel", "network",
               "magazine", "daily", "tabloid", "publication", "website", "station",
               "newswire", "wire"}  # fmt: skip
# Verbs by which a body puts out a document: its subject is the document's issuer.
ISSUING_VERBS = {"issue", "release", "adopt", "sign", "publish", "approve", "unveil", "agree"}


@dataclass(frozen=True)
class Named:
    at: int  # the token index where the article names it
    entity: Entity


class ArticleRecord:
    """Documents and outlets one parsed article names, in order."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.documents = [
            Named(token.i, entity)
            for token in doc
            if token.pos_ == "NOUN"
            and token.lemma_.lower() in DOCUMENT_NOUNS
            and (entity := self._document(token)) is not None
        ]
        self.outlets = [
            Named(ent.start, Entity(strip_titles(ent.text).removeprefix("the "), ORGANISATION))
            for ent in doc.ents
            if ent.label_ == "ORG" and self._is_outlet(ent.root, ent.text)
        ]

    def latest_document(self, before: int) -> Entity | None:
        return _latest(self.documents, before)

    def latest_outlet(self, before: int) -> Entity | None:
        return _latest(self.outlets, before)

    def _document(self, noun: Token) -> Entity | None:
        """A document the article names: one the gazetteer knows by these words, or one
        whose issuer the article says ("the Kremlin's statement", "the G7 adopted a
        communique")."""
        words = [t for t in noun.subtree if t.i <= noun.i and t.dep_ not in {"punct", "det"}]
        phrase = " ".join(t.text for t in words)
        known = self.gazetteer.lookup(phrase) or self.gazetteer.lookup(f"the {phrase}")
        if known is not None:
            return known
        owner = next(
            (c for c in noun.children if c.dep_ in {"poss", "compound"} and c.pos_ == "PROPN"),
            None,
        )
        issuer = None
        if owner is not None:
            issuer = noun.doc[owner.left_edge.i : owner.i + 1].text
            phrase = " ".join(t.text for t in words if t.i > owner.i)
        elif noun.dep_ == "dobj" and noun.head.lemma_.lower() in ISSUING_VERBS:
            subject = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
            if subject is not None and any(t.pos_ == "PROPN" for t in subject.subtree):
                issuer = " ".join(
                    t.text for t in subject.subtree if t.i <= subject.i and t.dep_ != "det"
                )
        if not issuer:
            return None
        name = f"{issuer.removesuffix('’s').removesuffix(chr(39) + 's')} {phrase}"
        return Entity(" ".join(name.split()), DOCUMENT)

    def _is_outlet(self, root: Token, text: str) -> bool:
        """An organisation that is a news outlet: one the gazetteer lists as a publication,
        or one the article calls an agency, a paper, a broadcaster…"""
        if self.gazetteer.is_publication(text):
            return True
        described = [root.head] if root.dep_ in {"compound", "appos"} else []
        described += [child for child in root.children if child.dep_ == "appos"]
        return any(word.lemma_.lower() in MEDIA_NOUNS for word in described)


def _latest(named: list[Named], before: int) -> Entity | None:
    earlier = [item.entity for item in named if item.at < before]
    return earlier[-1] if earlier else None
