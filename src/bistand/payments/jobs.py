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


def daily_payment_file() -> dict[str, object]:
    """Scheduled every morning (jobs/schedules.py): today's pain.001 file, on banking days.

    Idempotent like `bistand payment_file --date`: a second run the same day returns the same
    file, and a run after a crash finishes it. Delivery to the bank stays a separate step.
    """
    from django.utils import timezone

    from bistand.core.workdays import is_working_day

    from .services import payment_file_generate

    today = timezone.localdate()
    if not is_working_day(today):
        return {"date": f"{today}", "file": None, "reason": "not a banking day"}
    payment_file = payment_file_generate(execution_date=today)
    if payment_file is None:
        return {"date": f"{today}", "file": None, "reason": "no payments due"}
    return {
        "date": f"{today}",
        "file": payment_file.msg_id,
        "payments": payment_file.number_of_transactions,
    }
