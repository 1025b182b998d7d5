"""State changes for cases and their events. Keyword-only, named `<entity>_<action>`."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from bistand.accounts.models import User

from .events import UnknownEventKindError, is_declared
from .models import Case, CaseEvent, CaseNumberSequence

SYSTEM_ACTOR = "automatiserad beslutsfunktion"


def case_number_next(*, year: int) -> str:
    with transaction.atomic():
        sequence, _ = CaseNumberSequence.objects.select_for_update().get_or_create(year=year)
        sequence.last += 1
        sequence.save(update_fields=["last"])
    return f"EB-{year}-{sequence.last:06d}"


def case_get_or_open(*, applicant: User, partner: User | None = None) -> Case:
    """The applicant's open case, or a new one with a fresh case number."""
    with transaction.atomic():
        case = (
            Case.objects.select_for_update()
            .filter(applicant=applicant, closed_at__isnull=True)
            .order_by("-opened_at")
            .first()
        )
        if case is None:
            case = Case.objects.create(
                number=case_number_next(year=timezone.localdate().year),
                applicant=applicant,
                partner=partner,
            )
        elif partner is not None and case.partner_id != partner.pk:
            case.partner = partner
            case.save(update_fields=["partner"])
    return case


def case_set_partner(*, case: Case, partner: User | None) -> Case:
    """Record who the applicant's partner is (or that there is none) before a submission."""
    if case.partner_id != (partner.pk if partner else None):
        case.partner = partner
        case.save(update_fields=["partner"])
    return case


def case_set_contact(*, case_id: int, contact: User | None) -> None:
    """The household's named contact: the case worker who has the case, or None (the unit)."""
    Case.objects.filter(pk=case_id).update(contact=contact)


def event_record(
    *,
    case: Case,
    kind: str,
    application: Any | None = None,
    actor: User | None = None,
    actor_label: str = "",
    data: dict[str, Any] | None = None,
    visible_to_citizen: bool = True,
) -> CaseEvent:
    """Record that something happened in the case. `kind` must be declared by some app's
    `events.py`; `application` is the `applications.Application` it concerns, if any."""
    if not is_declared(kind):
        raise UnknownEventKindError(f"No app declares the case event kind {kind!r}")
    return CaseEvent.objects.create(
        case=case,
        application=application,
        kind=kind,
        actor=actor,
        actor_label=actor_label or ("" if actor else SYSTEM_ACTOR),
        data=data or {},
        visible_to_citizen=visible_to_citizen,
    )
