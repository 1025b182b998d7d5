"""Open appeals in the shared queue: received and not yet finished by the nämnd."""

from __future__ import annotations

from django.urls import reverse

from bistand.core.queue import QueueItem, queue_source

from . import selectors
from .models import AppealStatus


@queue_source
def open_appeals() -> list[QueueItem]:
    items = []
    for appeal in selectors.open_appeals():
        reasons = []
        if appeal.status == AppealStatus.RECEIVED:
            reasons.append("Rättidsprövning behövs.")
        else:
            reasons.append("Kom i tid: ompröva beslutet eller överlämna till förvaltningsrätten.")
        if appeal.late:
            reasons.append("För sent: kom in efter sista dagen att överklaga.")
        items.append(
            QueueItem(
                kind="appeal",
                kind_label="Överklagande",
                title=f"Överklagande av beslut {appeal.decision.decided_at:%Y-%m-%d}",
                url=reverse("appeals:staff_detail", args=[appeal.pk]),
                case_number=appeal.case.number,
                received_at=appeal.received_at,
                reasons=tuple(reasons),
            )
        )
    return items
