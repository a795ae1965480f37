"""Starting background work: the one way the app hands a Celery task what follows a write.

``enqueue`` sends a task once the current transaction has committed, from a sender thread,
so the request that saved the data answers without waiting on the broker; ``send`` sends
it now (for callers that report how it went). Neither ever raises into the caller: the
user's data is committed by then, so a broker that cannot be reached must not turn a
successful save into an error. When sending fails, the task runs in this process's
background thread instead (never in the request's own thread), and the failure is logged.

How a task is handed over is a ``Sender``, swappable (``use_sender``): ``BrokerSender``
(the default) queues it for a worker; ``InlineSender`` runs it in the process that sent it
(``BACKGROUND_TASKS=inline``: debugging, and the tests, which see a task's outcome at once).
Code that schedules work asks the sender (``runs_inline``), never whether it is under test.

The tasks themselves are idempotent (a refresh recomputes from stored data; an import
claims each document), so sending one twice — by a retry, or by the worker start-up sweep
in ``summit.resume`` — costs time, never correctness.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Protocol

from celery import Task
from django.conf import settings
from django.db import connections, transaction

logger = logging.getLogger(__name__)

# One thread sends (in order); another runs what could not be sent, one task at a time.
_sender = ThreadPoolExecutor(max_workers=1, thread_name_prefix="summit-sender")
_fallback = ThreadPoolExecutor(max_workers=1, thread_name_prefix="summit-background")


class Sender(Protocol):
    """Hands a task over; ``send`` returns how ("queued", "inline", "background-thread")."""

    runs_inline: bool  # the task runs in the sending thread: no worker shares the work

    def send(self, task: Task, args: tuple, countdown: float) -> str: ...


class BrokerSender:
    """Queues the task for a worker; if the broker cannot take it, runs it in this
    process's background thread (logged), never in the caller's."""

    runs_inline = False

    def send(self, task: Task, args: tuple, countdown: float) -> str:
        try:
            task.apply_async(args=args, countdown=countdown or None, retry=False)
        except Exception as exc:  # the broker is down or unreachable: any kombu/socket error
            logger.warning("could not queue %s%r (%s); running it in a background thread",
                           task.name, args, exc)  # fmt: skip
            run_in_background(task, *args)
            return "background-thread"
        return "queued"


class InlineSender:
    """Runs the task at once in the sending thread (after the commit, for ``enqueue``)."""

    runs_inline = True

    def send(self, task: Task, args: tuple, countdown: float) -> str:
        _apply_here(task, args)
        return "inline"


SENDERS: dict[str, type[BrokerSender] | type[InlineSender]] = {
    "worker": BrokerSender,
    "inline": InlineSender,
}
_current: Sender | None = None


def sender() -> Sender:
    """The sender in use: ``use_sender``'s, else the one ``BACKGROUND_TASKS`` names."""
    global _current
    if _current is None:
        _current = SENDERS[settings.BACKGROUND_TASKS]()
    return _current


def use_sender(new: Sender) -> Sender:
    """Hand tasks to ``new`` from now on; returns the one it replaces."""
    global _current
    previous, _current = sender(), new
    return previous


def enqueue(task: Task, *args, countdown: float = 0) -> None:
    """Send ``task(*args)`` after the current transaction commits (at once outside one); a
    worker runs it ``countdown`` seconds later at the earliest. The request never waits on
    the broker: a queueing sender sends from the sender thread."""
    transaction.on_commit(lambda: _send_soon(task, args, countdown))


def _send_soon(task: Task, args: tuple, countdown: float) -> None:
    current = sender()
    if current.runs_inline:
        current.send(task, args, countdown)
    else:
        _sender.submit(current.send, task, args, countdown)


def send(task: Task, *args, countdown: float = 0) -> str:
    """Send ``task(*args)`` now; returns how: "queued", "inline" or "background-thread"."""
    return sender().send(task, args, countdown)


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
