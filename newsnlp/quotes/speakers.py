"""Who is speaking: names cleaned of titles, aliases resolved to one entity per real speaker.

Plain functions and dataclasses, no database. The caller passes the aliases it already knows
(from ``PersonAlias`` rows) and, as data, the curated speakers of its coverage (the app's
``articles/data/curated_speakers.json``: principal actors, a state named by its capital, two
leaders together, a joint statement); nothing particular to one event is written here.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .vocabulary import SpeakerKind, normalise_alias

PERSON, ORGANISATION = SpeakerKind.PERSON, SpeakerKind.ORGANISATION
GOVERNMENT, DOCUMENT = SpeakerKind.GOVERNMENT, SpeakerKind.DOCUMENT

# Words that precede a name but are not part of it.
TITLE_WORDS = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "president",
    "premier", "chairman", "chairwoman", "chair", "minister", "secretary", "general", "gen",
    "sen", "senator", "rep", "representative", "ambassador", "spokesman", "spokeswoman",
    "spokesperson", "leader", "chancellor", "king", "queen", "prince", "pope", "director",
    "ceo", "former", "foreign", "defense", "defence", "prime", "deputy", "vice", "state",
    "columnist", "analyst", "diplomat", "the", "chinese", "russian", "us", "u.s.", "american",
    "ukrainian", "european", "french", "british", "german", "comrade", "colonel", "admiral",
    "capt", "captain", "lt", "lieutenant", "sgt", "sergeant", "maj", "major", "cpl", "col",
    "adm", "gov", "governor", "rev", "reverend", "mayor", "judge", "coach", "commissioner",
    "councillor", "councilor",
}  # fmt: skip
PRONOUNS = {"he", "she", "him", "her", "they", "them", "we", "i"}
PLURAL_PRONOUNS = {"they", "them", "we"}


@dataclass(frozen=True)
class Entity:
    """A resolved speaker: one real person, organisation, government or document."""

    name: str
    kind: str = PERSON
    description: str = ""
    aliases: frozenset[str] = field(default_factory=frozenset)

    @property
    def key(self) -> str:
        return name_key(self.name)


def curated_entities(records: Iterable[Mapping]) -> list[Entity]:
    """Entities from plain records (``{"name", "kind", "aliases"}``, as a JSON file holds
    them): the speakers particular to a body of coverage, which the caller passes in."""
    entities = []
    for record in records:
        kind = SpeakerKind(record.get("kind", PERSON))
        aliases = frozenset(record.get("aliases", ()))
        entities.append(Entity(record["name"], kind, aliases=aliases))
    return entities


def load_curated(path: str | Path) -> list[Entity]:
    """``curated_entities`` of a JSON file whose ``speakers`` key lists the records."""
    return curated_entities(json.loads(Path(path).read_text(encoding="utf-8"))["speakers"])


# Publications: a quotation introduced by one of these is usually a headline, not speech.
PUBLICATIONS = {
    normalise_alias(name)
    for name in [
        "The Economist", "Economist", "Financial Times", "FT", "The New York Times",
        "New York Times", "BBC", "South China Morning Post", "SCMP", "Associated Press", "AP",
        "Reuters", "Xinhua", "Tass", "Foreign Policy", "FP", "CNN", "The Guardian",
        "The Washington Post", "Washington Post", "Bloomberg", "Politico", "Global Times",
        "The Wall Street Journal", "Wall Street Journal", "Nikkei Asia", "Al Jazeera",
    ]
}  # fmt: skip


def name_key(name: str) -> str:
    """A key under which spelling variants of one name meet (Andrey/Andrei, Sergey/Sergei)."""
    key = normalise_alias(name)
    key = re.sub(r"ey\b", "ei", key)
    key = re.sub(r"iy\b", "i", key)
    key = re.sub(r"(sk)(yy|iy|ii|i)\b", r"\1y", key)
    key = re.sub(r"ks(?=[aeiou])", "x", key)
    return key


def preferred_spelling(forms: list[str]) -> str:
    """Of several spellings of one name, the standard romanisation, else the longest."""
    standard = [form for form in forms if normalise_alias(form) == name_key(form)]
    return max(standard or forms, key=lambda form: (len(form.split()), len(form)))


def strip_titles(name: str) -> str:
    """'Chinese leader Xi Jinping’s' → 'Xi Jinping'; 'Mr. Xi' → 'Xi'."""
    name = re.sub(r"['’]s?$", "", name.strip()).strip(' ,.;:[]()“”"')
    words = name.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in TITLE_WORDS:
        words.pop(0)
    return " ".join(words)


# Small words inside a name: "Luiz Inacio Lula da Silva", "Ursula von der Leyen".
NAME_PARTICLES = {"da", "de", "do", "dos", "das", "del", "della", "di", "du", "van", "von", "der",
                  "den", "ter", "la", "le", "bin", "al", "ibn"}  # fmt: skip


def looks_like_a_name(name: str) -> bool:
    """Capitalised words, one to four of them (five with a particle such as "da" or "von"
    between them): not a phrase, a date or a handle."""
    words = name.split()
    inner = words[1:-1]
    particles = sum(1 for word in inner if word in NAME_PARTICLES)
    if not 1 <= len(words) - particles <= 4 or len(words) > 5:
        return False
    return all(
        re.fullmatch(r"[A-Z][\w'’.-]*", word) or (word in NAME_PARTICLES and word in inner)
        for word in words
    )


# Capitalised small words of headlines and sentence starts: never a first name.
HEADLINE_WORDS = {"A", "An", "And", "As", "At", "By", "For", "From", "In", "Of", "On", "Or",
                  "The", "To", "With", "But", "If", "When", "While", "After", "Before"}  # fmt: skip


class Gazetteer:
    """Known entities and their aliases: the curated entities plus whatever the caller knows.

    A curated alias in common words ("the two leaders", "the joint statement") stands for
    its entity only in an article that names it: every capitalised word of one of its names
    ("Xi", "Putin"; "China", "Russia") is in the text. Elsewhere the two leaders are
    somebody else (``for_text``).
    """

    def __init__(
        self, known: dict[str, Entity] | None = None, curated: Iterable[Entity] = ()
    ) -> None:
        self._by_alias: dict[str, Entity] = {}
        self._generic: dict[str, Entity] = {}
        self._named_by: dict[str, tuple[str, ...]] = {}
        self._named: set[str] | None = None  # all, until for_text says which
        for entity in curated:
            self.add(entity, curated=True)
        for alias, entity in (known or {}).items():
            self._by_alias.setdefault(normalise_alias(alias), entity)

    def add(self, entity: Entity, curated: bool = False) -> None:
        names = [a for a in {entity.name, *entity.aliases} if any(c.isupper() for c in a)]
        if curated:
            self._named_by[entity.name] = tuple(names)
        for alias in {entity.name, *entity.aliases}:
            table = self._generic if curated and alias not in names else self._by_alias
            table.setdefault(normalise_alias(alias), entity)
            table.setdefault(name_key(alias), entity)

    def for_text(self, text: str) -> Gazetteer:
        """This gazetteer for one article: common-word aliases only of entities it names."""
        view = copy.copy(self)
        words = set(re.findall(r"[A-Z][\w’'.]*", text))
        view._named = {
            entity
            for entity, names in self._named_by.items()
            if any(set(re.findall(r"[A-Z][\w’'.]*", name)) <= words for name in names)
        }
        return view

    def lookup(self, text: str) -> Entity | None:
        for key in (normalise_alias(text), name_key(text)):
            if key in self._by_alias:
                return self._by_alias[key]
            generic = self._generic.get(key)
            if generic and (self._named is None or generic.name in self._named):
                return generic
        return None

    @staticmethod
    def is_publication(text: str) -> bool:
        return normalise_alias(text) in PUBLICATIONS


class ArticlePeople:
    """The people one article names, with short forms resolved to the full names it uses.

    "Xi" and "Mr. Xi" resolve to "Xi Jinping" when the article (or the gazetteer) has it;
    a short form nobody can resolve is not made into a person of its own.
    """

    def __init__(self, gazetteer: Gazetteer, full_names: list[str], text: str = "") -> None:
        self.gazetteer = gazetteer
        self.text = text
        self._full: dict[str, Entity] = {}
        groups: dict[str, list[str]] = {}
        for name in full_names:
            known = gazetteer.lookup(name)
            if known and known.kind == PERSON:
                groups.setdefault(known.key, []).append(known.name)
            else:
                groups.setdefault(name_key(name), []).append(name)
        for forms in groups.values():
            canonical = preferred_spelling(forms)
            known = gazetteer.lookup(canonical)
            entity = known if known and known.kind == PERSON else Entity(canonical, PERSON)
            aliases = frozenset(set(forms) | set(entity.aliases))
            entity = Entity(entity.name, PERSON, entity.description, aliases)
            for form in forms:
                self._full[name_key(form)] = entity

    def resolve(self, raw_name: str) -> Entity | None:
        name = strip_titles(raw_name)
        if not name or not looks_like_a_name(name):
            known = self.gazetteer.lookup(raw_name)
            return known if known and known.kind != PERSON else None
        if name_key(name) in self._full:
            return self._full[name_key(name)]
        words = name.split()
        # A short form: any full name in the article that contains these words.
        for entity in self._full.values():
            full_words = entity.name.split()
            if all(word in full_words for word in words):
                return Entity(entity.name, PERSON, entity.description, entity.aliases | {name})
        known = self.gazetteer.lookup(name)
        if known:
            return known
        if len(words) >= 2:
            return Entity(name, PERSON, aliases=frozenset({name}))
        return self._written_in_full(name)

    def _written_in_full(self, surname: str) -> Entity | None:
        """A surname the parser did not see a full name for: the first place the article
        writes it after capitalised first names ("… leader Maria Espinoza")."""
        pattern = rf"\b((?:[A-Z][\w'’.]+ ){{1,2}}){re.escape(surname)}\b"
        headline_end = self.text.find("\n\n")
        for match in re.finditer(pattern, self.text):
            full = strip_titles(f"{match.group(1)}{surname}")
            first_names = full.split()[:-1]
            if match.start() < headline_end or any(w in HEADLINE_WORDS for w in first_names):
                continue  # a headline's capitals are not first names
            if len(full.split()) >= 2 and looks_like_a_name(full):
                entity = Entity(full, PERSON, aliases=frozenset({full, surname}))
                self._full[name_key(full)] = entity
                return entity
        return None

    @property
    def people(self) -> list[Entity]:
        unique = {entity.name: entity for entity in self._full.values()}
        return list(unique.values())
