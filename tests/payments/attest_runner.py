"""Attest a payment run in its own process, stopping at a named checkpoint (test-only).

    python -m tests.payments.attest_runner payment_file.assign RUN_ID USERNAME

prints `PAUSED <point>` when the attestation reaches `<point>` and waits to be killed
(tests/payments/test_file_crash.py sends SIGKILL). Without a point ("-") it attests and exits.
Production code has no pause of its own: it only marks the point with `checkpoint`.
"""

from __future__ import annotations

import os
import sys
import time


def main(argv: list[str]) -> None:
    point, run_id, username = argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bistand.settings")
    import django

    django.setup()
    from bistand.accounts.models import User
    from bistand.core import checkpoints
    from bistand.payments.services import payment_run_attest

    def pause(name: str) -> None:
        if name == point:
            print(f"PAUSED {name}", flush=True)
            time.sleep(600)  # until the test kills the process

    checkpoints.install(pause)
    run = payment_run_attest(run_id=int(run_id), by=User.objects.get(username=username))
    print(f"ATTESTED {run.pk} file={run.file_id}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
