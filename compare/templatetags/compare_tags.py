from urllib.parse import quote

from django import template

from newsnlp.text.words import word_matches

from ..scheduling import refresh_status

register = template.Library()


@register.filter
def percent(share: float | None) -> str:
    """0.1234 → "12.3%"."""
    return f"{(share or 0) * 100:.1f}%"


@register.simple_tag
def compare_refresh_status() -> dict:
    """For the admin index: whether the stored comparisons are current, and the last error."""
    return refresh_status()


FRAGMENT_WORDS = 4


@register.filter
def text_fragment(text: str) -> str:
    """A link fragment that makes the browser scroll to ``text`` and mark it
    (``#:~:text=its first words,its last words``, the URL Fragment Text Directive)."""
    found = list(word_matches(text))
    if not found:
        return ""
    if len(found) <= FRAGMENT_WORDS * 2:
        return f"#:~:text={quote(text[found[0].start() : found[-1].end()], safe='')}"
    first = text[found[0].start() : found[FRAGMENT_WORDS - 1].end()]
    last = text[found[-FRAGMENT_WORDS].start() : found[-1].end()]
    return f"#:~:text={quote(first, safe='')},{quote(last, safe='')}"
