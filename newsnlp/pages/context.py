"""Lines that are furniture only by where they stand: judged beside the paragraphs around
them, not by their own words.

- An **injected headline**: a short line without sentence punctuation inside the body whose
  words the paragraphs around it do not share (another story's headline a site slipped in).
  A real subheading introduces what follows and shares its words, so it stays.
- A **trailing link**: headline-like lines right after the article's last paragraph (a
  related story's headline left at the end of the page).

Both err on the side of keeping: a line with a quotation mark, a line of many words, or a
line whose content words are all common ones is never dropped here.
"""

from __future__ import annotations

import re

from .lines import ends_sentence, is_running_text, word_count

QUOTE_MARKS = '"“”‘’«»'
# Words too common to say what a line is about.
COMMON = frozenset(
    """about above after again against also among and another around because been before
    being between both could does down during each even every from have having here into just
    last like more most much must next only other over same says said should since some such
    than that their them then there these they this those through under until very were what
    when where which while will with would year years your new news more latest live update
    updates says world""".split()  # noqa: SIM905
)
SHORT_LINE_WORDS = 14
# How many content words a line needs to be judged at all: a story's headline says something
# (who did what); a two-word label may be the section's own heading.
INJECTED_STEMS = 4
TRAILING_STEMS = 3
STEM = 5


def content_stems(text: str) -> set[str]:
    """The line's words of four letters or more that are not common, cut to a stem."""
    words = re.findall(r"[^\W\d_]{4,}", text.casefold())
    return {word[:STEM] for word in words if word not in COMMON}


# A headline starts with a capital letter or a digit that is no list number, and holds no
# list marker, markup or code ("- item", "(3) …", "<title>", "a > 3", "x = y;").
HEADLINE_SHAPE = re.compile(r"^(?![\d]+[.)/]\s)[A-Z0-9][^<>{}\[\]=;|@#_*\\/]*$")


def _headline_like(line: str, limit: int = SHORT_LINE_WORDS) -> bool:
    return (
        word_count(line) <= limit
        and bool(HEADLINE_SHAPE.match(line))
        and not ends_sentence(line)
        and not line.rstrip().endswith((":", ",", ";", "-", "–", "—"))
        and not any(mark in line for mark in QUOTE_MARKS)
        and not is_running_text(line)
    )


def _paragraph(line: str) -> bool:
    """A paragraph of the article: a sentence of some length, or running text."""
    return is_running_text(line) or (ends_sentence(line) and word_count(line) >= 8)


def is_injected_headline(lines: list[str], index: int) -> bool:
    """``lines[index]`` is a short headline-like line inside the body (a paragraph on either
    side) sharing no content word with the paragraph before it or the two after it."""
    line = lines[index]
    if not 0 < index < len(lines) - 1 or not _headline_like(line):
        return False
    if not (_paragraph(lines[index - 1]) and _paragraph(lines[index + 1])):
        return False  # among fragments (a list, wrapped lines, code): not a slipped-in story
    own = content_stems(line)
    if len(own) < INJECTED_STEMS:
        return False  # "Delivery latency", "Further reading": a short label, maybe a heading
    around = " ".join(lines[max(0, index - 1) : index] + lines[index + 1 : index + 3])
    return not own & content_stems(around)


def trailing_links(lines: list[str]) -> int:
    """How many lines at the end are headline-like lines after the last sentence."""
    count = 0
    for line in reversed(lines):
        if not _headline_like(line, limit=20) or len(content_stems(line)) < TRAILING_STEMS:
            break
        count += 1
    if count in (0, len(lines)) or not _paragraph(lines[-count - 1]):
        return 0  # the page ends in a list or in fragments, not after the article's last line
    return count
