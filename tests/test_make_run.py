"""`make run`, as a newcomer runs it: it sets up a database with the seeds, starts the app
and a worker, and ends its start-up output with the demo logins, framed, which work."""

from __future__ import annotations

import os
import re
import time

import pytest
import requests

from tests.conftest import ROOT, in_foreground
from tests.test_serve import _free_port

RULE = "=" * 66


def test_make_run_ends_its_start_up_output_with_demo_logins_that_work(tmp_path):
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite3'}",
        "CELERY_QUEUE_DIR": str(tmp_path / "queue"),
    }
    with in_foreground(["make", "run", "HOST=127.0.0.1", f"PORT={port}"], env) as (process, lines):
        deadline = time.monotonic() + 240
        while sum(line.strip() == RULE for line in lines) < 2:
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail(f"make run printed no demo logins:\n{''.join(lines)}")
            time.sleep(0.5)
        time.sleep(2)  # anything printed after the block would be here by now
        output = list(lines)
        base = f"http://127.0.0.1:{port}"
        first = next(n for n, line in enumerate(output) if line.strip() == RULE)
        block = output[first:]
        assert block[-1].strip() == RULE, "the logins are the last thing make run shows"
        assert f"log in at {base}/accounts/login/" in block[1]
        passwords = dict(re.findall(r"^\s+(editor|researcher|admin)\s+(\S+)", "".join(block), re.M))
        assert set(passwords) == {"editor", "researcher", "admin"}
        session = requests.Session()
        session.get(f"{base}/accounts/login/", timeout=10)
        answer = session.post(
            f"{base}/accounts/login/",
            data={"username": "editor", "password": passwords["editor"],
                  "csrfmiddlewaretoken": session.cookies["csrftoken"]},
            headers={"Referer": f"{base}/accounts/login/"}, timeout=10,
        )  # fmt: skip
        assert answer.url == f"{base}/"
        assert "5 articles" in answer.text  # the seed corpus is loaded
        assert not (ROOT / ".demo-logins").exists(), "the passwords file is removed once shown"
