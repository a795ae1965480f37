"""Speakers the parser did not make the reporting verb's subject: the name just before the
verb past an aside or a bracketed party and state ("X (D-Ill.), noting …, said"), the name
that is the aside ("her adviser, Jake Sullivan, said"), and the name after the verb past a
title ("said retired engineer Paul Grant, asked about …", "said Skelly,"). A mixin of
``SpeakerResolver``, which supplies the entity lookups these read."""

from __future__ import annotations

from spacy.tokens import Token

from .speakers import Entity


class MissedNames:
    """Names near a reporting verb that has no subject of its own (see module docstring)."""

    def name_before(self, verb: Token) -> Entity | None:
        """A subject the parser missed: the name just before the verb, past any ", … ,"
        — or the name that is that aside ("her adviser, Jake Sullivan, said")."""
        index = verb.i - 1
        sentence_start = verb.sent.start
        aside = None
        if index >= sentence_start and self.doc[index].text == ",":
            index -= 1
            while index >= sentence_start and self.doc[index].text != ",":
                aside = aside or self.entity_of.get(index)
                index -= 1
            index -= 1
        if index >= sentence_start and self.doc[index].text == ")":  # "X (D-Ill.) said"
            while index >= sentence_start and self.doc[index].text != "(":
                index -= 1
            index -= 1
        if index < sentence_start:
            return None
        token = self.doc[index]
        ent = self.entity_of.get(token.i)
        if (
            (ent is None or ent.label_ != "PERSON")
            and aside is not None
            and aside.start == index + 2  # the aside is the name and nothing else
            and aside.end == verb.i - 1
            and verb.tag_ in {"VBD", "VBZ", "VBP"}
        ):
            ent = aside
        if ent is not None and ent.label_ == "PERSON" and not self.inside_any_quote(token):
            return self.people.resolve(ent.text)
        return None

    def name_after(self, verb: Token) -> Entity | None:
        """“…,” said retired neurosurgeon Ben Carson, asked about …: the parser made the
        name another verb's subject. The first person named after the verb, past only the
        words of a title (no comma, no other verb between)."""
        for token in self.doc[verb.i + 1 : min(verb.i + 8, verb.sent.end)]:
            ent = self.entity_of.get(token.i)
            if ent is not None and ent.label_ == "PERSON" and not self.inside_any_quote(token):
                return self.people.resolve(ent.text)
            if token.i == verb.i + 1 and _lone_surname(token):
                return self.people.resolve(token.text)  # "said Skelly," (tagged an adverb)
            if (token.is_punct and token.text not in {".", "-"}) or (
                token.pos_ in {"VERB", "AUX"} and token.dep_ != "amod"
            ):
                return None
        return None


def _lone_surname(token: Token) -> bool:
    """A capitalised word standing alone before a comma or full stop, no date or place."""
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return (
        token.is_alpha
        and token.text[:1].isupper()
        and token.ent_type_ in {"", "PERSON", "ORG"}
        and (following is None or following.is_punct)
    )
