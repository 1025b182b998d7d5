"""Who may see and do what with messages: one access function per record type, used by every view.

- A citizen reads and writes only their own household's threads, and answers the satisfaction
  question only for their household's decisions (anything else is 404).
- Messages go to the unit, not a named worker: every case-working role (ekonomisekreterare,
  arbetsmarknadssekreterare, socialsekreterare, enhetschef) reads and answers them; the
  granskare reads only. Staff never use the citizen pages (404).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from bistand.accounts.models import STAFF_ROLES, Role, User
from bistand.applications import selectors as application_selectors
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
        household = application_selectors.cases_for_citizen(user=person)
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
    case = application_selectors.cases_for_citizen(user=person).filter(pk=case_id).first()
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
    household = application_selectors.cases_for_citizen(user=person)
    if not household.filter(pk=decision.case_id).exists():
        raise Http404
    return decision


def citizen_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not getattr(request.user, "is_citizen", False):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def staff_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        role = getattr(request.user, "role", "")
        if role == Role.CITIZEN:
            raise Http404
        try:
            if role not in READ_ROLES:
                raise PermissionDenied
            return view(request, *args, **kwargs)
        except PermissionDenied:
            # A Swedish page that says why, not the bare 403.
            return render(request, "messaging/forbidden.html", status=403)

    return wrapper
