"""Recognising the furniture news sites put around an article, one line at a time.

Timestamp and "updated" lines, wire credits, photo and copyright credits, "see also" and
"read more" lines with their link lists, share/subscribe/advertisement lines, bylines with
a place, and datelines. ``newsnlp.pages.cleaning`` decides where in the page each rule applies;
this module only says what a line is (and what date or names it carries).

Every rule errs on the side of keeping: a line that is also a sentence of the article (it
runs on, or has words no piece of furniture has) is not furniture.
"""

from __future__ import annotations

import re

from .dates import MONTH, WEEKDAY, WIRES, Timestamp, timestamp

WIRE_CREDIT = re.compile(
    rf"^[(\[—–-]*\s*(?:(?:with|by|source|sources|via)\s*:?\s*)?(?:(?:files|reporting)\s+from\s+)?"
    rf"(?:{WIRES}|(?-i:[A-Z]{{2,5}}))(?:\s*(?:/|,|&|and|\+)\s*(?:{WIRES}|(?-i:[A-Z]{{2,5}})))*"
    r"\s*[)\]]?\.?$",
    re.I,
)
# "Reporting by …; Editing by …", "Jane Doe contributed to this report": a story's credits.
CONTRIBUTORS = re.compile(
    r"^[(\[—–-]*\s*(?:additional\s+)?(?:reporting|writing|editing|edited|compiled|contributing|"
    r"research|graphics|translation|production)(?:\s+and\s+\w+)?\s+by\b.*$"
    r"|^reporting from [\w ,.'’-]{2,60}$|^(?:editors?|web editor|producer)\s*:\s*[\w .,'’-]{1,40}$"
    r"|^[—–-]*\s*[\w’'., -]{3,80}\bcontributed (?:reporting )?(?:to )?(?:this|the) "
    r"(?:report|story|article)(?: from [\w ,]{2,40})?\.?$"
    r"|^[—–-]*\s*[\w’'., -]{3,120}\b(?:writers?|reporters?|correspondents?|journalists?)\b"
    r"[\w’'., -]{0,120}\bcontributed\b[\w ,]{0,40}\.?$",
    re.I,
)
# "Main image:", "Header photo -", "Photo, AP": a label of a picture's credit. A word that is
# also an ordinary sentence's first word ("Header, …", "Lead …") needs a picture word after it.
CREDIT_LABEL = (
    r"(?:(?:photo|image|picture|photograph|video|illustration|graphic|artwork)"
    r"(?:\s+(?:photo|image|picture))?"
    r"|(?:cover|main|top|header|lead|feature|file|featured)\s+(?:photo|image|picture)"
    r"|(?:cover|main|top|header|lead|feature|file|featured)(?=\s*:))"
    r"(?:\s+(?:credit|source|courtesy|by|caption))?|credit|credits|courtesy|image source"
)
PHOTO_CREDIT = re.compile(
    rf"©|\(c\)\s*\d{{4}}|^copyright\b|^all rights reserved|"
    rf"^(?:{CREDIT_LABEL})\s*(?:\(s\))?\s*(?:[:,|–—]|-(?=\s))|"
    rf"[(\[]\s*(?:photo|image|picture|credit)s?\s*(?::|by)[^)\]]*[)\]]\s*$|"
    r"\bvia getty images\b|\bgetty images\s*\)?$|\bshutterstock\s*\)?$|\bap photo\b|"
    r"\bepa-efe\b|(?:^|[\s/])(?:afp|reuters|epa|xinhua|sputnik|tass|anadolu)\s*\)?$",
    re.I,
)
RELATED_HEADING = (
    r"see also|read more(?: (?:about|on|from))?|read also|also read|also see|more|related|"
    r"recommended|"
    r"further reading|more reading|you (?:may|might) also like|more on this(?: story| topic)?|"
    r"more (?:from|in|about) [\w ]{1,30}|related (?:stories|articles|coverage|content|"
    r"reading|news|links|topics|posts)|recommended (?:stories|reading|for you|articles|videos)|"
    r"most (?:read|popular|viewed|shared)|trending(?: now| stories)?|what to read next|"
    r"don'?t miss|editor'?s picks?|top stories|latest news|in case you missed it|"
    r"watch|listen|explainer|analysis|opinion|live updates?|explore more(?: on these topics)?|"
    r"more on these topics|topics|tags?"
)
# "SEE ALSO: …" (the line is a link) or "Related stories" (a heading over a list of links).
RELATED_LINE = re.compile(rf"^(?:{RELATED_HEADING})\s*(?:[:›»|>–—-]+\s*(?P<link>\S.*)|\s*)$", re.I)
# Headings that may also stand alone before a list without a colon; "More" or "Watch" alone
# is too common a word to start a list on its own.
LIST_HEADING = re.compile(
    rf"^(?!(?:more|watch|listen|explainer|analysis|opinion)\s*$)(?:{RELATED_HEADING})\s*:?$",
    re.I,
)
SHARE_LINE = re.compile(
    r"^(?:share(?: full| this| the)?(?: article| story| page| post| link)?"
    r"(?: (?:on|via) [\w ]{1,30})?"
    r"|\+?\s*follow|watch live|live tv|listen live|skip advertisement"
    r"|list of \d+ items?|list \d+ of \d+|end of list"
    r"|you can share this (?:story|article) on social media:?|give this article"
    r"|(?:published|updated|posted|first published|last updated)"
    r"|reuse this content|subscribe to (?:read|continue)(?: reading)?(?: more)?"
    r"|share on (?:facebook|twitter|x|linkedin|whatsapp|telegram|email|reddit)(?: and \w+)?"
    r"|tweet|email|e-mail|print|copy link(?: copied)?|link copied|copied|save"
    r"|save (?:article|for later)|facebook|twitter|x|reddit|linkedin|pinterest|flipboard"
    r"|whatsapp|telegram|bluesky|threads|messenger|purchase licensing rights(?:, opens new tab)?"
    r"|bookmark|gift (?:this )?article|add to myft|comments?(?: \(\d+\))?|\d+ comments?"
    r"|listen(?: to)?(?: this)?(?: article| story)?(?:\s*[·:|-]?\s*\d+ min(?:ute)?s?)?"
    r"|\d+\s*min(?:ute)?s?(?: read| listen)|reading time:?.*|font size:?.*|text size:?.*"
    r"|(?:story |article )?continues below(?: advertisement)?|continue reading(?: below)?"
    r"|advertisement(?:\s*[-·:|]?\s*scroll to continue(?: with content)?)?|ad feedback"
    r"|sponsored(?: content| links| stories)?|subscribe(?: now| today| here)?(?: to [\w' ]{1,40})?"
    r"|sign up(?: now| today| here)?(?: (?:for|to) [\w'’ ]{1,60})?"
    r"|(?:get|receive) (?:our|the) [\w' ]{1,40} newsletter(?: [\w' ]{1,40})?"
    r"|follow (?:us|[\w ]{1,30}) on (?:twitter|x|facebook|instagram|telegram|whatsapp|"
    r"google news|linkedin|youtube|threads)(?: and \w+)?|join (?:us|our [\w ]{1,30}) on [\w ]{1,30}"
    r"|download (?:our|the) [\w ]{1,30} app(?: [\w ]{1,30})?|click here to [\w ]{1,60}"
    r"|save articles? to read later.*|.{1,80}, opens new tab|_{3,}|-{3,}|\*{3,}"
    r"|[\w' ]{0,40}:?\s*https?://\S+)[.!:]?$",
    re.I,
)
# Two or more capitalised words ("Ben Aris", "Emma Graham-Harrison", "Ursula von der Leyen").
NAME = r"[A-Z][\w'’.-]*(?:\s+(?:de|van|von|der|al|bin|da|di|le|la))*(?:\s+[A-Z][\w'’.-]*)+"
PLACE = r"[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,2}"
BYLINE = re.compile(
    r"^(?:by|written by|words by|story by|text by|reported by)\s*:?\s+(?P<names>[A-Z].{1,150})$",
    re.I,
)
ROLE = (
    r"(?i:correspondent|reporter|writer|editor|contributor|columnist|analyst|bureau chief|"
    r"producer|journalist)s?"
)
ROLE_ADJECTIVES = (
    r"(?i:senior|chief|deputy|staff|special|foreign|political|diplomatic|economics|business|"
    r"security|defen[cs]e|international|global|associate|contributing|managing|executive)"
)
# "Ben Aris in Berlin", "Jane Roe in Kyiv and John Doe in Moscow", "Amy Hawkins, senior
# China correspondent": a byline without "by".
PLACED_BYLINE = re.compile(
    rf"^(?P<names>{NAME}\s+in\s+{PLACE}(?:(?:,\s*|\s+and\s+){NAME}\s+in\s+{PLACE})*"
    rf"|{NAME},?\s+(?:{ROLE_ADJECTIVES}\s+)*(?:[A-Z][a-z]+\s+)?{ROLE}\b.*)$"
)
INLINE_ROLE = re.compile(rf"\s+(?:{ROLE_ADJECTIVES}\s+)*(?:[A-Z][a-z]+\s+)?{ROLE}\b.*$")
# ", Beijing correspondent", " | Staff Writer", ", Senior Reporter": a role after the names.
BYLINE_ROLE = re.compile(
    r"\s*[,|–—-]\s*(?:[\w'’-]+\s+){0,3}(?:correspondent|reporter|writer|editor|"
    r"contributor|columnist|analyst|bureau chief|producer|journalist)s?\b.*$",
    re.I,
)
DATELINE_AGENCIES = (
    r"CNN|AP|AFP|Reuters|Xinhua|TASS|CNA|Bloomberg|RFE/RL|dpa|Kyodo|Yonhap|UPI|PTI|ANI|"
    r"Sputnik|Interfax|Anadolu|NHK|BBC|CBS|NBC|ABC|IANS"
)
# "BEIJING, May 16 (Reuters) -", "MOSCOW —", "Beijing, May 16 (Xinhua) --", "Hong Kong CNN —"
# at a paragraph's start.
DATELINE = re.compile(
    rf"^(?P<dateline>(?:[A-Z][A-Z'’.-]{{2,}}(?:[ ,]+[A-Z][A-Z'’.-]+){{0,3}}"
    r"(?:,\s*[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}(?=\s*[(—–-]|,\s*[A-Z][a-z]{2}))?"
    rf"(?:,\s*(?:{WEEKDAY},?\s*)?(?:{MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{MONTH})(?:,?\s*(?:19|20)\d\d)?)?"
    rf"(?:\s*\([A-Za-z][\w./& -]{{0,30}}\))?"
    rf"|[A-Z][a-z'’.-]+(?:\s+[A-Z][a-z'’.-]+){{0,2}},\s*(?:{MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{MONTH})"
    rf"(?:,?\s*(?:19|20)\d\d)?\s*\([A-Za-z][\w./& -]{{0,30}}\)"
    # "Rome, May 17 —", "Bologna, Italy, 17 May 2023 –": a place in mixed case with its date.
    rf"|(?!(?:On|In|At|By|From|Since|Until|Last|This|Next|{WEEKDAY})\b)"
    rf"[A-Z][a-z'’.-]+(?:\s+[A-Z][a-z'’.-]+){{0,2}}(?:,\s*[A-Z][a-z]+(?:\s+[A-Z][a-z]+){{0,2}})?"
    rf",\s*(?:{MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{MONTH})(?:,?\s*(?:19|20)\d\d)?"
    rf"|[A-Z][a-z'’.-]+(?:(?:[ /]|,\s*)[A-Z][A-Za-z'’.-]+){{0,3}}\s+\(?(?:{DATELINE_AGENCIES})\)?)"
    r"\s*(?:—|–|-{1,2}|:)\s+"
    rf"|[A-Z][A-Z'’.-]{{2,}}(?: [A-Z][A-Z'’.-]+){{0,3}},\s*{MONTH}\s+\d{{1,2}}\."
    r"\s*/[A-Za-z-]+/\.\s+"
    rf"|\((?:{DATELINE_AGENCIES})\)\s*(?:—|–|-{{1,2}})\s+"
    rf"|[A-Z][a-z'’.-]+(?:\s+[A-Z][a-z'’.-]+){{0,2}},\s*{MONTH}\s+\d{{1,2}}\s*"
    rf"\((?:{DATELINE_AGENCIES})\)\s+)(?=[\"“‘A-Z0-9])",
)
CAPTION_LABEL = re.compile(r"^(?:image|photo|picture|video) caption\s*[,:]", re.I)
# A caption's own credit at its end: "… May 16, 2024. Sputnik/Sergei Bobylev/Pool via REUTERS".
CREDIT_AT_END = re.compile(
    r"(?:\bvia\s+(?:reuters|getty images|ap|afp|epa)|/\s*(?:reuters|afp|ap|epa|getty images|"
    r"pool|sputnik|xinhua|tass|kremlin|anadolu)|\b(?:reuters|afp|ap|epa|xinhua)/[\w .'’-]{2,40}|"
    r"\((?:photo|image|picture|credit)s?\b[^)]*\)|"
    r"\([^()]{0,100}(?:\bvia (?:ap|reuters|afp|getty images)|\bap photo\b|\bpool photo\b)[^()]*\)|"
    r"\b(?:photo|photograph|image|picture)\s*:\s*[^.]{2,80}|©\s*[^.]{2,80})"
    r"\.?(?:\s*purchase licensing rights(?:, opens new tab)?)?\s*$",
    re.I,
)
CAPTION_CUES = re.compile(
    r"\((?:l|r|c|left|right|centre|center|front|back|top|bottom)\)|"
    r"^file\s*[-–—]\s|\b(?:pictured|file photo|in this (?:photo|picture|image|handout|file photo)|"
    r"photo taken|is seen|are seen|shake hands|shakes hands|poses?|gestures?|looks on|"
    r"attends?|arrives?|waves?|greets?|walks?|speaks (?:during|at)|sit|sits|stands?)\b",
    re.I,
)


def _word_count(line: str) -> int:
    return len(line.split())


def is_wire_credit(line: str) -> bool:
    """ "Reuters", "CBS/AP", "With AFP", "(Reporting by …; Editing by …)"."""
    if _word_count(line) > 40:
        return False
    if CONTRIBUTORS.match(line) and (_word_count(line) <= 25 or ";" in line):
        return True
    if _word_count(line) > 8 or not WIRE_CREDIT.match(line) or not re.search(r"[A-Z]", line):
        return False  # a credit names an agency, a proper name: "abc" alone is a word
    # An unknown acronym alone ("FROM" in code, "[IRI]" in a reference list) is a credit only
    # in parentheses ("(IANS)"); a known agency's name alone is one anyway ("Reuters").
    alone = line.strip(" .—–-")
    unknown = re.fullmatch(r"[\[(]?[A-Z]{2,5}[\])]?", alone) and not re.fullmatch(
        rf"[(\[]?(?:{WIRES})[)\]]?", alone, re.I
    )
    return not unknown or alone.startswith("(")


def is_photo_credit(line: str) -> bool:
    """ "© Getty Images", "Photo source: Xinhua", "Image: AP", "(Photo by … via Getty Images)"."""
    return _word_count(line) <= 15 and bool(PHOTO_CREDIT.search(line))


def related_line(line: str) -> str | None:
    """ "link" for a "SEE ALSO: headline" line, "heading" for "Related stories" over a list."""
    if _word_count(line) > 30:
        return None
    match = RELATED_LINE.match(line)
    if match and match.group("link"):
        return "link"
    if LIST_HEADING.match(line):
        return "heading"
    return None


# "This article appeared in the print edition under the headline …", "(… auto-generated
# from a syndicated feed.)": a note about the story, not the story.
STORY_NOTE = re.compile(
    r"^this (?:article|story) (?:first |originally )?(?:appeared|was published|ran)\b", re.I
)
SYNDICATION_NOTE = re.compile(
    r"\b(?:auto-generated from|(?:from|via|through) a syndicated feed|"
    r"(?:not been|not) (?:edited|reworked) by (?:the )?(?:\w+ )?staff)\b",
    re.I,
)


def is_share_line(line: str) -> bool:
    if STORY_NOTE.match(line) and _word_count(line) <= 40 and not line.endswith((".", "!")):
        return True
    if SYNDICATION_NOTE.search(line) and _word_count(line) <= 50:
        return True
    return _word_count(line) <= 14 and bool(SHARE_LINE.match(line))


def byline_names(line: str, without_by: bool = True) -> str | None:
    """The names of a byline line, without place or role; None if the line is no byline.

    ``without_by``: also read "Ben Aris in Berlin" (names, "in", a place) as a byline; the
    cleaner allows it only after the headline, where a short headline cannot be mistaken.
    """
    match = BYLINE.match(line)
    if match and _word_count(line) <= 24 and not re.search(r"[.!?]\s*$", match.group("names")):
        names = match.group("names")
    else:
        match = PLACED_BYLINE.match(line) if without_by else None
        if not match or _word_count(line) > 16:
            return None
        names = match.group("names")
    return _without_place(names)


BYLINE_TAIL = re.compile(
    r"\s+[|•·]\s+|\s+[—–]\s+(?=\w)|\s+(?=(?:first |last )?(?:published|updated|posted)\b)",
    re.I,
)


ROLE_LINE = re.compile(
    rf"^(?:{ROLE_ADJECTIVES}\s+)*(?:[A-Z][a-z]+\s+)?{ROLE}(?:\s*,\s*[\w .'’-]{{2,40}})?$"
)


def is_role_line(line: str) -> bool:
    """ "Political reporter, BBC News": the line under a byline that says who the author is."""
    return _word_count(line) <= 8 and bool(ROLE_LINE.match(line))


def byline_timestamp(line: str) -> Timestamp | None:
    """A timestamp that a byline line carries after the names ("By Jane Roe | May 16, 2024")."""
    for part in BYLINE_TAIL.split(line)[1:]:
        if stamp := timestamp(part):
            return stamp
    return None


def _without_place(names: str) -> str:
    names = BYLINE_TAIL.split(names)[0]
    names = BYLINE_ROLE.sub("", names)
    names = INLINE_ROLE.sub("", names)
    names = re.sub(rf"\s+in\s+{PLACE}(?=\s*(?:,|and\b|$))", "", names)
    names = re.sub(rf",\s*(?:{WIRES})\s*$", "", names, flags=re.I)
    return " ".join(names.strip(" ,;").split())


# Upper-case labels that open a line with a dash but name no place ("FILE - " captions).
NOT_PLACES = {
    "FILE", "UPDATE", "UPDATED", "BREAKING", "EXCLUSIVE", "WATCH", "ANALYSIS", "OPINION",
    "EDITORIAL", "LIVE", "VIDEO", "PHOTOS", "NOTE", "CORRECTION", "FACT CHECK", "EXPLAINER",
}  # fmt: skip


def dateline(paragraph: str) -> str | None:
    """The dateline that opens this paragraph ("BEIJING, May 16 (Reuters) - "), if any."""
    match = DATELINE.match(paragraph)
    if not match:
        return None
    found = match.group("dateline")
    city = found.split(",")[0].split("(")[0].strip(" —–-:")
    # An upper-case opening word is a dateline only if it is a place name, not an acronym
    # that starts a sentence ("NATO — the alliance …"): a dateline's city is either
    # followed by a date or agency, or spelled as a word of four letters or more.
    if city.isupper() and len(city.replace(" ", "")) < 4 and "(" not in found and "," not in found:
        return None
    if city.upper() in NOT_PLACES:
        return None
    return found


def looks_like_caption(line: str) -> bool:
    """A photo's description: who stands where, doing what, often with the day it was taken."""
    return bool(CAPTION_CUES.search(line))


def is_captioned_photo(line: str) -> bool:
    """A caption that says so ("Image caption, …") or ends with its photo's credit
    ("… in Beijing, May 16, 2024. REUTERS/Tingshu Wang", "… Photograph: Evan Vucci/AP")."""
    if _word_count(line) > 60:
        return False
    return bool(CAPTION_LABEL.match(line) or CREDIT_AT_END.search(line))


# "World News /", "Home › World › Asia", "News > Europe > Russia": a section path, short
# segments joined by a separator that stands apart from the words (or ends the line).
BREADCRUMB_SEPARATOR = r"(?:\s+[/›»>]\s*|\s*[›»>]\s+)"
BREADCRUMB_SEGMENT = r"[A-Z][\w&'’.-]*(?: [A-Za-z&'’-]+){0,3}"
# Two separators at least, or one that ends the line: "Add-ons / Web Extensions" is a heading.
BREADCRUMB = re.compile(
    rf"^(?:{BREADCRUMB_SEGMENT}{BREADCRUMB_SEPARATOR}){{2,}}(?:{BREADCRUMB_SEGMENT})?\s*$"
    rf"|^{BREADCRUMB_SEGMENT}\s*[/›»>]\s*$"
)


def is_breadcrumb(line: str) -> bool:
    """A site's section path above the headline; never a sentence, at most a dozen words."""
    return (
        _word_count(line) <= 12
        and not re.search(r"[.!?]\s*$", line)
        and bool(BREADCRUMB.match(line))
    )


# A player's running time ("02:31", "1:04:10", "(3 mins)"), a listening prompt, a notice
# that a synthetic voice reads the story.
RUNNING_TIME = re.compile(
    r"(?:^|[\s(\[])(?:\d{1,2}:)?\d{1,2}:\d{2}\s*(?:min(?:ute)?s?)?[)\]]?\s*$"
    r"|[(\[]\s*\d{1,3}\s*(?:min(?:ute)?s?|secs?|seconds?)\s*[)\]]\s*$",
    re.I,
)
MEDIA_PROMPT = re.compile(
    r"^(?:watch|video|listen|audio|play|now playing|podcast)\b\s*[:|·–—-]?\s*", re.I
)
LISTEN_PROMPT = re.compile(
    r"^(?:listen|play)(?: to)?(?: this| the)? (?:article|story|episode)\b[\s\w·:|-]{0,20}$", re.I
)
VOICE_NOTICE = re.compile(
    r"\b(?:(?:article|story|audio|this)\s+(?:is|was|has been)\s+(?:read|narrated|voiced|"
    r"generated|produced)\s+(?:by|using|with)\s+(?:an?\s+)?(?:ai|artificial|automated|"
    r"synthetic|computer|text-to-speech)|ai[- ]generated (?:audio|voice|narration)|"
    r"voiced by (?:amazon polly|ai)|text-to-speech|synthetic voice|automated voice)\b",
    re.I,
)


def is_media_line(line: str) -> bool:
    """A video or audio player's line: a title with its running time, "Watch: …" over a clip,
    "Listen to this article", or the notice that a machine voice reads the story."""
    if _word_count(line) > 30:
        return False
    if VOICE_NOTICE.search(line) or LISTEN_PROMPT.match(line):
        return True
    if re.search(r"[.!?][\"'”’]?\s*$", line):
        return False
    return bool(RUNNING_TIME.search(line)) or (
        _word_count(line) <= 16 and bool(MEDIA_PROMPT.match(line)) and ":" in line[:12]
    )


# A caption that dates its photo at the end ("… in Beijing, China, May 16, 2024.") and says
# who stands where or does what: body text rarely gives a day with its year that way.
DATED_CAPTION_END = re.compile(
    rf",\s*(?:{MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{MONTH}),?\s+(?:19|20)\d\d\.?\s*$"
)
POSITION = re.compile(
    r",\s*(?:left|right|centre|center|second (?:left|right))\s*,|\bfrom left\b", re.I
)


def is_dated_caption(line: str) -> bool:
    """One sentence ending with its photo's date ("… in Faenza, Italy, May 17, 2023."), or a
    longer caption that also says who stands where or does what."""
    if _word_count(line) > 50 or not DATED_CAPTION_END.search(line):
        return False
    one_sentence = not re.search(r"[.!?][\"'”’)]*\s+[A-Z]", line)
    return (one_sentence and _word_count(line) <= 40) or bool(
        POSITION.search(line) or CAPTION_CUES.search(line)
    )
