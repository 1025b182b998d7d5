"""Jobs owned by decisions: the automated decision function's pipeline."""

from __future__ import annotations

from typing import Any

from bistand.jobs.registry import job

from . import pipeline

PROCESS_APPLICATION_JOB = "decisions.process_application"


@job(PROCESS_APPLICATION_JOB, prepare=pipeline.prepare)
def process_application(*, application_id: int, prepared: dict[str, Any]) -> dict[str, Any]:
    """Calculate, triage and decide or route one submitted application (exactly once)."""
    return pipeline.process(application_id=application_id, prepared=prepared)
