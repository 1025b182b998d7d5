"""Open appeals in the shared queue: received and not yet finished by the nämnd."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bistand.cases import selectors as case_selectors
from bistand.core.queue import QueueItem, queue_source

from . import selectors
from .models import AppealStatus


@queue_source
def open_appeals() -> list[QueueItem]:
    items = []
    for appeal in selectors.open_appeals():
        reasons = []
        if appeal.status == AppealStatus.RECEIVED:
            reasons.append(_("Rättidsprövning behövs."))
        else:
            reasons.append(
                _("Kom i tid: ompröva beslutet eller överlämna till förvaltningsrätten.")
            )
        if appeal.late:
            reasons.append(_("För sent: kom in efter sista dagen att överklaga."))
        items.append(
            QueueItem(
                kind="appeal",
                kind_label=_("Överklagande"),
                title=_("Överklagande av beslut %(date)s")
                % {"date": f"{timezone.localdate(appeal.decision.decided_at):%Y-%m-%d}"},
                url=reverse("appeals:staff_detail", args=[appeal.pk]),
                case_number=appeal.case.number,
                received_at=appeal.received_at,
                reasons=tuple(reasons),
            )
        )
    return items


@queue_source
def open_reviews() -> list[QueueItem]:
    """Requests that a person review an automated decision (GDPR art. 22(3)), with the reason."""
    items = []
    for review in selectors.open_reviews():
        case = case_selectors.case_by_id(case_id=review.case_id)
        reasons = [_("Den enskilde vill att en handläggare prövar ett automatiskt beslut.")]
        if review.reason:
            reasons.append(_("Skäl: %(reason)s") % {"reason": review.reason[:200]})
        items.append(
            QueueItem(
                kind="review",
                kind_label=_("Prövning av automatiskt beslut"),
                title=_("Prövning av beslut %(date)s")
                % {"date": f"{timezone.localdate(review.decision.decided_at):%Y-%m-%d}"},
                url=reverse("appeals:review_staff", args=[review.pk]),
                case_number=case.number if case else "",
                received_at=review.requested_at,
                reasons=tuple(reasons),
            )
        )
    return items
