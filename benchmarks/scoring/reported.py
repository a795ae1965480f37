"""Scoring reported speech (what is said without quotation marks) on PolNeAR, as issue 30
defines it:

- Gold: every attribution whose Content holds no double quotation mark, has 3 or more
  words, and whose Cue holds a verb of saying (``SAYING``, any form; "according to" and
  "call for" as phrases).
- A predicted statement *matches* a Content when each covers at least half of the other's
  words (word sets after folding case and punctuation).
- Recall: gold matched by any reported prediction. Named attribution: of gold whose Source
  is named (``polnear.source_names``), the share matched by a prediction whose speaker is
  right by ``polnear.speaker_right``. Precision: reported predictions matching ANY
  attribution's Content (beliefs and intentions count: PolNeAR marks them too). Speaker
  precision: of attributed predictions matching a Content with a named Source, the share
  whose speaker is right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsnlp.text.words import WORD

from .polnear import (
    Attribution,
    GoldQuote,
    Prediction,
    add_counts,
    share,
    source_names,
    speaker_right,
)

MIN_WORDS = 3
QUOTE_MARKS = re.compile(r"[“”\"„«»]")
SAYING = {
    "say", "tell", "add", "note", "announce", "write", "argue", "claim", "warn", "state",
    "explain", "insist", "declare", "stress", "emphasise", "emphasize", "suggest", "assert",
    "acknowledge", "admit", "deny", "report", "promise", "pledge", "vow", "urge", "predict",
    "respond", "reply", "confirm", "recall", "accuse", "complain", "praise", "criticise",
    "criticize", "describe", "ask",
}  # fmt: skip
IRREGULAR = {
    "said": "say", "says": "say", "told": "tell", "wrote": "write", "written": "write",
    "writes": "write", "writing": "write",
}  # fmt: skip


def _saying_lemma(word: str) -> str | None:
    """The verb of saying a word is a form of ("warned" → "warn", "denies" → "deny")."""
    word = word.lower()
    if word in IRREGULAR:
        return IRREGULAR[word]
    if word in SAYING:
        return word
    endings = (("ied", "y"), ("ies", "y"), ("ying", "y"), ("ing", ""), ("ing", "e"),
               ("ed", ""), ("ed", "e"), ("d", ""), ("es", ""), ("s", ""))  # fmt: skip
    for ending, stem in endings:
        if word.endswith(ending) and word[: -len(ending)] + stem in SAYING:
            return word[: -len(ending)] + stem
    # a doubled consonant: "admitted", "referring"
    for ending in ("ed", "ing"):
        base = word[: -len(ending)]
        if word.endswith(ending) and len(base) > 2 and base[-1] == base[-2] and base[:-1] in SAYING:
            return base[:-1]
    return None


def is_saying_cue(cue: str) -> bool:
    words = [w.lower() for w in WORD.findall(cue)]
    for index, word in enumerate(words):
        if word == "according" and words[index + 1 : index + 2] == ["to"]:
            return True
        if word.startswith("call") and _call_form(word) and "for" in words[index + 1 : index + 3]:
            return True
        if _saying_lemma(word):
            return True
    return False


def _call_form(word: str) -> bool:
    return word in {"call", "calls", "called", "calling"}


@dataclass(frozen=True)
class GoldStatement:
    text: str
    source: str
    names: frozenset[str]

    @property
    def named(self) -> bool:
        return bool(self.names)

    def as_quote(self) -> GoldQuote:
        return GoldQuote(self.text, self.source, self.names)


def gold_statements(attributions: list[Attribution]) -> list[GoldStatement]:
    return [
        GoldStatement(a.content, a.source, source_names(a.source))
        for a in attributions
        if not QUOTE_MARKS.search(a.content)
        and len(WORD.findall(a.content)) >= MIN_WORDS
        and is_saying_cue(a.cue)
    ]


def _words(text: str) -> set[str]:
    return {word.casefold() for word in WORD.findall(text)}


def covers(predicted: str, gold: str) -> bool:
    """Each covers at least half of the other's words."""
    first, second = _words(predicted), _words(gold)
    if not first or not second:
        return False
    shared = len(first & second)
    return shared * 2 >= len(first) and shared * 2 >= len(second)


@dataclass
class ReportedScore:
    gold: int = 0
    found: int = 0
    named: int = 0
    named_right: int = 0
    predicted: int = 0
    predicted_right: int = 0
    attributed: int = 0
    attributed_right: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: ReportedScore) -> None:
        add_counts(self, other)

    @property
    def recall(self) -> float:
        return share(self.found, self.gold)

    @property
    def attribution(self) -> float:
        return share(self.named_right, self.named)

    @property
    def precision(self) -> float:
        return share(self.predicted_right, self.predicted)

    @property
    def speaker_precision(self) -> float:
        return share(self.attributed_right, self.attributed)


def score_reported(
    attributions: list[Attribution], predicted: list[Prediction], label: str = ""
) -> ReportedScore:
    """Reported speech of one article: ``predicted`` holds only reported statements."""
    gold = gold_statements(attributions)
    result = ReportedScore(gold=len(gold), named=sum(g.named for g in gold))
    for statement in gold:
        matching = [p for p in predicted if covers(p.text, statement.text)]
        result.found += bool(matching)
        if statement.named:
            right = any(speaker_right(p.speaker, statement.as_quote()) for p in matching)
            result.named_right += right
            if not right:
                said = [p.speaker for p in matching] or ["not found"]
                result.errors.append(
                    f"{label}: {statement.text[:80]!r} — {statement.source!r} ≠ {said}"
                )
    contents = [GoldStatement(a.content, a.source, source_names(a.source)) for a in attributions]
    for prediction in predicted:
        matching = [c for c in contents if covers(prediction.text, c.text)]
        result.predicted += 1
        result.predicted_right += bool(matching)
        if not matching:
            result.errors.append(f"{label}: extra {prediction.text[:80]!r} ({prediction.speaker})")
        named = [c for c in matching if c.named]
        if prediction.speaker and named:
            result.attributed += 1
            result.attributed_right += any(
                speaker_right(prediction.speaker, c.as_quote()) for c in named
            )
    return result


def baseline_predictions(doc) -> list[Prediction]:
    """The floor issue 30 names: a verb of saying with a clausal complement (its subject the
    speaker), plus "according to X" (X the speaker, the rest of the sentence the content)."""
    predicted = []
    for token in doc:
        if (
            token.lower_ == "according"
            and token.i + 1 < len(doc)
            and doc[token.i + 1].lower_ == "to"
        ):
            objects = [c for c in doc[token.i + 1].children if c.dep_ == "pobj"]
            if not objects:
                continue
            source = objects[0]
            sentence = token.sent
            words = [t for t in sentence if not (token.i <= t.i <= source.right_edge.i)]
            predicted.append(Prediction(" ".join(t.text for t in words), _phrase(source)))
        elif token.pos_ == "VERB" and _saying_lemma(token.lemma_) == token.lemma_.lower():
            clauses = [c for c in token.children if c.dep_ == "ccomp"]
            if not clauses:
                continue
            clause = clauses[0]
            content = doc[clause.left_edge.i : clause.right_edge.i + 1].text
            subjects = [c for c in token.children if c.dep_ == "nsubj"]
            predicted.append(Prediction(content, _phrase(subjects[0]) if subjects else None))
    return predicted


def _phrase(token) -> str:
    """The noun with the proper names before it ("Senator Ted Cruz")."""
    names = [t for t in token.lefts if t.dep_ == "compound"]
    return " ".join(t.text for t in [*names, token])
