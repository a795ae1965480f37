"""Names people read and search for (themes, speakers, aliases, outlets) hold only visible
characters: no zero-width spaces, no direction overrides that make "Putin" display as
another name, no control characters."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError

# Format (zero-width, bidirectional controls, soft hyphen, BOM), control, private-use and
# surrogate code points.
HIDDEN_CATEGORIES = {"Cf", "Cc", "Co", "Cs"}


def hidden_characters(text: str) -> list[str]:
    """The invisible or direction-changing characters of ``text``, as U+XXXX names."""
    return [
        f"U+{ord(char):04X}" for char in text if unicodedata.category(char) in HIDDEN_CATEGORIES
    ]


def validate_visible_name(value: str) -> None:
    hidden = hidden_characters(value or "")
    if hidden:
        raise ValidationError(
            "A name may hold only visible characters; this one holds %(chars)s (invisible or "
            "direction-changing). Type it again rather than pasting it.",
            code="hidden_characters",
            params={"chars": ", ".join(dict.fromkeys(hidden))},
        )


def without_hidden_characters(text: str) -> str:
    """``text`` with those characters removed (names read from imported pages)."""
    return "".join(c for c in text if unicodedata.category(c) not in HIDDEN_CATEGORIES)
