from django import template

register = template.Library()


@register.filter
def percent(share: float | None) -> str:
    """0.1234 → "12.3%"."""
    return f"{(share or 0) * 100:.1f}%"
