"""Jobs owned by the jobs app itself."""

from __future__ import annotations

import time

from .models import ProbeRun
from .registry import job


@job("jobs.probe")
def probe(*, marker: str, sleep_seconds: float = 0) -> dict[str, str]:
    """Prove the worker runs jobs: wait, then record the marker (unique: a second run would fail).

    Used by the readiness check and by the test that kills a worker mid-job.
    """
    if sleep_seconds:
        time.sleep(sleep_seconds)
    ProbeRun.objects.create(marker=marker)
    return {"marker": marker}
