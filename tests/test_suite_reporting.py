"""The test run itself: where Chromium is missing, the browser tests are skipped and the
run ends by saying how many and how to get them (CI requires them instead)."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT


def test_a_run_without_chromium_says_how_many_browser_tests_it_skipped(tmp_path):
    env = {**os.environ, "SUMMIT_CHROMIUM": str(tmp_path / "no-chromium")}
    env.pop("SUMMIT_REQUIRE_BROWSER", None)
    env.pop("DATABASE_URL", None)  # its own SQLite file: never the outer run's test database
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/test_browser_csp.py"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    assert "browser tests were skipped: Chromium is not installed" in run.stdout
    assert "sudo apt-get install -y chromium" in run.stdout
