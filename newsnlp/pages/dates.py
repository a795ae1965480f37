"""Dates and timestamp lines in news copy ("Updated on: May 16, 2024 / 7:51 AM EDT",
"Published 16 May 2024", "3 hours ago"): what ``furniture`` and the cleaner read dates with.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTH_NUMBERS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
MONTH = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
WEEKDAY = (
    r"(?i:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?)\.?"
)
ORDINAL = r"(?:st|nd|rd|th)?"
YEAR = r"(?P<year>(?:19|20)\d\d)"
DATES = [
    re.compile(rf"\b(?P<month>{MONTH})\s+(?P<day>\d{{1,2}}){ORDINAL},?\s+{YEAR}\b", re.I),
    re.compile(rf"\b(?P<day>\d{{1,2}}){ORDINAL}\s+(?:of\s+)?(?P<month>{MONTH}),?\s+{YEAR}\b", re.I),
    re.compile(rf"\b{YEAR}-(?P<mnum>\d{{1,2}})-(?P<day>\d{{1,2}})(?!\d)"),
    re.compile(rf"\b(?P<day>\d{{1,2}})-(?P<month>{MONTH})-{YEAR}\b", re.I),
    re.compile(rf"\b(?P<first>\d{{1,2}})[./](?P<second>\d{{1,2}})[./]{YEAR}\b"),
]
# A clock time ("7:51 AM", "07.51", "10h30"), never part of a longer number ("4.3333").
TIME = (
    r"(?<!\d)(?<!\d\.)\d{1,2}(?:[:.h]\d{2}){1,2}(?!\.?\d)\s*(?:[ap]\.?\s?m\.?)?"
    r"|\d{1,2}\s*[ap]\.?\s?m\.?"
)
ZONE = (
    r"(?:gmt|utc|bst|cet|cest|eet|eest|msk|ist|jst|kst|hkt|sgt|aest|aedt|wib|pht|"
    r"[ecmp][sd]t|et|pt|ct|mt)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?"
)
# Words a timestamp line may carry besides its date and time.
TIMESTAMP_WORDS = (
    r"first published|last updated|last modified|published|updated|posted|modified|"
    r"created|date|time|on|at|ago|just now|hours?|hrs?|minutes?|mins?|days?|weeks?|"
    r"yesterday|today|local time|beijing time|moscow time"
)
# News agencies and broadcasters whose names stand in credit and timestamp lines.
WIRES = (
    r"reuters|associated press|the associated press|agence france-presse|afp|ap|upi|"
    r"bloomberg|xinhua|tass|ria novosti|interfax|kyodo|yonhap|dpa|ansa|efe|epa|ani|pti|"
    r"anadolu|sputnik|cna|bernama|pa media|press association|cbs|cnn|nbc|abc|bbc|al jazeera|"
    r"agencies|news agencies|wires|wire services|staff|news desk|web desk"
)


@dataclass(frozen=True)
class Timestamp:
    date: dt.date | None
    kind: str  # "published", "updated" or "" (not said)


def dates_in(text: str) -> list[tuple[int, dt.date]]:
    """Full dates (with a year) in ``text`` and where they start; ambiguous ones are left out."""
    found = []
    for pattern in DATES:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            year, day = int(groups["year"]), int(groups.get("day") or 0)
            if groups.get("month"):
                month = MONTH_NUMBERS[groups["month"][:3].lower()]
            elif groups.get("mnum"):
                month = int(groups["mnum"])
            else:  # 16/05/2024 or 05/16/2024: only when the order is certain
                first, second = int(groups["first"]), int(groups["second"])
                if first > 12 >= second:
                    day, month = first, second
                elif second > 12 >= first:
                    day, month = second, first
                else:
                    continue
            try:
                found.append((match.start(), dt.date(year, month, day)))
            except ValueError:
                continue
    return sorted(found)


_TIMESTAMP_PARTS = re.compile(
    rf"{TIME}|\b{ZONE}\b|\b{WEEKDAY}(?=\W|$)|\b{MONTH}(?=\W|$)|\b(?:{TIMESTAMP_WORDS})\b"
    rf"|\b(?:{WIRES})\b|(?-i:\b[A-Z]{{2,5}}\b)|\d+(?:st|nd|rd|th)?|[/|,·•:;–—()\[\]-]|\.",
    re.I,
)


LABELLED_FIELD = re.compile(
    r"^\s*(?:source|editor|web editor|author|by|from|writer|reporter|photo|agency)s?\s*:\s*"
    r"[\w .,'’-]{1,40}$",
    re.I,
)


def timestamp(line: str) -> Timestamp | None:
    """The line's date if the line is a timestamp ("Updated on: May 16, 2024 / 7:51 AM EDT",
    "Published 16 May 2024", "3 hours ago", "Source: Xinhua | 2024-05-16 21:26 | Editor:
    Liu"), else None. Nothing but dates, times, zones, labels, wire names and labelled
    fields may stand in it.
    """
    parts = [part for part in re.split(r"\s*[|•]\s*", line) if part.strip()]
    if len(parts) > 1:
        stamps = [_timestamp(part) for part in parts]
        others_are_fields = all(
            stamp or LABELLED_FIELD.match(part) for stamp, part in zip(stamps, parts, strict=True)
        )
        dated = [stamp for stamp in stamps if stamp]
        if dated and others_are_fields:
            return next((s for s in dated if s.kind == "published"), dated[0])
    return _timestamp(line)


def _timestamp(line: str) -> Timestamp | None:
    if len(line.split()) > 20 or not re.search(r"\d|\bago\b|\b(?:yester|to)day\b", line, re.I):
        return None
    if _TIMESTAMP_PARTS.sub(" ", line).strip():
        return None
    found = dates_in(line)
    has_time = re.search(TIME, line, re.I) or re.search(r"\bago\b", line, re.I)
    if not found and not has_time:
        return None
    lowered = line.lower()
    published_at = min(
        (lowered.find(w) for w in ("published", "posted", "created") if w in lowered), default=-1
    )
    updated_at = min((lowered.find(w) for w in ("updated", "modified") if w in lowered), default=-1)
    if not found:
        return Timestamp(None, "updated" if updated_at >= 0 else "")
    if published_at >= 0:
        # The date that follows "Published" (and comes before "Updated" if that follows it).
        after = [d for start, d in found if start > published_at]
        if updated_at > published_at:
            after = [d for start, d in found if published_at < start < updated_at] or after
        return Timestamp((after or [found[0][1]])[0], "published")
    if updated_at > found[0][0]:  # "May 16, 2024 5:57 AM Updated 6 hours ago"
        return Timestamp(found[0][1], "published")
    return Timestamp(found[0][1], "updated" if updated_at >= 0 else "")
