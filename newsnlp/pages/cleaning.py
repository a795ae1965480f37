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
from collections.abc import Collection
from dataclasses import dataclass, field

from . import context, dates, furniture
from .lines import (
    CLOSERS,
    ends_sentence,
    is_running_text,
    is_short_fragment,
    normalise_newlines,
    split_lines,
    word_count,
)

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


# How many opening paragraphs are looked at for a dateline.
DATELINE_WITHIN = 3


@dataclass(frozen=True)
class Removal:
    """A line the cleaner dropped, the rule that dropped it, and where it stood: before the
    body's paragraph ``before`` (the count of paragraphs kept ahead of it), or at the start of
    that paragraph (``prefix``: a dateline). What a "keep in the body" puts back, and where."""

    text: str
    rule: str
    before: int = 0
    prefix: bool = False


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
    if furniture.is_media_line(line):
        return "media player"
    if COMMENT_FORM.match(line):  # in the body, where the form starts the footer goes with it
        return "comment form"
    if SITE_LINE.match(line) or furniture.is_share_line(line):
        return "site furniture"
    if furniture.related_line(line) == "link":
        return "related link"
    if furniture.is_dated_caption(line):
        return "photo caption"
    if title and _same_text(line, title):
        return "duplicated headline"
    if not ends_sentence(line) and furniture.byline_names(line, placed_byline):
        return "byline"
    if furniture.is_role_line(line):
        return "byline role"
    if furniture.is_breadcrumb(line):
        return "breadcrumb"
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
    """The rule by which the site's footer starts at ``lines[index]`` (the rest goes with it).

    A marker starts the footer only if what follows is mostly short fragments and holds at
    most two paragraphs of running text (a site's blurb, an appeal): an article with code or a
    table after an upper-case line ("SELECT") keeps its paragraphs.
    """
    line = lines[index]
    if COMMENT_FORM.match(line):
        return "comment form"
    if FOOTER_MARKER.match(line) or ALL_CAPS_LINE.match(line):
        rest = lines[index:]
        fragments = sum(1 for candidate in rest if is_short_fragment(candidate))
        running = sum(1 for candidate in rest if is_running_text(candidate))
        if fragments * 2 >= len(rest) and running <= 2:
            return "site footer"
    return None


def _is_furniture(lines: list[str], index: int) -> bool:
    """A header line some rule drops: furniture itself, or a caption beside a photo credit."""
    line = lines[index]
    if _line_rule(line, "", placed_byline=index > 0) or NAME_LIST_CAPTION.match(line):
        return True
    following = lines[index + 1] if index + 1 < len(lines) else ""
    previous = lines[index - 1] if index else ""
    return (_line_rule(following, "") == "photo credit" and not ends_sentence(line)) or (
        _line_rule(previous, "") == "photo credit" and furniture.looks_like_caption(line)
    )


def _split_header(lines: list[str]) -> int:
    """How many leading lines form the header of plain text: what stands above the headline,
    the headline, at most one standfirst under it, and furniture (bylines, timestamps,
    credits, captions) among them.

    A ``.txt`` has no markup that says "standfirst", so only a dek that is no sentence (no
    sentence-final punctuation, not running text) can be one; the body starts at the first
    other line, and a one-sentence lead stays in the body.
    """
    limit = len(lines)
    for index, line in enumerate(lines):
        if not _is_furniture(lines, index) and (ends_sentence(line) or is_running_text(line)):
            limit = index
            break
    headline_at = _headline_position(lines[:limit])
    if headline_at < 0:
        return limit
    dek_taken = False
    for index in range(headline_at + 1, limit):
        if _is_furniture(lines, index):
            continue
        if dek_taken:
            return index
        dek_taken = True
    return limit


def _context_rule(lines: list[str], index: int, trailing_from: int) -> str | None:
    """Furniture by where the line stands among the body's lines (``newsnlp.pages.context``)."""
    if index >= trailing_from:
        return "related link"
    if context.is_injected_headline(lines, index):
        return "injected headline"
    return None


def _known_header(lines: list[str], title: str, standfirst: str = "") -> int:
    """How many leading lines repeat a headline already known, are bylines or credits, or
    repeat the standfirst the page marks as such (its description). Many sites' description
    is their lead paragraph: a line of running text stays in the body even then."""
    if is_running_text(standfirst):
        standfirst = ""
    header_rules = {"byline", "photo credit", "timestamp", "wire credit", "site furniture",
                    "breadcrumb", "media player"}  # fmt: skip
    for index, line in enumerate(lines):
        rule = _line_rule(line, "")
        if not (_same_text(line, title) or _same_text(line, standfirst) or rule in header_rules):
            return index
    return len(lines)


def clean_article(
    raw: str,
    known_title: str = "",
    known_standfirst: str = "",
    keep: Collection[str] = (),
) -> CleanedArticle:
    """Split received text into headline, standfirst, byline and the article's own body.

    With ``known_title`` (a web page, whose main-content extractor already separated the
    headline), only leading lines repeating it, bylines and credits are header, and the
    standfirst is a leading line repeating ``known_standfirst`` (the page's description):
    every other paragraph is body, however short. A line in ``keep`` (an admin's "keep in
    the body") is never dropped: it stays in the body where it stood.
    """
    lines = split_lines(normalise_newlines(raw))
    keep = frozenset(keep)
    removed: list[Removal] = []
    paragraphs: list[str] = []
    timestamps: list[dates.Timestamp] = []
    header_length = (
        _known_header(lines, known_title, known_standfirst) if known_title else _split_header(lines)
    )
    title = subtitle = byline = ""

    def drop(line: str, rule: str) -> None:
        if line in keep:
            paragraphs.append(line)
            return
        removed.append(Removal(line, rule, before=len(paragraphs)))
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

    body_lines = lines[header_length:]
    skip_until = 0
    trailing_from = len(body_lines) - context.trailing_links(body_lines)
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
            for rest in body_lines[position:]:
                drop(rest, footer_rule)
            break
        if listed:  # a list that ends the page without a footer's other furniture
            for link in body_lines[position:]:
                drop(link, "related links")
            break
        rule = _line_rule(line, title) or _context_rule(body_lines, position, trailing_from)
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

    # The dateline opens the article proper, which a summary sentence can stand above.
    for index, paragraph in enumerate(paragraphs[:DATELINE_WITHIN]):
        if (opening := furniture.dateline(paragraph)) and opening.strip() not in keep:
            paragraphs[index] = paragraph[len(opening) :]
            removed.append(Removal(opening.strip(), "dateline", before=index, prefix=True))
            timestamps += [dates.Timestamp(date, "") for _, date in dates.dates_in(opening)]
            break

    if not paragraphs and (subtitle or title):
        # The header guess never takes all of the text (a one-line paste, a page that is one
        # sentence): the standfirst, or else the only line, is the article itself.
        paragraphs, subtitle = [subtitle or title], ""
    return CleanedArticle(
        title=title,
        subtitle=subtitle,
        byline=byline,
        body="\n\n".join(paragraphs),
        removed=tuple(removed),
        published=_published(timestamps),
    )
