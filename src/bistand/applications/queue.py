"""Kompletteringar in the shared queue: information an applicant added to an application after
sending it, until a case worker has read it (on the case page, casework)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from bistand.core.format import citizen_month
from bistand.core.queue import QueueItem, queue_source

from . import selectors


@queue_source
def unread_supplements() -> list[QueueItem]:
    return [
        QueueItem(
            kind="supplement",
            kind_label=_("Komplettering"),
            title=_("Komplettering till ansökan för %(month)s")
            % {"month": citizen_month(s.application.month)},
            url=reverse("casework:case", args=[s.application_id]) + "#kompletteringar",
            case_number=s.application.case.number,
            received_at=s.added_at,
            reasons=(_("Den sökande har lagt till uppgifter i ansökan efter att den skickades."),),
        )
        for s in selectors.unread_supplements()
    ]
