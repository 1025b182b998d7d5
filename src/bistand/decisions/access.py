"""Who may read a decision: the citizens of the case's household, and staff (logged)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from bistand.accounts.models import STAFF_ROLES, Role
from bistand.audit.models import AccessAction
from bistand.audit.services import access_log_record
from bistand.cases import selectors as case_selectors

from . import selectors
from .models import Decision, StandaloneLetter

# Need-to-know (issue 13 item 5, ADR 0086): a decision letter shows the household's incomes and
# the amounts; the arbetsmarknadssekreterare works from the plan and the meetings instead.
LETTER_READERS = STAFF_ROLES - {Role.ARBETSMARKNADSSEKRETERARE}


def decision_readable(user: Any, decision_id: int, *, purpose: str) -> Decision:
    """The decision, or Http404 for anyone outside the household and staff. A staff read is
    written to the access log with its purpose."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    if user.role == Role.CITIZEN:
        decision = selectors.decision_for_citizen(user=user, decision_id=decision_id)
        if decision is None:
            raise Http404
        return decision
    if user.role not in STAFF_ROLES:
        raise Http404
    if user.role not in LETTER_READERS:
        raise PermissionDenied  # need-to-know (ADR 0086): the 403 page says so
    decision = selectors.decision_by_id(decision_id=decision_id)
    if decision is None:
        raise Http404
    case = case_selectors.case_by_id(case_id=decision.case_id)
    access_log_record(
        user=user,
        action=AccessAction.READ,
        object_type="decision",
        object_id=decision.pk,
        reason=purpose,
        case_number=case.number if case else "",
        subject=(case.applicant.personnummer or "") if case else "",
    )
    return decision


def standalone_readable(user: Any, letter_id: int, *, purpose: str) -> StandaloneLetter:
    """An återkrav or nödprövning letter: its addressees, and staff with need-to-know (logged)."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    letter = selectors.standalone_letter_by_id(letter_id=letter_id)
    if user.role == Role.CITIZEN:
        if letter is None or user.pk not in (letter.addressee_ids or []):
            raise Http404
        return letter
    if user.role not in STAFF_ROLES:
        raise Http404
    if user.role not in LETTER_READERS:
        raise PermissionDenied
    if letter is None:
        raise Http404
    case = case_selectors.case_by_id(case_id=letter.case_id)
    access_log_record(
        user=user,
        action=AccessAction.READ,
        object_type="standalone_letter",
        object_id=letter.pk,
        reason=purpose,
        case_number=case.number if case else "",
        subject=(case.applicant.personnummer or "") if case else "",
    )
    return letter
