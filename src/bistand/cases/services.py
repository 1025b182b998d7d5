"""State changes for cases and their events. Keyword-only, named `<entity>_<action>`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import transaction
from django.utils import timezone

from bistand.accounts.models import User

from .events import UnknownEventKindError, is_declared
from .models import Case, CaseEvent, CaseNumberSequence

SYSTEM_ACTOR = "automatiserad beslutsfunktion"

# Events recorded inside `events_written_together()` wait here (per thread) and are written
# with one INSERT when the block ends.
_pending: ContextVar[list[CaseEvent] | None] = ContextVar("pending_case_events", default=None)


@contextmanager
def events_written_together() -> Iterator[None]:
    """Inside one transaction: every case event recorded in the block is written with one
    INSERT at its end, in the order recorded (the batch worker, docs/adr/0180). An event's
    `at` is then the time the block ended, and `event_record` returns it unsaved (no pk)."""
    if _pending.get() is not None:  # already inside one: the outer block writes them
        yield
        return
    token = _pending.set([])
    try:
        yield
        events = _pending.get() or []
        if events:
            CaseEvent.objects.bulk_create(events)
    finally:
        _pending.reset(token)


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
    event = CaseEvent(
        case=case,
        application=application,
        kind=kind,
        actor=actor,
        actor_label=actor_label or ("" if actor else SYSTEM_ACTOR),
        data=data or {},
        visible_to_citizen=visible_to_citizen,
    )
    pending = _pending.get()
    if pending is not None:
        pending.append(event)
    else:
        event.save(force_insert=True)
    return event
