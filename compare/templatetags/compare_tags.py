from django import template

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
