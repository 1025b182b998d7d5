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
