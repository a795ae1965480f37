"""Find the quotations in an article body: plain text in, spans out, no parser needed.

Offsets are Python string indices into the body. A quote's ``start``/``end`` cover its words
without the quotation marks; ``outer_start``/``outer_end`` include them.

- Double quotation marks, curly or straight; single marks inside them are nested quotes and
  stay part of the text. Outside them, straight single marks ('…') quote too, as in some
  outlets' copy (an apostrophe inside or after a word is not one).
- Paragraphs end at a blank line, or at one line break after a sentence's end (a
  hard-wrapped line, which ends mid-sentence, does not end one).
- A paragraph that opens a quotation and does not close it continues into the next paragraph
  when that one opens with a quotation mark (the newspaper convention); otherwise the quote
  ends with the sentence it opens in, so one unbalanced mark never swallows a paragraph.
- Block quotes: paragraphs quoted whole from another publication, closed by "[Source]" and
  introduced by the paragraph before them (ending in a colon, or cut off without a full stop).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .vocabulary import QuoteKind

DIRECT, PARTIAL, BLOCK = QuoteKind.DIRECT, QuoteKind.PARTIAL, QuoteKind.BLOCK

OPENING = "“„«"
CLOSING = "”»"
STRAIGHT = '"'
SOURCE_MARKER = re.compile(r"\s*\[(source|link|via [^\]]+)\]\s*$", re.IGNORECASE)
# "an op-ed called “…”" names a title; "the so-called “…”" is a label (a term), not a title.
TITLE_CUE = re.compile(
    r"\b(titled|entitled|headlined|headline|(?<!so-)(?<!so )called)\s*[,:]?\s*$", re.I
)
MAX_BLOCK_PARAGRAPHS = 8
SENTENCE_END = re.compile(r"[.!?…](?=\s+[A-Z“\"]|\s*$)")
# 'Two words or more,' in straight single marks: opened before a letter, closed after one
# (or after . , ! ?), and followed by a space, punctuation or the end of the paragraph.
SINGLE_QUOTED = re.compile(
    r"(?:^|(?<=[\s(\[—–]))(?P<mark>')(?P<text>[A-Za-z0-9][^'\n]*?[A-Za-z0-9.,!?])'(?=[\s.,;:!?)—–]|$)"
)


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class QuoteSpan:
    start: int
    end: int
    kind: str
    outer_start: int
    outer_end: int
    closed: bool = True

    def text_in(self, body: str) -> str:
        return body[self.start : self.end]


# A blank line; or one line break after the end of a sentence (text from elsewhere may
# have one newline between paragraphs, but a hard-wrapped line ends mid-sentence).
PARAGRAPH_BREAK = re.compile(r"\n\s*\n\s*|(?<=[.!?:”\"’)\]])[ \t]*\n\s*")


def paragraphs_of(body: str) -> list[Paragraph]:
    """The body's paragraphs, split at ``PARAGRAPH_BREAK`` (ingest writes a blank line
    between paragraphs; pasted or imported text may have one newline)."""
    paragraphs, position = [], 0
    for match in [*PARAGRAPH_BREAK.finditer(body), None]:
        end = match.start() if match else len(body)
        paragraphs.append(Paragraph(position, end, body[position:end]))
        position = match.end() if match else len(body)
    return paragraphs


def _is_opening_straight(text: str, index: int) -> bool:
    before = text[index - 1] if index else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-/:") and not after.isspace()


def _is_closing_curly(text: str, index: int) -> bool:
    before = text[index - 1] if index else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or after in ".,;:!?)—–")


def _ends_the_quote(text: str, index: int) -> bool:
    """An opening mark inside an open quotation that is its closing one typed the wrong way
    round: right after a word (“Yes,“ he said); or after the quoted sentence's end, when it
    stands free (“We will not back down. “ Tom Reed …: an opening mark is written against
    the word it opens) or when only so do the marks after it pair up (“No. “Tom Reed
    disagreed. “We need a deal,” Reed said.). Read as an opening, it would enclose the
    narration that follows and take its subject with it."""
    if _is_closing_curly(text, index):
        return True
    before = text[:index].rstrip()
    if len(before) == index or before[-1:] not in ".,!?…":
        return False
    after = text[index + 1 : index + 2]
    marks_after = sum(text.count(mark, index + 1) for mark in OPENING + CLOSING + STRAIGHT)
    return not after or after.isspace() or marks_after % 2 == 0


def _marks(paragraph: Paragraph, repair: bool = True) -> list[tuple[int, str]]:
    """(absolute offset, 'open' | 'close') for each double quotation mark in a paragraph."""
    marks = []
    depth = 0
    for index, char in enumerate(paragraph.text):
        if char in OPENING or char in CLOSING:
            # A curly mark typed the wrong way round reads by where it stands: “Yes,“ he
            # said closes after a word, and ”Yes,” opens before one.
            if depth == 1 and char in OPENING:
                ends = _ends_the_quote if repair else _is_closing_curly
                role = "close" if ends(paragraph.text, index) else "open"
            elif depth == 0 and char in CLOSING:
                role = "open" if _is_opening_straight(paragraph.text, index) else "close"
            else:
                role = "open" if char in OPENING else "close"
            marks.append((paragraph.start + index, role))
            depth = 1 if role == "open" else 0
        elif char == "’" and depth == 1 and paragraph.text[index + 1 : index + 2] == "’":
            marks.append((paragraph.start + index, "close"))  # “question’’: two singles
            depth = 0
        elif char == STRAIGHT:
            if depth == 0 and _is_opening_straight(paragraph.text, index):
                role = "open"
            elif depth == 1:
                role = "close"
            else:
                role = "open" if _is_opening_straight(paragraph.text, index) else "close"
            marks.append((paragraph.start + index, role))
            depth = 1 if role == "open" else 0
    return marks


def _trim(body: str, start: int, end: int) -> tuple[int, int]:
    """Narrow a span to its words: no surrounding spaces, no trailing [Source] marker."""
    text = body[start:end]
    marker = SOURCE_MARKER.search(text)
    if marker:
        end = start + marker.start()
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return start, end


def find_direct_quotes(body: str, repair_marks: bool = True) -> list[QuoteSpan]:
    """``repair_marks``: read an opening mark typed for a closing one by what the marks
    enclose (``_ends_the_quote``; off only to measure what it buys)."""
    paragraphs = paragraphs_of(body)
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    for number, paragraph in enumerate(paragraphs):
        for offset, role in _marks(paragraph, repair_marks):
            if role == "open" and open_at is None:
                open_at = offset
            elif role == "open" and open_at is not None and offset > paragraph.start:
                # A second opening mark inside an open quote: the first one was never closed.
                spans.append(_span(body, open_at, offset, False))
                open_at = offset
            elif role == "close" and open_at is not None:
                spans.append(_span(body, open_at, offset + 1, True))
                open_at = None
        if open_at is not None:
            following = paragraphs[number + 1] if number + 1 < len(paragraphs) else None
            continues = following and following.text[:1] in OPENING + STRAIGHT
            if not continues:
                spans.append(
                    _span(body, open_at, _sentence_end(body, open_at, paragraph.end), False)
                )
                open_at = None
    spans += _single_quoted(body, paragraphs, spans)
    spans.sort(key=lambda span: span.outer_start)
    return [span for span in spans if span.end > span.start]


def _sentence_end(body: str, start: int, limit: int) -> int:
    """Where the sentence an unclosed quotation opens in ends: a quote whose closing mark is
    missing stops there rather than taking the rest of its paragraph."""
    found = SENTENCE_END.search(body, start + 1, limit)
    return found.start() + 1 if found else limit


def _single_quoted(body: str, paragraphs: list[Paragraph], taken: list[QuoteSpan]):
    """Quotations in single straight marks ('…'), as some outlets' copy has them: an opening
    mark before a word, a closing one after it, two words or more, outside any double-quoted
    passage (where single marks are a quote within the quote) and not an apostrophe."""
    inside = [(span.outer_start, span.outer_end) for span in taken]
    found = []
    for paragraph in paragraphs:
        for match in SINGLE_QUOTED.finditer(paragraph.text):
            outer_start = paragraph.start + match.start("mark")
            outer_end = paragraph.start + match.end()
            if any(start <= outer_start < end for start, end in inside):
                continue
            if len(match.group("text").split()) >= 2:
                found.append(_span(body, outer_start, outer_end, True))
    return found


def _span(body: str, outer_start: int, outer_end: int, closed: bool) -> QuoteSpan:
    inner_end = outer_end - 1 if closed else outer_end
    start, end = _trim(body, outer_start + 1, inner_end)
    return QuoteSpan(start, end, DIRECT, outer_start, outer_end, closed)


def find_block_quotes(body: str) -> list[tuple[QuoteSpan, Paragraph]]:
    """Block quotes with the paragraph that introduces each."""
    paragraphs = paragraphs_of(body)
    blocks = []
    taken = -1
    for number, paragraph in enumerate(paragraphs):
        if not SOURCE_MARKER.search(paragraph.text):
            continue
        first = number
        while first - 1 > taken and number - first < MAX_BLOCK_PARAGRAPHS:
            previous = paragraphs[first - 1].text.rstrip(CLOSING + STRAIGHT + "’' ")
            if previous.endswith(":") or not previous.endswith((".", "!", "?", "…", "]", ")")):
                break
            first -= 1
        if first - 1 <= taken:
            taken = number
            continue
        start, end = _trim(body, paragraphs[first].start, paragraph.end)
        blocks.append((QuoteSpan(start, end, BLOCK, start, end), paragraphs[first - 1]))
        taken = number
    return blocks


def is_title(body: str, span: QuoteSpan) -> bool:
    """A headline quoted as a title ("an op-ed titled, “…”") is not a quotation."""
    return bool(TITLE_CUE.search(body[max(0, span.outer_start - 40) : span.outer_start]))


def is_name_in_quotes(text: str) -> bool:
    """“Power of Siberia 2”: a proper name in quotation marks, not somebody's words."""
    words = text.strip(" ,.").split()
    if not 1 <= len(words) <= 5 or text.rstrip().endswith((".", ",", "!", "?")):
        return False
    small = {"of", "the", "and", "for", "in", "on", "de", "to", "a"}
    capitalised = [w for w in words if w.lower() not in small]
    return bool(capitalised) and all(w[:1].isupper() or w[:1].isdigit() for w in capitalised)


def classify_direct(body: str, span: QuoteSpan, sentence_start: int, sentence_end: int) -> str:
    """Direct when the quote is a sentence of its own, partial when it sits inside one."""
    before = body[sentence_start : span.outer_start].strip()
    text = span.text_in(body)
    starts_like_sentence = text[:1].isupper() or text[:1] in "[(…"
    ends_like_sentence = text.rstrip()[-1:] in ".,!?…" or not span.closed
    if starts_like_sentence and ends_like_sentence and (not before or before.endswith((",", ":"))):
        return DIRECT
    return PARTIAL
