"""Print the demo logins once the development server answers, so they are the last thing
`make run` shows instead of scrolling away above the server's start-up lines.

    python bin/announce_logins.py http://127.0.0.1:8000 .demo-logins

The file (written by ``manage.py create_demo_users``, readable by its owner only) is removed
once printed. Gives up quietly after a minute.
"""

from __future__ import annotations

import sys
import time
import urllib.request
from pathlib import Path


def answers(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:  # noqa: S310
            return response.status == 200
    except OSError:
        return False


def main(base: str, path: str, wait_seconds: float = 60) -> int:
    logins = Path(path)
    deadline = time.monotonic() + wait_seconds
    while not answers(base):
        if time.monotonic() > deadline:
            return 1
        time.sleep(0.3)
    time.sleep(0.5)  # the server logs our request first; the logins come after it
    print("\n" + logins.read_text(encoding="utf-8").rstrip("\n"), flush=True)
    logins.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1].rstrip("/"), sys.argv[2]))
