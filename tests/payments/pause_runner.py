"""Run a `bistand` command that stops at a named checkpoint (a test-only fault injector).

    python -m tests.payments.pause_runner payment_file.assign payment_file --date 2026-12-01

prints `PAUSED <point>` when the command reaches `<point>` and then waits to be killed
(tests/payments/test_file_crash.py sends SIGKILL). Production code has no such pause: it only
marks the point with `bistand.core.checkpoints.checkpoint`.
"""

from __future__ import annotations

import sys
import time

from bistand import cli
from bistand.core import checkpoints


def main(argv: list[str]) -> None:
    point, command = argv[0], argv[1:]

    def pause(name: str) -> None:
        if name == point:
            print(f"PAUSED {name}", flush=True)
            time.sleep(600)  # until the test kills the process

    checkpoints.install(pause)
    raise SystemExit(cli.main(command))


if __name__ == "__main__":
    main(sys.argv[1:])
