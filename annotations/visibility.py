"""Who sees which annotations (issue 32): the work of a blind coding round is seen by its
author; by admins (``see_all_round_work``) unless they code in that round; and by the
round's adjudicator once it is closed. Everyone else — its other coders, editors outside it,
researchers — sees none of it, on every path: the reader and its fragments, the side panel,
/annotations/ and its exports, the W3C export, the quote browser's themes, the change
history. Annotations outside rounds, and the work of rounds that are not blind, are seen by
all. One rule, one place: each path filters with ``visible_q`` or ``visible_annotations``.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import Annotation, CodingRound

SEE_ALL_ROUND_WORK = "annotations.see_all_round_work"


def hidden_round_ids(user) -> frozenset[int]:
    """The blind rounds whose work ``user`` may not see, but for their own (cached on the
    user object: one query per request)."""
    cached = getattr(user, "_hidden_round_ids", None)
    if cached is not None:
        return cached
    blind = CodingRound.objects.filter(blind=True)
    if user is None or not user.is_authenticated:
        hidden = blind
    elif user.has_perm(SEE_ALL_ROUND_WORK):
        hidden = blind.filter(coders=user)  # an admin coding in a round codes blind too
    else:
        hidden = blind.exclude(adjudicator=user, state=CodingRound.State.CLOSED)
    found = frozenset(hidden.values_list("pk", flat=True))
    if user is not None:
        user._hidden_round_ids = found
    return found


def visible_q(user, prefix: str = "") -> Q:
    """The condition on annotations (``prefix``: the path to one, "annotation__") that
    ``user`` may see."""
    hidden = hidden_round_ids(user)
    if not hidden:
        return Q()
    shown = Q(**{f"{prefix}coding_round__isnull": True}) | ~Q(
        **{f"{prefix}coding_round__in": sorted(hidden)}
    )
    if user is not None and user.is_authenticated:
        shown |= Q(**{f"{prefix}author": user})
    return shown


def visible_annotations(user) -> QuerySet[Annotation]:
    return Annotation.objects.filter(visible_q(user))


def hidden_change_q(user) -> Q:
    """Change-history records of round work ``user`` may not see (for ``exclude``): the
    records name the round (``coding_round``) in their before or after state."""
    hidden = sorted(hidden_round_ids(user))
    if not hidden:
        return Q(pk__in=[])
    of_round_work = Q(object_type__in=["annotation", "reply"]) & (
        Q(before__coding_round__in=hidden) | Q(after__coding_round__in=hidden)
    )
    return of_round_work & ~Q(user=user) if user.is_authenticated else of_round_work
