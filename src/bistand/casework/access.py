"""Who may do what in case work: one function per action, used by every casework view.

The roles (bistand.accounts.models.Role):
- ekonomisekreterare: handles the queue and decides economic assistance;
- socialsekreterare: meets and plans; reads cases, writes the journal;
- arbetsmarknadssekreterare: meets and plans, writes the journal; does NOT read the case view
  (bank account, register incomes, calculation) unless they break the glass with a reason,
  which goes to the access log (need-to-know, issue 13 item 5, ADR 0086);
- enhetschef: everything, and sees escalations of overdue applications;
- granskare: reads everything, changes nothing;
- citizens and anonymous visitors: nothing here.
The all-URL access matrix (tests/security/test_access_matrix_all.py) pins every role × every URL.
"""

from __future__ import annotations

from typing import Any

from bistand.accounts.models import Role

READERS = frozenset(
    {
        Role.EKONOMISEKRETERARE,
        Role.ARBETSMARKNADSSEKRETERARE,
        Role.SOCIALSEKRETERARE,
        Role.ENHETSCHEF,
        Role.GRANSKARE,
    }
)
DECIDERS = frozenset({Role.EKONOMISEKRETERARE, Role.ENHETSCHEF})
JOURNAL_WRITERS = frozenset(
    {
        Role.EKONOMISEKRETERARE,
        Role.ARBETSMARKNADSSEKRETERARE,
        Role.SOCIALSEKRETERARE,
        Role.ENHETSCHEF,
    }
)


def _role(user: Any) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return str(getattr(user, "role", ""))


def can_view_queue(user: Any) -> bool:
    return _role(user) in READERS


# Need-to-know (ADR 0086): the case view shows the bank account, the register incomes and the
# calculation; the arbetsmarknadssekreterare works from the plan and the meetings instead.
CASE_READERS = READERS - {Role.ARBETSMARKNADSSEKRETERARE}


def can_view_case(user: Any) -> bool:
    return _role(user) in CASE_READERS


def can_break_glass(user: Any) -> bool:
    """Staff without the need-to-know may still open a case in an emergency, with a reason that
    is written to the access log."""
    return _role(user) in READERS and not can_view_case(user)


def can_claim(user: Any) -> bool:
    return _role(user) in DECIDERS


def can_release(user: Any, claimed_by_id: int | None, *, status: str = "in_queue") -> bool:
    """Your own claim; the enhetschef may release anyone's (e.g. when someone is away). Only
    while the application is in the queue: a decided one has nothing to return."""
    if claimed_by_id is None or status != "in_queue":
        return False
    return (_role(user) in DECIDERS and claimed_by_id == user.pk) or _role(user) == Role.ENHETSCHEF


def can_decide(user: Any, *, status: str, claimed_by_id: int | None) -> bool:
    """Decide an application: a decider, the application still in the queue, and not taken by
    somebody else (an unclaimed one is taken by deciding it)."""
    return (
        _role(user) in DECIDERS
        and status == "in_queue"
        and (claimed_by_id is None or claimed_by_id == user.pk)
    )


def can_request_completion(user: Any, *, status: str) -> bool:
    return _role(user) in DECIDERS and status == "in_queue"


def can_write_journal(user: Any) -> bool:
    return _role(user) in JOURNAL_WRITERS


def can_register_paper(user: Any) -> bool:
    return _role(user) in DECIDERS


def can_see_escalations(user: Any) -> bool:
    return _role(user) == Role.ENHETSCHEF


def can_assign(user: Any) -> bool:
    """The enhetschef hands out and moves applications between case workers."""
    return _role(user) == Role.ENHETSCHEF


def can_decide_emergency(user: Any) -> bool:
    """Nödprövning: those who decide ekonomiskt bistånd (the delegation decides the rest)."""
    return _role(user) in DECIDERS
