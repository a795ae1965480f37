"""Template filters of the project's own pages (login, errors)."""

from __future__ import annotations

import datetime as dt

from django import template

register = template.Library()


@register.filter
def duration(value: dt.timedelta | None) -> str:
    """A duration in words: "30 minutes", "1 hour", "1 hour 30 minutes", "45 seconds"."""
    if not isinstance(value, dt.timedelta):
        return ""
    seconds = max(0, round(value.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [(hours, "hour"), (minutes, "minute")] if hours or minutes else [(seconds, "second")]
    shown = [(n, unit) for n, unit in parts if n] or parts
    return " ".join(f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in shown)
