"""The Celery app.

With ``CELERY_BROKER_URL`` the queue is Redis; without it the queue is a folder
(``CELERY_QUEUE_DIR``, kombu's filesystem transport) read by the worker that ``make run``
starts. Either way, work that follows a write runs in a worker, not in the request.
"""

import logging
import os
import threading
import time
from pathlib import Path

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summit.settings")

logger = logging.getLogger(__name__)
app = Celery("summit")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Each task is defined next to the steps it runs; a worker imports these modules to know them.
app.conf.imports = ["articles.ingest.batches", "articles.quotes.analysis", "compare.scheduling"]


@app.on_after_configure.connect
def _create_queue_folders(sender, **kwargs) -> None:
    """The filesystem transport needs its folders to exist before anything is sent."""
    options = sender.conf.broker_transport_options or {}
    if str(sender.conf.broker_url or "").startswith("filesystem://"):
        for key in ("data_folder_in", "data_folder_out", "control_folder"):
            if options.get(key):
                Path(options[key]).mkdir(parents=True, exist_ok=True)


@worker_ready.connect
def _pick_up_unfinished_work(sender, **kwargs) -> None:
    """A worker that starts carries on what an earlier one (or a lost message) left:
    import batches still preparing or importing, and compare refreshes still pending.
    """
    from .resume import resume_unfinished_work  # the apps are loaded only by now

    resume_unfinished_work()
    threading.Thread(target=_sweep_forever, name="summit-resume-sweep", daemon=True).start()


def _sweep_forever() -> None:
    """Every RESUME_SWEEP_SECONDS, send again the work nothing has moved in for
    RESUME_QUIET_SECONDS: messages lost by the broker (a Redis that kept nothing) or by a
    killed worker child are found without an admin pressing "Queue again"."""
    from django.conf import settings

    from .resume import resume_unfinished_work

    while True:
        time.sleep(settings.RESUME_SWEEP_SECONDS)
        try:
            sent = resume_unfinished_work(quiet_for=settings.RESUME_QUIET_SECONDS)
        except Exception:  # the database or the broker away for a moment: try next round
            logger.exception("the resume sweep failed; trying again later")
            continue
        if any(sent.values()):
            logger.warning("resume sweep: sent again %s", sent)
