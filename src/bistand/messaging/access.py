"""Who may see and do what with messages: one access function per record type, used by every view.

- A citizen reads and writes only their own household's threads, and answers the satisfaction
  question only for their household's decisions (anything else is 404).
- Messages go to the unit, not a named worker: every case-working role (ekonomisekreterare,
  arbetsmarknadssekreterare, socialsekreterare, enhetschef) reads and answers them; the
  granskare reads only. Staff never use the citizen pages (404).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from bistand.accounts.models import STAFF_ROLES, Role, User
from bistand.applications import selectors as application_selectors
from bistand.cases import selectors as case_selectors
from bistand.core import access as core_access
from bistand.decisions import selectors as decision_selectors
from bistand.decisions.models import Decision

from . import selectors
from .models import Thread

READ_ROLES = frozenset(STAFF_ROLES)
WRITE_ROLES = READ_ROLES - {Role.GRANSKARE}


def _user(user: Any) -> User:
    if not getattr(user, "is_authenticated", False):
        raise Http404
    return user  # type: ignore[no-any-return]


def thread_access(user: Any, thread_id: int, *, write: bool = False) -> Thread:
    person = _user(user)
    thread = selectors.thread_by_id(thread_id=thread_id)
    if thread is None:
        raise Http404
    if person.is_citizen:
        household = case_selectors.cases_for_citizen(user=person)
        if not household.filter(pk=thread.case_id).exists():
            raise Http404
        return thread
    if person.role in WRITE_ROLES or (not write and person.role in READ_ROLES):
        return thread
    raise PermissionDenied


def case_access_for_message(user: Any, case_id: int) -> Any:
    """A case of the citizen's household to write a new message in; else 404."""
    person = _user(user)
    if not person.is_citizen:
        raise Http404
    case = case_selectors.cases_for_citizen(user=person).filter(pk=case_id).first()
    if case is None:
        raise Http404
    return case


def decision_access_for_satisfaction(user: Any, decision_id: int) -> Decision:
    """A decision of the citizen's household whose question is still open; else 404."""
    person = _user(user)
    if not person.is_citizen:
        raise Http404
    decision = decision_selectors.decision_by_id(decision_id=decision_id)
    if decision is None:
        raise Http404
    readable = application_selectors.readable_application_ids(user=person)
    if not readable.filter(pk=decision.application_id).exists():
        raise Http404
    return decision


citizen_view = core_access.citizen_view
staff_view = core_access.staff_view_for(READ_ROLES)
