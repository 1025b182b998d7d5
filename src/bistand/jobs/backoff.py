"""Retry delays: exponential back-off with a cap and deterministic jitter."""

from __future__ import annotations

import hashlib
from datetime import timedelta

BASE_SECONDS = 5
CAP_SECONDS = 3600


def retry_delay(*, attempt: int, job_id: str) -> timedelta:
    """Delay before attempt number `attempt + 1` (attempt counts from 1).

    5 s, 10 s, 20 s … capped at one hour, plus up to 20 % jitter derived from the job id so that
    jobs failing together do not all come back at once, yet a replay gives the same schedule.
    """
    base = min(CAP_SECONDS, BASE_SECONDS * 2 ** max(0, attempt - 1))
    digest = hashlib.sha256(f"{job_id}:{attempt}".encode()).digest()
    jitter = base * 0.2 * (digest[0] / 255)
    return timedelta(seconds=base + jitter)
