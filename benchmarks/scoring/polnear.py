"""Scoring attribution on PolNeAR (networkdynamics/PolNeAR: political news, every
attribution's source, cue and content marked in brat standoff files).

The corpus stays outside the repository; ``make bench-attribution POLNEAR=<clone>`` reads it.
How it is scored (the figures in issue 14 were scored so):

- One annotator's file per article: the first by name.
- A gold quote is the text between double quotation marks (“…” or "…") inside an
  attribution's Content, of 4 or more words.
- Its source is *named* when the Source span holds a capitalised word other than a pronoun,
  an article or a title.
- A predicted quote matches a gold one when one text contains the other and they differ by
  under half the longer's length, or when their word sets overlap (intersection over union)
  by 0.6 or more.
- The speaker is right when a word (2+ letters) of the predicted name is one of the Source
  span's capitalised words.
- Precision counts attributed predictions of 4+ words that match a gold quote with a named
  source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from pathlib import Path

from newsnlp.text.words import WORD

MIN_WORDS = 4
MIN_OVERLAP = 0.6
QUOTED = re.compile(r"“([^“”]+)”|\"([^\"\n]+)\"")
NOT_NAMES = {
    # pronouns
    "I", "He", "She", "It", "We", "They", "You", "His", "Her", "Its", "Their", "Our", "My",
    "Him", "Them", "Us", "Me", "Who", "Whom", "Which", "That", "This", "These", "Those",
    # articles
    "The", "A", "An",
    # titles
    "Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "Sir", "Dame", "Rev", "Sen", "Senator", "Rep",
    "Representative", "Gov", "Governor", "President", "Secretary", "Gen", "General", "Judge",
    "Mayor", "Minister", "Chairman", "Chairwoman", "Speaker", "Former", "Vice",
}  # fmt: skip


@dataclass(frozen=True)
class Attribution:
    """One brat ``E`` relation: its source and content texts (fragments joined by a space)
    and the content's place in the article text."""

    source: str
    content: str
    content_fragments: tuple[tuple[int, int], ...]
    cue: str = ""


@dataclass(frozen=True)
class GoldQuote:
    text: str
    source: str
    names: frozenset[str]  # the source's capitalised words that can name someone

    @property
    def named(self) -> bool:
        return bool(self.names)


@dataclass(frozen=True)
class Prediction:
    text: str
    speaker: str | None
    rule: str = ""


def share(part: int, whole: int) -> float:
    """``part`` of ``whole``; 1.0 of nothing (nothing to get wrong)."""
    return part / whole if whole else 1.0


def add_counts(total, other) -> None:
    """Add ``other``'s counts (every int field) and errors to ``total``'s."""
    for item in fields(total):
        if isinstance(getattr(total, item.name), int):
            setattr(total, item.name, getattr(total, item.name) + getattr(other, item.name))
    total.errors += other.errors


@dataclass
class AttributionScore:
    gold: int = 0
    found: int = 0
    named: int = 0
    named_right: int = 0
    attributed: int = 0
    attributed_right: int = 0
    errors: list[str] = field(default_factory=list)
    # rule → [attributed, right]: which attribution rules the precision is lost in
    by_rule: dict[str, list[int]] = field(default_factory=dict)

    @property
    def found_share(self) -> float:
        return share(self.found, self.gold)

    @property
    def attribution(self) -> float:
        return share(self.named_right, self.named)

    @property
    def precision(self) -> float:
        return share(self.attributed_right, self.attributed)

    def add(self, other: AttributionScore) -> None:
        add_counts(self, other)
        for rule, (attributed, right) in other.by_rule.items():
            counts = self.by_rule.setdefault(rule, [0, 0])
            counts[0] += attributed
            counts[1] += right


def read_ann(text: str) -> list[Attribution]:
    """The attributions of a brat ``.ann`` file (``T`` spans joined by ``E`` relations)."""
    spans: dict[str, tuple[tuple[tuple[int, int], ...], str]] = {}
    relations = []
    for line in text.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) == 3:
            label_and_offsets = parts[1].split(" ", 1)
            if len(label_and_offsets) != 2:
                continue
            fragments = tuple(
                (int(start), int(end))
                for start, end in (piece.split() for piece in label_and_offsets[1].split(";"))
            )
            spans[parts[0]] = (fragments, parts[2])
        elif line.startswith("E") and len(parts) >= 2:
            relations.append(dict(role.split(":", 1) for role in parts[1].split() if ":" in role))
    found = []
    for relation in relations:
        content = spans.get(relation.get("Content", ""))
        if content is None:
            continue
        source = spans.get(relation.get("Source", ""), ((), ""))[1]
        cue = spans.get(relation.get("Cue", ""), ((), ""))[1]
        found.append(Attribution(source, content[1], content[0], cue))
    return found


def source_names(source: str) -> frozenset[str]:
    """The capitalised words of a Source span that can name someone."""
    words = (_without_possessive(word) for word in WORD.findall(source))
    return frozenset(w for w in words if w[:1].isupper() and w not in NOT_NAMES and len(w) > 1)


def _without_possessive(word: str) -> str:
    """The word without its possessive ("Ryan’s" is "Ryan"), on either side of a comparison."""
    return word.removesuffix("’s").removesuffix("'s")


def gold_quotes(body: str, attributions: list[Attribution]) -> list[GoldQuote]:
    """Every 4+ word passage in double quotation marks inside an attribution's content."""
    quotes = []
    for attribution in attributions:
        # A content in several fragments is read whole: the gaps are a mark or a space.
        start = min(start for start, _ in attribution.content_fragments)
        end = max(end for _, end in attribution.content_fragments)
        for match in QUOTED.finditer(body[start:end]):
            text = (match.group(1) or match.group(2)).strip()
            if len(WORD.findall(text)) >= MIN_WORDS:
                quotes.append(GoldQuote(text, attribution.source, source_names(attribution.source)))
    return quotes


def _words(text: str) -> set[str]:
    return {word.casefold() for word in WORD.findall(text)}


def matches(predicted: str, gold: str) -> bool:
    a, b = " ".join(predicted.split()), " ".join(gold.split())
    shorter, longer = sorted((a, b), key=len)
    if shorter and shorter in longer and len(longer) - len(shorter) < len(longer) / 2:
        return True
    first, second = _words(a), _words(b)
    union = first | second
    return bool(union) and len(first & second) / len(union) >= MIN_OVERLAP


def speaker_right(speaker: str | None, gold: GoldQuote) -> bool:
    return bool(speaker) and any(
        _without_possessive(word) in gold.names for word in WORD.findall(speaker) if len(word) >= 2
    )


def score(gold: list[GoldQuote], predicted: list[Prediction], label: str = "") -> AttributionScore:
    """Quotes found, named-source attribution and precision for one article."""
    result = AttributionScore(gold=len(gold), named=sum(g.named for g in gold))
    for quote in gold:
        matching = [p for p in predicted if matches(p.text, quote.text)]
        result.found += bool(matching)
        if quote.named:
            right = any(speaker_right(p.speaker, quote) for p in matching)
            result.named_right += right
            if not right:
                said = [p.speaker for p in matching] or ["not found"]
                result.errors.append(f"{label}: “{quote.text[:70]}” — {quote.source!r} ≠ {said}")
    for prediction in predicted:
        if not prediction.speaker or len(WORD.findall(prediction.text)) < MIN_WORDS:
            continue
        named = [g for g in gold if g.named and matches(prediction.text, g.text)]
        if named:
            right = any(speaker_right(prediction.speaker, g) for g in named)
            result.attributed += 1
            result.attributed_right += right
            counts = result.by_rule.setdefault(prediction.rule, [0, 0])
            counts[0] += 1
            counts[1] += right
    return result


def load_split(root: Path, split: str) -> list[tuple[str, str, list[GoldQuote]]]:
    """(name, text, gold quotes) for each article of a split (``train`` or ``dev``)."""
    return [
        (name, body, gold_quotes(body, attributions))
        for name, body, attributions in load_attributions(root, split)
    ]


def load_attributions(root: Path, split: str) -> list[tuple[str, str, list[Attribution]]]:
    """(name, text, every attribution) for each article of a split (``train`` or ``dev``)."""
    if split not in {"train", "dev"}:
        raise ValueError("only train and dev are scored here; the test split is for others")
    articles = []
    annotations = sorted((root / "data" / split / "attributions").glob("*.ann"))
    chosen: dict[str, Path] = {}
    for path in annotations:  # the first annotator by name
        article = path.stem.rsplit("_", 1)[0]
        chosen.setdefault(article, path)
    for article, path in sorted(chosen.items()):
        text_path = root / "data" / split / "text" / f"{article}.txt"
        if not text_path.exists():
            continue
        body = text_path.read_text(encoding="utf-8")
        articles.append((article, body, read_ann(path.read_text("utf-8"))))
    return articles


def named_outcomes(gold: list[GoldQuote], predicted: list[Prediction]) -> list[bool]:
    """For each gold quote with a named source, in order: whether a matching prediction
    names it — what one rule changes is compared quote by quote on these."""
    return [
        any(speaker_right(p.speaker, quote) for p in predicted if matches(p.text, quote.text))
        for quote in gold
        if quote.named
    ]
