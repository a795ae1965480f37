"""Separate an article from the web page around it.

Text saved from a news site carries the site with it: a repeated headline, a byline, photo
credits and captions, comment forms, donation appeals and tool lists. ``clean_article`` keeps
the article's own sentences, paragraph by paragraph, and reports every line it dropped with
the rule that dropped it, so that a wrong removal can be traced to one rule below.

The page-level rules live in this module: a rule looks at one line (a paragraph, in the
seeds); the header rules look at the lines before the first paragraph of running text. What
a single line of site furniture is (a timestamp, a credit, a "read more" line, a byline with
a place, a dateline) is decided in ``newsnlp.pages.furniture``. A line no rule is sure of stays:
losing a paragraph of the article is worse than keeping a credit.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from . import dates, furniture

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
    published: dt.date | None = None

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


def _line_rule(line: str, title: str, placed_byline: bool = True) -> str | None:
    """The rule that drops this single line anywhere in the page, if any."""
    if dates.timestamp(line):
        return "timestamp"
    if furniture.is_photo_credit(line):
        return "photo credit"
    if furniture.is_captioned_photo(line):
        return "photo caption"
    if furniture.is_wire_credit(line):
        return "wire credit"
    if SITE_LINE.match(line) or furniture.is_share_line(line):
        return "site furniture"
    if furniture.related_line(line) == "link":
        return "related link"
    if title and _same_text(line, title):
        return "duplicated headline"
    if not ends_sentence(line) and furniture.byline_names(line, placed_byline):
        return "byline"
    if furniture.is_role_line(line):
        return "byline role"
    return None


def _related_list_length(lines: list[str], index: int) -> int:
    """How many lines a "Related stories" heading at ``lines[index]`` and its links take."""
    if furniture.related_line(lines[index]) != "heading":
        return 0
    end = index + 1
    while end < len(lines):
        line = lines[end]
        # Headlines end without a full stop (a question mark is a headline's too).
        closing = line.rstrip(CLOSERS + " ")[-1:]
        headline = closing not in ".!…" and word_count(line) <= 20 and not is_running_text(line)
        if not (headline or furniture.related_line(line) or furniture.is_share_line(line)):
            break
        end += 1
    return end - index if end > index + 1 else 0


def _is_caption(line: str, title: str, subtitle: str) -> bool:
    """A line followed by a photo credit: its caption, unless it is the headline or the
    standfirst (the line right under the headline) and does not describe a photo.
    """
    if furniture.looks_like_caption(line):
        return True
    return bool(title) and bool(subtitle) and not ends_sentence(line)


def _headline_position(header: list[str]) -> int:
    """Where the headline stands among the header lines: the first headline-like line of
    three words or more (menu items and section labels above it are shorter) that a byline,
    timestamp or photo follows, else the first such line, else the first headline-like line
    at all; -1 when there is none.
    """
    candidates = [
        position
        for position, line in enumerate(header)
        if not _line_rule(line, "", placed_byline=False)
        and not ends_sentence(line)
        and word_count(line) <= 25
    ]
    long_enough = [position for position in candidates if word_count(header[position]) >= 3]
    # A site's tagline can stand above the headline; the headline is what the byline,
    # timestamp or lead photo follows.
    marked = [
        position
        for position in long_enough
        if any(
            _line_rule(line, "") in {"byline", "timestamp", "photo credit", "photo caption"}
            for line in header[position + 1 : position + 4]
        )
    ]
    return (marked or long_enough or candidates or [-1])[0]


def _published(timestamps: list[dates.Timestamp]) -> dt.date | None:
    """The published date if one is given, else the only date the page gives."""
    dated = [stamp for stamp in timestamps if stamp.date]
    published = [stamp for stamp in dated if stamp.kind == "published"]
    return (published or dated or [dates.Timestamp(None, "")])[0].date


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
    """How many leading lines form the header (headline, standfirst, byline, credits).

    The body starts at the first paragraph of running text, or at the first full sentence
    after a byline or timestamp: standfirsts stand above those, the lede below.
    """
    after_byline = False
    for index, line in enumerate(lines):
        if is_running_text(line) or (
            after_byline and ends_sentence(line) and word_count(line) >= 12
        ):
            return index
        after_byline = after_byline or _line_rule(line, "", placed_byline=index > 0) in {
            "byline",
            "timestamp",
        }
    return 1 if lines and not ends_sentence(lines[0]) else 0


def _known_header(lines: list[str], title: str) -> int:
    """How many leading lines repeat a headline already known, or are bylines or credits."""
    for index, line in enumerate(lines):
        rule = _line_rule(line, "")
        header_rules = {"byline", "photo credit", "timestamp", "wire credit", "site furniture"}
        if not (_same_text(line, title) or rule in header_rules):
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
    timestamps: list[dates.Timestamp] = []
    header_length = _known_header(lines, known_title) if known_title else _split_header(lines)
    title = subtitle = byline = ""

    def drop(line: str, rule: str) -> None:
        removed.append(Removal(line, rule))
        if rule == "timestamp":
            timestamps.append(dates.timestamp(line))

    def read_byline(line: str) -> str:
        # "By Jane Roe | Published May 16, 2024": the byline can carry the timestamp.
        if stamp := furniture.byline_timestamp(line):
            timestamps.append(stamp)
        return furniture.byline_names(line) or ""

    header = lines[:header_length]
    headline_at = _headline_position(header) if not known_title else -1
    for position, line in enumerate(header):
        rule = _line_rule(line, title, placed_byline=bool(title))
        following = lines[position + 1] if position + 1 < len(lines) else ""
        previous_rule = _line_rule(header[position - 1], title) if position else None
        if not rule and position < headline_at:
            rule = "site navigation"  # menus, section labels and taglines above the headline
        if rule == "byline":
            byline = byline or read_byline(line)
        elif rule:
            drop(line, rule)
        elif (
            _line_rule(following, title) == "photo credit" and _is_caption(line, title, subtitle)
        ) or (previous_rule == "photo credit" and furniture.looks_like_caption(line)):
            drop(line, "photo caption")
        elif not title and not subtitle and not ends_sentence(line) and word_count(line) <= 25:
            title = line
        elif NAME_LIST_CAPTION.match(line):
            drop(line, "photo caption")
        elif not subtitle:
            subtitle = line
        else:
            subtitle = f"{subtitle} {line}"

    paragraphs: list[str] = []
    body_lines = lines[header_length:]
    skip_until = 0
    for position, line in enumerate(body_lines):
        if position < skip_until:
            continue
        listed = _related_list_length(body_lines, position)
        if listed and position + listed < len(body_lines):  # a list with the article after it
            for link in body_lines[position : position + listed]:
                drop(link, "related links")
            skip_until = position + listed
            continue
        footer_rule = _footer_starts(body_lines, position)
        if footer_rule:
            removed.extend(Removal(rest, footer_rule) for rest in body_lines[position:])
            break
        if listed:  # a list that ends the page without a footer's other furniture
            for link in body_lines[position:]:
                drop(link, "related links")
            break
        rule = _line_rule(line, title)
        following = body_lines[position + 1] if position + 1 < len(body_lines) else ""
        if rule is None and _line_rule(following, title) == "photo credit":
            short_caption = furniture.looks_like_caption(line) and not is_running_text(line)
            rule = "photo caption" if is_short_fragment(line) or short_caption else None
        if rule == "byline" and not byline:
            byline = read_byline(line)
        elif rule:
            drop(line, rule)
        else:
            paragraphs.append(line)

    if paragraphs and (opening := furniture.dateline(paragraphs[0])):
        paragraphs[0] = paragraphs[0][len(opening) :]
        drop(opening.strip(), "dateline")
        timestamps += [dates.Timestamp(date, "") for _, date in dates.dates_in(opening)]

    return CleanedArticle(
        title=title,
        subtitle=subtitle,
        byline=byline,
        body="\n\n".join(paragraphs),
        removed=tuple(removed),
        published=_published(timestamps),
    )
