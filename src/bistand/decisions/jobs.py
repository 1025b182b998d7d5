"""Jobs owned by decisions: the automated decision function's pipeline."""

from __future__ import annotations

from typing import Any

# The name is the applications app's, which enqueues the job when an application is sent in;
# decisions registers what it does (one name, imported: never a second string).
from bistand.applications.services import PROCESS_APPLICATION_JOB
from bistand.jobs.registry import job

from . import notifications, pipeline
from .services import NOTIFY_JOB

__all__ = ["PROCESS_APPLICATION_JOB", "notify_decision", "process_application"]


@job(
    PROCESS_APPLICATION_JOB,
    prepare=pipeline.prepare,
    prepare_many=pipeline.prepare_many,
    apply_many=pipeline.apply_many,
)
def process_application(*, application_id: int, prepared: dict[str, Any]) -> dict[str, Any]:
    """Calculate, triage and decide or route one submitted application (exactly once)."""
    return pipeline.process(application_id=application_id, prepared=prepared)


@job(NOTIFY_JOB)
def notify_decision(*, decision_id: int) -> dict[str, Any]:
    """Tell the household that a decision is on Min sida (e-mail where an address is known)."""
    return {"sent": notifications.decision_notify(decision_id=decision_id)}


def second_channel_sweep() -> dict[str, int]:
    """Scheduled: letters not opened on Min sida in time go to the digital mailbox or post."""
    from .services import letters_send_second_channel

    return letters_send_second_channel()


def print_receipts_sweep() -> dict[str, int]:
    """Scheduled: read the print service's receipts; letters posted get their delivery day."""
    from .print_batch import print_receipts_sweep as sweep

    return sweep()
