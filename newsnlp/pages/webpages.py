"""The article inside a saved web page, found by trafilatura (no hand-written tag stripping).

trafilatura keeps the main text and drops navigation, adverts, comments and footers; it also
reads the page's metadata (headline, author, date, site name, canonical URL), which fills in
what the admin did not give.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import trafilatura
from lxml import html as lxml_html


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
WORD = re.compile(r"\w+")


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
    paragraphs = [line.strip() for line in (found.get("text") or "").splitlines() if line.strip()]
    if _only_links(html, paragraphs):
        paragraphs = []
    date = found.get("date") or ""
    return WebPage(
        text="\n\n".join(paragraphs),
        title=(found.get("title") or "").strip(),
        byline=(found.get("author") or "").strip(),
        published=date if ISO_DATE.match(date) else "",
        site_name=(found.get("sitename") or "").strip(),
        url=(found.get("url") or "").strip(),
        description=(found.get("description") or "").strip(),
    )


# Links that lead to another page; a "javascript:" link is a button, and can wrap text.
NAVIGATING_LINKS = "//a[@href and not(starts-with(normalize-space(@href), 'javascript:'))]"
LINKS_ONLY_WITHIN = 5  # paragraphs: a longer text is read as an article whatever its links


def _only_links(html: str, paragraphs: list[str]) -> bool:
    """Whether the few paragraphs found hold no word outside the page's link texts: a menu, or a
    page of links, which trafilatura returns when the page has no article."""
    if not paragraphs or len(paragraphs) > LINKS_ONLY_WITHIN:
        return False
    try:
        links = lxml_html.fromstring(html).xpath(NAVIGATING_LINKS)
    except (ValueError, lxml_html.etree.ParserError):
        return False
    link_words = {word for link in links for word in WORD.findall(link.text_content().lower())}
    page_words = {word for paragraph in paragraphs for word in WORD.findall(paragraph.lower())}
    return page_words <= link_words
