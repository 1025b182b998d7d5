"""Who may see and do what with appeals: one access function per record type, used by every view.

- A citizen sees only their own household's decisions and appeals (anything else is 404) and
  may appeal a decision in force of their household.
- Staff: ekonomisekreterare and enhetschef handle appeals (rättidsprövning, omprövning,
  forwarding); socialsekreterare and granskare may read them; arbetsmarknadssekreterare has
  no part in appeals. Staff never use the citizen pages (404).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from bistand.accounts.models import Role, User
from bistand.applications import selectors as application_selectors
from bistand.cases import selectors as case_selectors
from bistand.core import access as core_access
from bistand.decisions import selectors as decision_selectors
from bistand.decisions.models import Decision

from . import selectors
from .models import Appeal, ReviewRequest
from .selectors import AppealableDecision

HANDLE_ROLES = frozenset({Role.EKONOMISEKRETERARE, Role.ENHETSCHEF})
READ_ROLES = HANDLE_ROLES | {Role.SOCIALSEKRETERARE, Role.GRANSKARE}


def _user(user: Any) -> User:
    if not getattr(user, "is_authenticated", False):
        raise Http404
    return user  # type: ignore[no-any-return]


def appeal_access(user: Any, appeal_id: int, *, handle: bool = False) -> Appeal:
    """The appeal if `user` may read it (or, with handle=True, handle it); else 404/403."""
    person = _user(user)
    appeal = selectors.appeal_by_id(appeal_id=appeal_id)
    if appeal is None:
        raise Http404
    if person.is_citizen:
        readable = application_selectors.readable_application_ids(user=person)
        if handle or not readable.filter(pk=appeal.decision.application_id).exists():
            raise Http404
        return appeal
    if person.role in HANDLE_ROLES or (not handle and person.role in READ_ROLES):
        return appeal
    raise PermissionDenied


def decision_access_for_appeal(user: Any, decision_id: int) -> AppealableDecision:
    """A decision in force of the citizen's household, with its appeal deadline; else 404."""
    person = _user(user)
    if not person.is_citizen:
        raise Http404
    readable = application_selectors.readable_application_ids(user=person)
    for case in case_selectors.cases_for_citizen(user=person):
        for item in selectors.appealable_decisions(case_id=case.pk):
            if (
                item.decision.pk == decision_id
                and readable.filter(pk=item.decision.application_id).exists()
            ):
                return item
    raise Http404


def decision_access_for_review(user: Any, decision_id: int) -> AppealableDecision:
    """An automated decision in force of the citizen's household; else 404."""
    item = decision_access_for_appeal(user, decision_id)
    if not item.decision.automated:
        raise Http404
    return item


def review_access(user: Any, review_id: int, *, handle: bool = False) -> ReviewRequest:
    """A review request: the household's citizens read it; staff as for appeals; else 404/403."""
    person = _user(user)
    review = selectors.review_by_id(review_id=review_id)
    if review is None:
        raise Http404
    if person.is_citizen:
        # As for appeals: the citizens named by the decision's application (issue 13 item 2).
        readable = application_selectors.readable_application_ids(user=person)
        if handle or not readable.filter(pk=review.decision.application_id).exists():
            raise Http404
        return review
    if person.role in HANDLE_ROLES or (not handle and person.role in READ_ROLES):
        return review
    raise PermissionDenied


def decision_access_for_change(user: Any, decision_id: int) -> Decision:
    """A decision a case worker who decides may correct or change; else 404/403."""
    person = _user(user)
    if person.is_citizen:
        raise Http404
    if person.role not in HANDLE_ROLES:
        raise PermissionDenied
    decision = decision_selectors.decision_by_id(decision_id=decision_id)
    if decision is None:
        raise Http404
    return decision


citizen_view = core_access.citizen_view
staff_view = core_access.staff_view_for(READ_ROLES)
