"""What an article says each person is, so that "the French leader" goes to the person it
describes ("Emmanuel Macron, the French president"), not to whoever was named last."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span

from .speakers import PERSON, ArticlePeople

PLACES_FILE = Path(__file__).resolve().parent.parent / "data" / "places.json"


@lru_cache(maxsize=1)
def places() -> dict[str, str]:
    """Word → country: nationality adjectives, capitals and seats of government ("Kremlin"
    → "russia"), from ``newsnlp/data/places.json`` (general knowledge, not one story's)."""
    table = json.loads(PLACES_FILE.read_text(encoding="utf-8"))["countries"]
    found = {country: country for country in table}
    for country, words in table.items():
        found.update(dict.fromkeys(words, country))
    return found


def country_of(word: str) -> str | None:
    return places().get(word.lower().strip())


def collect_descriptors(
    doc: Doc, person_ents: list[Span], people: ArticlePeople
) -> dict[str, set[str]]:
    """What the article says each person is: the words of an appositive ("Emmanuel
    Macron, the French president"), of a noun phrase the name is in apposition to ("the
    French president, Emmanuel Macron") and of titles before the name."""
    found: dict[str, set[str]] = {}
    for ent in person_ents:
        person = people.resolve(ent.text)
        if person is None or person.kind != PERSON:
            continue
        words = set(ent.text.lower().replace("’s", "").replace("'s", "").split())
        words -= set(person.name.lower().split())
        phrases = [child for child in ent.root.children if child.dep_ == "appos"]
        if ent.root.dep_ == "appos":
            phrases.append(ent.root.head)
        for phrase in phrases:
            end = phrase.i + 1 if phrase is ent.root.head else phrase.right_edge.i + 1
            words |= {t.lower_ for t in doc[phrase.left_edge.i : end] if t.text[:1].isalpha()}
        index = ent.start - 1
        while index >= 0 and doc[index].dep_ in {"compound", "amod"}:
            words.add(doc[index].lower_)
            index -= 1
        found.setdefault(person.name, set()).update(words)
    return found


def agrees(modifier: str, words: set[str], by_place: bool = True) -> bool:
    """A modifier of a role ("French", "Australian", "prime") fits a person's descriptors
    ("france"/"french", "australia", "prime"); ``by_place``: also through the places table
    ("Kremlin" fits "Russian")."""
    place = country_of(modifier) if by_place else None
    if place is not None and place in {country_of(word) for word in words}:
        return True  # "Kremlin" and "Russian", "American" and "U.S."
    country = place or modifier
    for word in words:
        if word in (modifier, country):
            return True
        shared = 0
        while shared < min(len(word), len(country)) and word[shared] == country[shared]:
            shared += 1
        if shared >= 5 or (shared >= 4 and min(len(word), len(country)) <= 5):
            return True
    return False


# Offices a role noun can name, and the abbreviations titles use for them ("Sen. X").
OFFICES = {"senator", "governor", "representative", "congressman", "congresswoman", "mayor",
           "president", "secretary", "minister", "chancellor", "premier", "ambassador",
           "general", "spokesman", "spokeswoman", "spokesperson", "prosecutor",
           "judge"}  # fmt: skip
ABBREVIATIONS = {"sen": "senator", "gov": "governor", "rep": "representative",
                 "gen": "general", "amb": "ambassador", "sec": "secretary"}  # fmt: skip


def fits_office(role: str, words: set[str], equivalents: bool = True) -> bool:
    """A role that names an office fits a person whose descriptors name no office, or name
    that one: "the Florida senator" is not the person the article calls a governor."""
    if role not in OFFICES:
        return True
    offices = {ABBREVIATIONS.get(w.rstrip("."), w.rstrip(".")) for w in words} & OFFICES
    if equivalents and {"prime", "minister"} <= words:
        offices.add("premier")  # a prime minister is the premier
    return not offices or role in offices
