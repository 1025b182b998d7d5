"""Planning's panels on Min sida: the meeting (book a time within 24 hours, or the booked time)
and the handlingsplan, in each of the citizen's cases."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bistand.applications import selectors as application_selectors
from bistand.core.minsida import Panel, case_panel, case_probe, probe

from . import forms, selectors
from .access import Access, action_plan_access, case_planning_access
from .models import MeetingStatus, Responsible

# Anchors differ from the applications app's event sections ("moten", "handlingsplan").
MEETING_ANCHOR = "mote"
PLAN_ANCHOR = "plan"


def _has_sent_new_application(user: Any, case: Any) -> bool:
    return any(
        app.case_id == case.pk and app.kind == "new" and app.submitted_at is not None
        for app in application_selectors.applications_for_minsida(user=user)
    )


@case_probe("meetings")
def _meetings(user_id: int, case_id: int) -> Any:
    return selectors.meetings_for_case(case_id=case_id)


@case_probe("action_plan")
def _action_plan(user_id: int, case_id: int) -> Any:
    return selectors.action_plan_versions(case_id=case_id)


@case_panel
def meeting_panel(user: Any, case: Any) -> Panel | None:
    if case_planning_access(user, case) != Access.CHANGE or not user.is_citizen:
        return None
    now = timezone.now()
    meetings = (
        list(selectors.meetings_for_case(case_id=case.pk))
        if probe("meetings", user_id=user.pk, case_id=case.pk)
        else []
    )
    # The next booked meeting not yet held (`upcoming_meeting_for_case`), from the same read.
    upcoming = next(
        (m for m in meetings if m.status == MeetingStatus.BOOKED and m.slot.starts_at > now), None
    )
    if not meetings and not _has_sent_new_application(user, case):
        return None
    context: dict[str, Any] = {
        "upcoming": upcoming,
        "upcoming_label": forms.slot_label(upcoming.slot) if upcoming else "",
        "earlier": [
            {"label": forms.slot_label(m.slot), "status": m.get_status_display()}
            for m in meetings
            if m.status != MeetingStatus.BOOKED or m.slot.starts_at <= now
        ],
        "form": None,
    }
    if upcoming is None:
        slots = list(selectors.free_slots(after=now, before=now + timedelta(days=7))[:40])
        context["form"] = forms.BookForm(slots=slots, auto_id=f"mote-{case.pk}-%s")
        context["has_slots"] = bool(slots)
    return Panel(
        anchor=MEETING_ANCHOR,
        title=str(_("Möte med arbetsmarknadssekreterare")),
        template="planning/panel_meeting.html",
        context=context,
        order=20,
    )


@case_panel
def plan_panel(user: Any, case: Any) -> Panel | None:
    if action_plan_access(user, case) == Access.NONE or not user.is_citizen:
        return None
    if not probe("action_plan", user_id=user.pk, case_id=case.pk):
        return None
    current = selectors.action_plan_current(case_id=case.pk)
    if current is None:
        return None
    responsible = dict(Responsible.choices)
    activities = [
        {
            **a,
            "responsible_label": responsible.get(a.get("responsible", ""), ""),
            "start": date.fromisoformat(a["start"]) if a.get("start") else None,
            "due": date.fromisoformat(a["due"]) if a.get("due") else None,
        }
        for a in current.content.get("activities", [])
    ]
    return Panel(
        anchor=PLAN_ANCHOR,
        title=str(_("Din handlingsplan")),
        template="planning/panel_plan.html",
        context={"version": current, "content": current.content, "activities": activities},
        order=30,
    )
