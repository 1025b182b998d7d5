"""Jobs owned by payments."""

from __future__ import annotations

from bistand.jobs.registry import job

from .services import ORDER_JOB, payment_order_create_for_decision


@job(ORDER_JOB)
def order_for_decision(*, decision_id: int) -> dict[str, object]:
    """Make the payment order of a decision (idempotent) and draw it for stickprov."""
    order = payment_order_create_for_decision(decision_id=decision_id)
    if order is None:
        return {"decision_id": decision_id, "order": None}
    return {"decision_id": decision_id, "order": order.pk, "status": order.status}


def daily_payment_run() -> dict[str, object]:
    """Scheduled every morning (jobs/schedules.py): on banking days, prepare today's payment run
    (`payment_run_prepare_scheduled`). It never writes a payment file: a person attests the run
    on the payments desk, and only then is the pain.001 made (two-person rule, docs/adr/0177).

    Idempotent: a second run the same day changes nothing, and a run a person has prepared or
    attested is left as it is.
    """
    from django.utils import timezone

    from bistand.core.workdays import is_working_day

    from .services import payment_run_prepare_scheduled

    today = timezone.localdate()
    if not is_working_day(today):
        return {"date": f"{today}", "run": None, "reason": "not a banking day"}
    run = payment_run_prepare_scheduled(execution_date=today)
    if run is None:
        return {"date": f"{today}", "run": None, "reason": "no payments due"}
    return {
        "date": f"{today}",
        "run": run.pk,
        "payments": run.number_of_orders,
        "attested": run.attested_by_id is not None,
        "file": None,  # never made here: a person attests (docs/adr/0177)
    }
