"""What a line of received text is, apart from what it says: a sentence, running text, a
short fragment; and the text cut into its paragraphs, one per line."""

from __future__ import annotations

import re

TERMINAL = ".!?…"
CLOSERS = "\"'”’)]»"
SENTENCE_BREAK = re.compile(r"[.!?…][\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")


def normalise_newlines(raw: str) -> str:
    """Unify line endings, drop a byte-order mark and trailing spaces (non-breaking ones too)."""
    text = raw.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n").replace("\f", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def split_lines(text: str) -> list[str]:
    """The text's paragraphs, one per line, with wrapped lines joined again.

    A block of lines that was hard-wrapped at a fixed width becomes one paragraph; elsewhere a
    line that starts in lower case after one that did not end a sentence is a continuation.
    """
    lines: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        block_lines = [line.strip() for line in block.split("\n") if line.strip()]
        if _is_hard_wrapped(block_lines):
            lines.append(" ".join(block_lines))
            continue
        for position, line in enumerate(block_lines):
            if position and _continues(lines[-1], line):
                lines[-1] = f"{lines[-1]} {line}"
            else:
                lines.append(line)
    return lines


def _is_hard_wrapped(block_lines: list[str]) -> bool:
    """Lines of similar width, mostly breaking mid-sentence: a paragraph wrapped at ~80."""
    wrapped = block_lines[:-1]
    if not wrapped or any(not 40 <= len(line) <= 100 for line in wrapped):
        return False
    mid_sentence = sum(1 for line in wrapped if not ends_sentence(line))
    return mid_sentence * 2 >= len(wrapped)


def _continues(previous: str, line: str) -> bool:
    return not ends_sentence(previous) and line[:1].islower()


def ends_sentence(line: str) -> bool:
    return line.rstrip(CLOSERS + " ")[-1:] in TERMINAL if line else False


def word_count(line: str) -> int:
    return len(line.split())


def sentence_count(line: str) -> int:
    return len(SENTENCE_BREAK.findall(line)) + (1 if line.strip() else 0)


def is_running_text(line: str) -> bool:
    """A paragraph of the article proper: long, or more than one sentence."""
    return word_count(line) >= 30 or (sentence_count(line) >= 2 and word_count(line) >= 12)


def is_short_fragment(line: str) -> bool:
    return word_count(line) < 8 and not ends_sentence(line)
