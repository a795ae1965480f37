"""Starting background work: the one way the app hands a Celery task what follows a write.

``enqueue`` sends a task once the current transaction has committed, from a sender thread,
so the request that saved the data answers without waiting on the broker; ``send`` sends
it now (for callers that report how it went). Neither ever raises into the caller: the
user's data is committed by then, so a broker that cannot be reached must not turn a
successful save into an error. When sending fails, the task runs in this process's
background thread instead (never in the request's own thread), and the failure is logged.

The tasks themselves are idempotent (a refresh recomputes from stored data; an import
claims each document), so sending one twice — by a retry, or by the worker start-up sweep
in ``summit.resume`` — costs time, never correctness.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor

from celery import Task
from django.db import connections, transaction

logger = logging.getLogger(__name__)

# One thread sends (in order); another runs what could not be sent, one task at a time.
_sender = ThreadPoolExecutor(max_workers=1, thread_name_prefix="summit-sender")
_fallback = ThreadPoolExecutor(max_workers=1, thread_name_prefix="summit-background")


def enqueue(task: Task, *args, countdown: float = 0) -> None:
    """Send ``task(*args)`` after the current transaction commits (at once outside one); a
    worker runs it ``countdown`` seconds later at the earliest."""
    transaction.on_commit(lambda: _send_soon(task, args, countdown))


def _send_soon(task: Task, args: tuple, countdown: float) -> None:
    if task.app.conf.task_always_eager:
        send(task, *args)
    else:
        _sender.submit(send, task, *args, countdown=countdown)


def send(task: Task, *args, countdown: float = 0) -> str:
    """Send ``task(*args)`` now; returns how: "queued", "eager" or "background-thread"."""
    if task.app.conf.task_always_eager:
        _apply_here(task, args)
        return "eager"
    try:
        task.apply_async(args=args, countdown=countdown or None, retry=False)
    except Exception as exc:  # the broker is down or unreachable: any kombu/socket error
        logger.warning("could not queue %s%r (%s); running it in a background thread",
                       task.name, args, exc)  # fmt: skip
        run_in_background(task, *args)
        return "background-thread"
    return "queued"


def run_in_background(task: Task, *args) -> Future:
    """Run ``task(*args)`` in this process's background thread."""
    return _fallback.submit(_run_here, task, args)


def _run_here(task: Task, args: tuple) -> None:
    try:
        _apply_here(task, args)
    finally:
        connections.close_all()


def _apply_here(task: Task, args: tuple) -> None:
    """Run the task in this thread; its failure is logged, never raised to the caller."""
    result = task.apply(args=args, throw=False)
    if result.failed():
        logger.error("task %s%r failed: %s", task.name, args, result.result)
