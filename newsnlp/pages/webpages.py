"""The article inside a saved web page, found by trafilatura (no hand-written tag stripping).

trafilatura keeps the main text and drops navigation, adverts, comments and footers; it also
reads the page's metadata (headline, author, date, site name, canonical URL), which fills in
what the admin did not give.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import trafilatura


@dataclass(frozen=True)
class WebPage:
    text: str
    title: str = ""
    byline: str = ""
    published: str = ""
    site_name: str = ""
    url: str = ""
    description: str = ""


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def extract_web_page(html: str) -> WebPage:
    """The page's article text, one paragraph per blank-line-separated block, and metadata.

    trafilatura's ``deduplicate`` stays off: it remembers paragraphs across calls in the
    process, so a page read twice (preview, then import) would come back empty.
    """
    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        # Tables hold article text too (results, figures); on the dev pages keeping them
        # raises recall and precision alike (``make bench-cleaning``).
        include_tables=True,
        # The publication date, not the last update, when the page gives both.
        date_extraction_params={"original_date": True, "extensive_search": True},
    )
    if document is None:
        return WebPage(text="")
    found = document.as_dict()
    paragraphs = [line.strip() for line in (found.get("text") or "").splitlines()]
    date = found.get("date") or ""
    return WebPage(
        text="\n\n".join(p for p in paragraphs if p),
        title=(found.get("title") or "").strip(),
        byline=(found.get("author") or "").strip(),
        published=date if ISO_DATE.match(date) else "",
        site_name=(found.get("sitename") or "").strip(),
        url=(found.get("url") or "").strip(),
        description=(found.get("description") or "").strip(),
    )
