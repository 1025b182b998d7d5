"""Who may see and change what in planning: one function per record type, used by every view.

Each returns an `Access` level: NONE (the record does not exist for this user: 404), READ or
CHANGE. The rules (issue 6, docs/adr/0041-planning-access.md):

- A citizen sees the meetings and the action plan of their own household's cases (applicant or
  partner) and may book a meeting for them; nothing else.
- Arbetsmarknadssekreterare and socialsekreterare meet and plan: they publish their own slots,
  book for a citizen, record outcomes, update action plans and keep an intensive list.
- Enhetschef may do everything, including on other workers' slots and lists.
- Granskare and ekonomisekreterare may read, never change.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from bistand.accounts.models import STAFF_ROLES, Role

PLANNERS = frozenset({Role.ARBETSMARKNADSSEKRETERARE, Role.SOCIALSEKRETERARE, Role.ENHETSCHEF})


class Access(IntEnum):
    NONE = 0
    READ = 1
    CHANGE = 2


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_staff_reader(user: Any) -> bool:
    return _authenticated(user) and user.role in STAFF_ROLES


def is_planner(user: Any) -> bool:
    return _authenticated(user) and user.role in PLANNERS


def _in_household(user: Any, case: Any) -> bool:
    return (
        _authenticated(user)
        and user.role == Role.CITIZEN
        and user.pk in {case.applicant_id, case.partner_id}
    )


def case_planning_access(user: Any, case: Any) -> Access:
    """A case's meetings and action plan as a whole (the staff case page, Min sida's panels).
    CHANGE for a citizen means: may book a meeting for the case."""
    if is_planner(user):
        return Access.CHANGE
    if is_staff_reader(user):
        return Access.READ
    if _in_household(user, case):
        return Access.CHANGE
    return Access.NONE


# Who books a meeting for the applicant on the staff side: the planners, and the
# ekonomisekreterare who takes a new case, so that the 24-hour promise is kept from the first
# contact (issue 14 item 6). Booking is not planning: the plan stays the planners'.
BOOKERS = PLANNERS | {Role.EKONOMISEKRETERARE}


def meeting_booking_access(user: Any, case: Any) -> Access:
    """CHANGE: may book a free time for the case's applicant (staff or, on Min sida, the
    household); otherwise the case page access."""
    if _authenticated(user) and user.role in BOOKERS:
        return Access.CHANGE
    return case_planning_access(user, case)


def meeting_access(user: Any, meeting: Any, case: Any) -> Access:
    """A booked meeting. Citizens read their own; planners record the outcome."""
    if is_planner(user):
        return Access.CHANGE
    if is_staff_reader(user):
        return Access.READ
    if _in_household(user, case) and meeting.case_id == case.pk:
        return Access.READ
    return Access.NONE


def slot_access(user: Any, slot: Any | None = None) -> Access:
    """Published slots. A worker changes their own; the enhetschef any; citizens none (they see
    free times only inside the booking form of their own case)."""
    if not is_staff_reader(user):
        return Access.NONE
    if user.role == Role.ENHETSCHEF:
        return Access.CHANGE
    if is_planner(user) and (slot is None or slot.worker_id == user.pk):
        return Access.CHANGE
    return Access.READ


def action_plan_access(user: Any, case: Any) -> Access:
    """The handlingsplan of a case: citizens read their own, planners write."""
    if is_planner(user):
        return Access.CHANGE
    if is_staff_reader(user) or _in_household(user, case):
        return Access.READ
    return Access.NONE


def intensive_access(user: Any, worker: Any | None = None) -> Access:
    """A worker's intensive list: the worker and the enhetschef change it; other staff read."""
    if not is_staff_reader(user):
        return Access.NONE
    if user.role == Role.ENHETSCHEF:
        return Access.CHANGE
    if is_planner(user) and (worker is None or worker.pk == user.pk):
        return Access.CHANGE
    return Access.READ


def sees_all_intensive_lists(user: Any) -> bool:
    """The enhetschef, granskare and ekonomisekreterare see every worker's list; a worker who
    meets clients sees their own."""
    return is_staff_reader(user) and user.role not in {
        Role.ARBETSMARKNADSSEKRETERARE,
        Role.SOCIALSEKRETERARE,
    }
