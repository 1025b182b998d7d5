"""What the person page writes: the access log entry for each read and a new question to
folkbokföring (issue 14 item 1). The views call these; they name no other app's models."""

from __future__ import annotations

from bistand.accounts.models import User
from bistand.audit.models import AccessAction
from bistand.audit.services import access_log_record
from bistand.cases.models import Case
from bistand.registers import services as register_services

__all__ = ["folkbokforing_refresh", "person_read_record"]


def person_read_record(*, user: User, case: Case, reason: str) -> None:
    """A staff read of the person and the case's history, in the access log (ADR 0086)."""
    access_log_record(
        user=user,
        action=AccessAction.READ,
        object_type="person",
        object_id=case.pk,
        reason=reason,
        case_number=case.number,
        subject=case.applicant.personnummer or "",
    )


def folkbokforing_refresh(*, user: User, case: Case) -> int:
    """Ask folkbokföring again about the people in the case (logged as every register fetch);
    the number of people it did not answer for."""
    failed = 0
    for person in (case.applicant, case.partner):
        if person is None or not person.personnummer:
            continue
        answer = register_services.folkbokforing_fetch(
            personnummer=person.personnummer,
            case_reference=case.number,
            requested_by=user.display_name or user.username,
        )
        failed += 0 if answer.ok else 1
    return failed
