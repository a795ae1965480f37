"""What the quote pipeline and the models share: the kinds of quote and of speaker, and how
an alias is folded for comparison. Plain ``StrEnum``s with a label each: the engine imports
no Django, and the models build their choices from these (``choices_of``), so there is no
second copy.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

# Verbs that report speech (their lemmas): attribution looks for them, and a pronoun that
# is their subject is a speaker, never a thing.
SPEECH_VERBS = {
    "say", "tell", "add", "argue", "write", "note", "warn", "stress", "summarize", "summarise",
    "claim", "declare", "proclaim", "state", "insist", "explain", "ask", "reply", "respond",
    "comment", "announce", "hail", "call", "decry", "urge", "accuse", "concur", "highlight",
    "underline", "underscore", "emphasize", "emphasise", "acknowledge", "admit", "suggest",
    "tweet", "conclude", "recall", "describe", "reaffirm", "reiterate", "condemn", "slam",
    "express", "welcome", "pledge", "vow", "promise", "predict", "observe", "remark", "assert",
    "contend", "caution", "complain", "deny", "term", "label", "dub", "praise", "criticize",
    "criticise", "denounce", "affirm", "believe", "think", "put", "speak", "report",
    # Attitude and manner of speaking: "assured", "lamented", "quipped", "barked", …
    "agree", "assure", "reassure", "lament", "bemoan", "quip", "joke", "concede", "boast",
    "brag", "muse", "tout", "counter", "retort", "rebut", "testify", "mock", "scoff", "chide",
    "scold", "rebuke", "blast", "shout", "yell", "exclaim", "whisper", "mutter", "plead",
    "implore", "demand", "groan", "grumble", "sigh", "gush", "marvel", "wonder", "speculate",
    "confirm", "confess", "reveal", "disclose", "recount", "inform", "advise", "taunt",
    "allege", "maintain", "propose", "recommend", "answer", "object", "protest", "inquire",
    "elaborate", "clarify", "mention", "interject", "bark", "snap", "fume", "rail", "opine",
    "posit", "surmise", "theorize", "theorise", "cry", "thunder", "lash", "grouse", "gripe",
    "rant", "crow", "feel",
}  # fmt: skip


class LabelledEnum(StrEnum):
    """A string enum whose members also carry a human label: ``QuoteKind.BLOCK.label``."""

    label: str

    def __new__(cls, value: str, label: str) -> LabelledEnum:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


class QuoteKind(LabelledEnum):
    DIRECT = "direct", "Direct"
    PARTIAL = "partial", "Partial"
    BLOCK = "block", "Block"
    REPORTED = "reported", "Reported"  # said without quotation marks: "X said (that) …"


class AttributionStatus(LabelledEnum):
    """What the pipeline (or an editor) made of who speaks a quote."""

    ATTRIBUTED = "attributed", "Attributed"
    UNNAMED = "unnamed", "Unnamed source"  # "said a senior adviser": described, not named
    UNATTRIBUTED = "unattributed", "Unattributed"  # nobody confident: for an editor to fix
    TERM = "term", "Term"  # a label in quotation marks that nobody is reported as saying


TERM_RULE = "term"


class SpeakerKind(LabelledEnum):
    PERSON = "person", "Person"
    ORGANISATION = "organisation", "Organisation"
    GOVERNMENT = "government", "Government"
    DOCUMENT = "document", "Document"


def normalise_alias(alias: str) -> str:
    """Fold an alias for uniqueness: case, accents, punctuation and spacing do not count."""
    decomposed = unicodedata.normalize("NFKD", alias)
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = re.findall(r"\w+", without_marks.casefold())
    return " ".join(words)


JOINT = re.compile(r"\s*,\s*|\s+(?:and|&)\s+")


def joint_name_parts(name: str) -> list[str]:
    """The speakers a joint name joins ("Xi Jinping and Vladimir Putin" → both); one part
    for a single name."""
    return [part for part in JOINT.split(name.strip()) if part]
