"""Read rendered HTML as a browser would, for tests that check text content."""

from __future__ import annotations

from html.parser import HTMLParser

VOID_ELEMENTS = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "area", "col"}


class _TextCollector(HTMLParser):
    def __init__(self, attribute: str) -> None:
        super().__init__(convert_charrefs=True)
        self.attribute = attribute
        self.depth = 0
        self.found = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in VOID_ELEMENTS:
            return
        if self.depth:
            self.depth += 1
        elif any(name == self.attribute for name, _ in attrs):
            self.depth = 1
            self.found += 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag not in VOID_ELEMENTS:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def text_content(html: str, attribute: str) -> str:
    """``textContent`` of the one element carrying ``attribute``."""
    collector = _TextCollector(attribute)
    collector.feed(html)
    collector.close()
    assert collector.found == 1, f"expected one element with {attribute}, found {collector.found}"
    return "".join(collector.parts)
