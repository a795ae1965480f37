"""Separate an article from the web page around it.

Text saved from a news site carries the site with it: a repeated headline, a byline, photo
credits and captions, comment forms, donation appeals and tool lists. ``clean_article`` keeps
the article's own sentences, paragraph by paragraph, and reports every line it dropped with
the rule that dropped it, so that a wrong removal can be traced to one rule below.

Every rule lives in this module. A rule looks at one line (a paragraph, in the seeds); the
header rules look at the lines before the first paragraph of running text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TERMINAL = ".!?…"
CLOSERS = "\"'”’)]»"

# A line that is only one of these is part of a comment form: it and everything after it go.
COMMENT_FORM = re.compile(
    r"^(leave a (reply|comment)|post a comment|add a comment|comments?|\d+ comments?"
    r"|please enter your (comment|name here|email address here)!?"
    r"|your email address will not be published.*|join the conversation)$",
    re.IGNORECASE,
)
# Lines that announce the site's own furniture (newsletter, donations, shop, tools).
FOOTER_MARKER = re.compile(
    r"^(subscribe( to\b.*)?|sign up\b.*|support\b.*|donate\b.*|newsletter\b.*|follow us\b.*"
    r"|related( articles| stories| posts)?:?|more from\b.*|most (read|popular)\b.*"
    r"|copyright\b.*|all rights reserved\.?|share this( article| story)?:?)$",
    re.IGNORECASE,
)
# Short lines of shouting capitals ("CDT EBOOKS", "SUPPORT CDT") are site navigation.
ALL_CAPS_LINE = re.compile(r"^(?=.*[A-Z]{2})[A-Z0-9&'’.,:-]+( [A-Z0-9&'’.,:-]+){0,4}$")
# Lines that can stand anywhere and are never the article.
SITE_LINE = re.compile(
    r"^(advertisement|advertising|sponsored( content)?|read more:?.*|click here\b.*"
    r"|scroll to continue.*|skip to (main )?content|open popup|close)$",
    re.IGNORECASE,
)
PHOTO_CREDIT = re.compile(
    r"©|^(photo|image|picture|photograph)( credit)?\s*:"
    r"|\b(getty images|afp|reuters|ap photo|shutterstock|epa-efe|xinhua via getty)\s*\)?$",
    re.IGNORECASE,
)
BYLINE = re.compile(r"^(by|written by|words by)\s+(?P<names>[A-Z][^\n]{1,150})$", re.IGNORECASE)
# "Xi Jinping, Vladimir Putin": a caption naming who is in the picture.
NAME_LIST_CAPTION = re.compile(
    r"^[A-Z][\w.'’-]*( [A-Z][\w.'’-]*){0,3}((, | and | & )[A-Z][\w.'’-]*( [A-Z][\w.'’-]*){0,3})+$"
)
SENTENCE_BREAK = re.compile(r"[.!?…][\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")


@dataclass(frozen=True)
class Removal:
    """A line the cleaner dropped, and the rule that dropped it."""

    text: str
    rule: str


@dataclass(frozen=True)
class CleanedArticle:
    title: str
    subtitle: str
    byline: str
    body: str
    removed: tuple[Removal, ...] = field(default_factory=tuple)

    @property
    def paragraphs(self) -> list[str]:
        return self.body.split("\n\n") if self.body else []


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


def _same_text(a: str, b: str) -> bool:
    def fold(s: str) -> str:
        return " ".join(re.findall(r"\w+", s.casefold()))

    return bool(a) and fold(a) == fold(b)


def _line_rule(line: str, title: str) -> str | None:
    """The rule that drops this single line anywhere in the page, if any."""
    if PHOTO_CREDIT.search(line) and word_count(line) <= 15:
        return "photo credit"
    if SITE_LINE.match(line):
        return "site furniture"
    if title and _same_text(line, title):
        return "duplicated headline"
    if BYLINE.match(line) and word_count(line) <= 12 and not ends_sentence(line):
        return "byline"
    return None


def _footer_starts(lines: list[str], index: int) -> str | None:
    """The rule by which the site's footer starts at ``lines[index]`` (the rest goes with it)."""
    line = lines[index]
    if COMMENT_FORM.match(line):
        return "comment form"
    if FOOTER_MARKER.match(line) or ALL_CAPS_LINE.match(line):
        rest = lines[index:]
        fragments = sum(1 for candidate in rest if is_short_fragment(candidate))
        if fragments * 2 >= len(rest):
            return "site footer"
    return None


def _split_header(lines: list[str]) -> int:
    """How many leading lines form the header (headline, standfirst, byline, credits)."""
    for index, line in enumerate(lines):
        if is_running_text(line):
            return index
    return 1 if lines and not ends_sentence(lines[0]) else 0


def _known_header(lines: list[str], title: str) -> int:
    """How many leading lines repeat a headline already known, or are bylines or credits."""
    for index, line in enumerate(lines):
        if not (_same_text(line, title) or _line_rule(line, "") in {"byline", "photo credit"}):
            return index
    return len(lines)


def clean_article(raw: str, known_title: str = "") -> CleanedArticle:
    """Split received text into headline, standfirst, byline and the article's own body.

    With ``known_title`` (a web page, whose main-content extractor already separated the
    headline), only leading lines repeating it, bylines and credits are header: every other
    paragraph is body, however short.
    """
    lines = split_lines(normalise_newlines(raw))
    removed: list[Removal] = []
    header_length = _known_header(lines, known_title) if known_title else _split_header(lines)
    title = subtitle = byline = ""

    for position, line in enumerate(lines[:header_length]):
        rule = _line_rule(line, title)
        following = lines[position + 1] if position + 1 < len(lines) else ""
        if rule == "byline":
            byline = BYLINE.match(line).group("names").strip()
        elif rule:
            removed.append(Removal(line, rule))
        elif _line_rule(following, title) == "photo credit" and not ends_sentence(line):
            removed.append(Removal(line, "photo caption"))
        elif not title and not subtitle and not ends_sentence(line) and word_count(line) <= 25:
            title = line
        elif NAME_LIST_CAPTION.match(line):
            removed.append(Removal(line, "photo caption"))
        elif not subtitle:
            subtitle = line
        else:
            subtitle = f"{subtitle} {line}"

    paragraphs: list[str] = []
    body_lines = lines[header_length:]
    for position, line in enumerate(body_lines):
        footer_rule = _footer_starts(body_lines, position)
        if footer_rule:
            removed.extend(Removal(rest, footer_rule) for rest in body_lines[position:])
            break
        rule = _line_rule(line, title)
        following = body_lines[position + 1] if position + 1 < len(body_lines) else ""
        if rule is None and _line_rule(following, title) == "photo credit":
            rule = "photo caption" if is_short_fragment(line) else None
        if rule == "byline" and not byline:
            byline = BYLINE.match(line).group("names").strip()
        elif rule:
            removed.append(Removal(line, rule))
        else:
            paragraphs.append(line)

    return CleanedArticle(
        title=title,
        subtitle=subtitle,
        byline=byline,
        body="\n\n".join(paragraphs),
        removed=tuple(removed),
    )
