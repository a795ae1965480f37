"""When the stored comparisons are recomputed: after the change commits, in a worker,
coalesced, one refresh at a time.

A change records what it made stale as a ``RefreshRequest`` row *in its own transaction*
(so it is as durable as the change) and, once committed, sends the ``compare.refresh``
task. The task takes the lease (``RefreshState``), merges every pending request into one
plan, recomputes it (``compare.refresh.refresh``: computed outside any transaction,
stored in short ones) and deletes the requests it served; requests that arrived meanwhile
are served by the next round. Twenty saves in a second cost one or two refreshes, not
twenty; a task that finds the lease taken leaves its requests to the holder.

Tasks are coalesced too: a change sends one only when none is scheduled, delayed by
``COMPARE_REFRESH_DELAY_MS`` so that the changes of that moment share it. The saving
transaction locks the state row to read and set ``scheduled_at``; a refresh clears it
(waiting for those locks) before it reads the requests, so a change that did not send a
task is always committed before the run that serves it looks.
"""

from __future__ import annotations

import logging
import threading
import traceback
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import connections, transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from infrastructure import background
from infrastructure.background import enqueue, send

from .models import RefreshRequest, RefreshState
from .refresh import RefreshPlan, refresh

logger = logging.getLogger(__name__)
STATE_PK = 1
ROUND_SIZE = 500  # requests merged into one round at most

_local = threading.local()


def request_refresh(plan: RefreshPlan) -> None:
    """Record that ``plan`` is stale (in the current transaction) and send the task after
    the commit. Inside ``articles.signals.batched_changes()`` (an ingest, an import) the
    plans are merged and recorded once, when the batch ends.
    """
    if plan.is_empty():
        return
    if getattr(_local, "batch_depth", 0):
        _local.batch_plan.merge(plan)
        return
    with transaction.atomic():
        RefreshRequest.objects.create(plan=plan.as_dict())
        if _schedule():
            enqueue(refresh_task, countdown=settings.COMPARE_REFRESH_DELAY_MS / 1000)


# A task sent this long ago that has not started is presumed lost: the next change sends one.
SCHEDULE_LAPSES = timedelta(seconds=60)


def _schedule() -> bool:
    """Mark a refresh as scheduled (in the caller's transaction, the row locked until it
    commits); False when one already is and will see this transaction's requests.
    A sender that runs tasks where they are sent leaves no worker to share with: each change
    runs its own."""
    if background.sender().runs_inline:
        return True
    locked = RefreshState.objects.select_for_update().filter(pk=STATE_PK)
    state = locked.first()
    if state is None:  # the first change ever: the row is made once, then locked
        _state()
        state = locked.get()
    now = timezone.now()
    if state.scheduled_at and state.scheduled_at > now - SCHEDULE_LAPSES:
        return False
    RefreshState.objects.filter(pk=STATE_PK).update(scheduled_at=now)
    return True


def _starting() -> None:
    """A run is about to read the requests: changes from now on schedule another."""
    RefreshState.objects.filter(pk=STATE_PK).update(scheduled_at=None)


@shared_task(name="compare.refresh")
def refresh_task(*_ignored) -> int:
    """Serve the pending refresh requests; returns how many.

    Messages queued by an earlier version carried a plan; the plan now lives in the
    database, so any argument is ignored.
    """
    return run_pending()


def send_refresh() -> None:
    send(refresh_task)


def batch_started(sender, **kwargs) -> None:
    if not getattr(_local, "batch_depth", 0):
        _local.batch_plan = RefreshPlan()
    _local.batch_depth = getattr(_local, "batch_depth", 0) + 1


def batch_finished(sender, **kwargs) -> None:
    _local.batch_depth = max(0, getattr(_local, "batch_depth", 0) - 1)
    if not _local.batch_depth:
        plan, _local.batch_plan = _local.batch_plan, RefreshPlan()
        request_refresh(plan)


def _state() -> RefreshState:
    state, _ = RefreshState.objects.get_or_create(pk=STATE_PK)
    return state


def _acquire(holder: str) -> bool:
    _state()
    now = timezone.now()
    until = now + timedelta(seconds=settings.COMPARE_REFRESH_LEASE_SECONDS)
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now) | Q(lease_holder=holder)
    taken = RefreshState.objects.filter(free, pk=STATE_PK).update(
        lease_holder=holder, lease_until=until
    )
    return taken == 1


def _release(holder: str) -> None:
    RefreshState.objects.filter(pk=STATE_PK, lease_holder=holder).update(
        lease_holder="", lease_until=None
    )


@contextmanager
def _keeping_the_lease(holder: str) -> Iterator[None]:
    """Renew the lease every third of its length while the refresh runs, so a long refresh
    keeps it and a worker killed mid-refresh loses it within one lease length.
    """
    seconds = settings.COMPARE_REFRESH_LEASE_SECONDS
    stop = threading.Event()

    def renew() -> None:
        try:
            while not stop.wait(seconds / 3):
                RefreshState.objects.filter(pk=STATE_PK, lease_holder=holder).update(
                    lease_until=timezone.now() + timedelta(seconds=seconds)
                )
        finally:
            connections.close_all()  # this thread's own connection

    heartbeat = threading.Thread(target=renew, name="refresh-lease", daemon=True)
    heartbeat.start()
    try:
        yield
    finally:
        stop.set()
        heartbeat.join()
        _release(holder)


def run_pending(max_rounds: int = 50) -> int:
    """Serve the pending refresh requests; returns how many were served.

    Returns at once (0) when another refresh holds the lease: it will serve them.
    """
    holder = uuid.uuid4().hex
    served = 0
    for _ in range(max_rounds):
        if not _acquire(holder):
            return served
        with _keeping_the_lease(holder):
            _starting()
            requests = list(RefreshRequest.objects.values_list("pk", "plan")[:ROUND_SIZE])
            if requests:
                served += _serve(requests)
        # A request committed while we held the lease had its task turned away: look again
        # now that the lease is free, so it is never left waiting for the next change.
        if not requests and not RefreshRequest.objects.exists():
            return served
    send_refresh()  # still more: continue in a fresh task rather than hold a worker forever
    return served


def _serve(requests: list[tuple[int, dict]]) -> int:
    plan = RefreshPlan()
    for _, data in requests:
        plan.merge(RefreshPlan.from_dict(data))
    try:
        refresh(plan)
    except Exception as exc:
        _record_failure(exc)
        raise
    RefreshRequest.objects.filter(pk__in=[pk for pk, _ in requests]).delete()
    RefreshState.objects.filter(pk=STATE_PK).update(last_success=timezone.now())
    return len(requests)


def rebuild_everything() -> None:
    """Recompute every stored comparison (``manage.py refresh_compare``), under the lease."""
    RefreshRequest.objects.create(plan=RefreshPlan.everything().as_dict())
    run_pending()


def _record_failure(exc: Exception) -> None:
    logger.exception("compare refresh failed")
    text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    RefreshState.objects.filter(pk=STATE_PK).update(
        last_failure=timezone.now(), last_error=text[:2000]
    )


def resume_refresh(quiet_for: float | None = None) -> int:
    """Send the refresh task if requests are waiting (worker start-up, ``resume_work``) —
    with ``quiet_for``, only when the oldest has waited that many seconds (a lost message)."""
    waiting = RefreshRequest.objects.all()
    if quiet_for is not None:
        waiting = waiting.filter(requested__lt=timezone.now() - timedelta(seconds=quiet_for))
    count = waiting.count()
    if count:
        send_refresh()
    return count


def refresh_status() -> dict:
    """What admins see: requests waiting (and since when), the last success and failure."""
    state = _state()
    waiting = RefreshRequest.objects.aggregate(count=Count("pk"), oldest=Min("requested"))
    failing = bool(
        state.last_failure and (not state.last_success or state.last_failure > state.last_success)
    )
    return {
        "waiting": waiting["count"],
        "oldest": waiting["oldest"],
        "running": bool(state.lease_until and state.lease_until > timezone.now()),
        "last_success": state.last_success,
        "last_failure": state.last_failure,
        "last_error": state.last_error,
        "failing": failing,
    }
