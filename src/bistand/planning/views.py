"""Planning pages: staff under /planering/, and the citizen's booking of a meeting (also shown as
a panel on Min sida). Thin: access through planning/access.py, reads through selectors, changes
through services. Every staff read of a case is written to the access log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bistand.cases import selectors as case_selectors
from bistand.core.access import citizen_view

from . import forms, selectors, services
from .access import (
    Access,
    action_plan_access,
    case_planning_access,
    intensive_access,
    is_staff_reader,
    meeting_access,
    meeting_booking_access,
    sees_all_intensive_lists,
    slot_access,
)
from .models import Responsible

BOOKING_DAYS = 7
BLANK_ACTIVITY_ROWS = 2


def staff_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Logged in (else the login page), staff (citizens get 404), never cached."""

    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_staff_reader(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _user(request: HttpRequest) -> Any:
    return request.user


def _log_read(
    request: HttpRequest, *, case: Any, object_type: str, object_id: int, reason: str
) -> None:
    services.case_read_record(
        user=_user(request),
        case=case,
        object_type=object_type,
        object_id=object_id,
        reason=reason,
        request_id=request.headers.get("X-Request-Id", ""),
    )


def _case_or_404(case_id: int) -> Any:
    case = case_selectors.case_by_id(case_id=case_id)
    if case is None:
        raise Http404
    return case


def _require(level: Access, needed: Access) -> None:
    if level == Access.NONE:
        raise Http404
    if level < needed:
        raise PermissionDenied


# --- Staff: overview and slots -------------------------------------------------------------------


@staff_view
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    now = timezone.now()
    search = forms.CaseSearchForm(request.GET or None)
    if search.is_bound and search.is_valid():
        case = case_selectors.case_by_number(number=search.cleaned_data["number"].upper())
        if case is not None:
            return HttpResponseRedirect(reverse("planning:case", args=[case.pk]))
        search.add_error("number", _("Det finns inget ärende med det numret."))
    return render(
        request,
        "planning/overview.html",
        {
            "search": search,
            "search_errors": search.error_links() if search.is_bound else [],
            "can_publish": slot_access(user) == Access.CHANGE,
            "slots": selectors.slots_for_worker(worker=user, after=now - timedelta(hours=12)),
            "without_outcome": selectors.meetings_without_outcome(worker=user, now=now),
            "awaiting": selectors.new_applicants_without_meeting(now=now),
        },
        status=400 if search.is_bound and search.errors else 200,
    )


@staff_view
@require_http_methods(["GET", "POST"])
def slot_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _require(slot_access(user), Access.CHANGE)
    form = forms.SlotForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.slot_publish(
                worker=user,
                starts_at=data["starts_at"],
                minutes=data["minutes"],
                mode=data["mode"],
                place=data["place"].strip(),
            )
        except services.PlanningError as error:
            form.add_error("start", str(error))
        else:
            messages.success(request, _("Tiden är publicerad och kan bokas."))
            return HttpResponseRedirect(reverse("planning:overview"))
    return render(
        request,
        "planning/slot_new.html",
        {"form": form, "errors": form.error_links() if form.is_bound else []},
        status=400 if form.is_bound and form.errors else 200,
    )


@staff_view
@require_POST
def slot_withdraw(request: HttpRequest, slot_id: int) -> HttpResponse:
    """Take back a published time that nobody has booked (own slots; the enhetschef any)."""
    slot = selectors.slot_by_id(slot_id=slot_id)
    if slot is None:
        raise Http404
    _require(slot_access(_user(request), slot), Access.CHANGE)
    try:
        services.slot_withdraw(slot=slot)
    except services.PlanningError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Tiden är borttagen."))
    return HttpResponseRedirect(reverse("planning:overview"))


# --- Staff: a case's meetings and plan -----------------------------------------------------------


@staff_view
@require_GET
def case_page(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _case_or_404(case_id)
    level = case_planning_access(user, case)
    _require(level, Access.READ)
    _log_read(
        request,
        case=case,
        object_type="case_planning",
        object_id=case.pk,
        reason="Öppnade möten och handlingsplan",
    )
    return _render_case(request, case, level, book_form=None)


def _booking_slots() -> list[Any]:
    now = timezone.now()
    return list(selectors.free_slots(after=now, before=now + timedelta(days=BOOKING_DAYS))[:40])


def _render_case(request: HttpRequest, case: Any, level: Access, book_form: Any) -> HttpResponse:
    user = _user(request)
    now = timezone.now()
    slots = _booking_slots()
    deadline = selectors.promise_deadline_for_case(case_id=case.pk, now=now)
    if book_form is None:
        book_form = forms.BookForm(slots=slots, promise_deadline=deadline)
    return render(
        request,
        "planning/case.html",
        {
            "case": case,
            "can_change": meeting_booking_access(user, case) == Access.CHANGE,
            "meetings": list(selectors.meetings_for_case(case_id=case.pk)),
            "upcoming": selectors.upcoming_meeting_for_case(case_id=case.pk, now=now),
            "book_form": book_form,
            "book_errors": book_form.error_links() if book_form.is_bound else [],
            "has_slots": bool(slots),
            "promise_deadline": deadline,
            "promise_unmet": deadline is not None
            and not any(slot.starts_at <= deadline for slot in slots),
            "plan": selectors.action_plan_current(case_id=case.pk),
            "plan_versions": list(selectors.action_plan_versions(case_id=case.pk)),
            "can_edit_plan": action_plan_access(user, case) == Access.CHANGE,
        },
        status=400 if book_form.is_bound and book_form.errors else 200,
    )


@staff_view
@require_POST
def staff_book(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _case_or_404(case_id)
    level = case_planning_access(user, case)
    _require(meeting_booking_access(user, case), Access.CHANGE)
    form = forms.BookForm(
        request.POST,
        slots=_booking_slots(),
        promise_deadline=selectors.promise_deadline_for_case(case_id=case.pk, now=timezone.now()),
    )
    if form.is_valid():
        try:
            services.meeting_book(slot_id=form.cleaned_data["slot"], case=case, by=user)
        except services.PlanningError as error:
            form.add_error("slot", str(error))
        else:
            messages.success(request, _("Mötet är bokat. Den sökande ser tiden på Min sida."))
            return HttpResponseRedirect(reverse("planning:case", args=[case.pk]))
    return _render_case(request, case, level, book_form=form)


@staff_view
@require_http_methods(["GET", "POST"])
def meeting_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = _user(request)
    meeting = selectors.meeting_by_id(meeting_id=meeting_id)
    if meeting is None:
        raise Http404
    case = _case_or_404(meeting.case_id)
    level = meeting_access(user, meeting, case)
    _require(level, Access.READ if request.method == "GET" else Access.CHANGE)
    initial = {"version": meeting.version, "notes": meeting.outcome_notes}
    if meeting.status != "booked":
        initial["status"] = meeting.status
    form = forms.OutcomeForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_record_outcome(
                meeting=meeting,
                version=form.cleaned_data["version"],
                status=form.cleaned_data["status"],
                notes=form.cleaned_data["notes"].strip(),
                by=user,
            )
        except services.PlanningError as error:
            form.add_error("status", str(error))
        else:
            messages.success(request, _("Utfallet av mötet är sparat."))
            return HttpResponseRedirect(reverse("planning:meeting", args=[meeting.pk]))
    if request.method == "GET":
        _log_read(
            request, case=case, object_type="meeting", object_id=meeting.pk, reason="Öppnade möte"
        )
    return render(
        request,
        "planning/meeting.html",
        {
            "meeting": meeting,
            "case": case,
            "slot_label": forms.slot_label(meeting.slot),
            "can_change": level == Access.CHANGE,
            "form": form,
            "errors": form.error_links() if form.is_bound else [],
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _activity_initial(content: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for activity in content.get("activities", []):
        rows.append(
            {
                "text": activity.get("text", ""),
                "responsible": activity.get("responsible", ""),
                "actor": activity.get("actor", ""),
                "start": date.fromisoformat(activity["start"]) if activity.get("start") else None,
                "due": date.fromisoformat(activity["due"]) if activity.get("due") else None,
            }
        )
    return rows + [{} for _ in range(BLANK_ACTIVITY_ROWS)]


def _plan_content(form: Any, formset: Any) -> dict[str, Any]:
    goals = [line.strip() for line in form.cleaned_data["goals"].splitlines() if line.strip()]
    activities = []
    for activity_form in formset:
        data = activity_form.cleaned_data
        if not data.get("text"):
            continue
        activities.append(
            {
                "text": data["text"].strip(),
                "responsible": data["responsible"],
                "actor": data["actor"].strip() if data["responsible"] == Responsible.OTHER else "",
                "start": data["start"].isoformat() if data.get("start") else "",
                "due": data["due"].isoformat() if data.get("due") else "",
            }
        )
    return {"goals": goals, "activities": activities, "follow_up": form.cleaned_data["follow_up"]}


@staff_view
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _case_or_404(case_id)
    _require(action_plan_access(user, case), Access.CHANGE)
    current = selectors.action_plan_current(case_id=case.pk)
    content = current.content if current else {}
    version = current.number if current else 0
    if request.method == "POST":
        form = forms.PlanForm(request.POST)
        formset = forms.ActivityFormSet(request.POST, prefix="aktivitet")
        if form.is_valid() and formset.is_valid():
            try:
                services.action_plan_save(
                    case=case,
                    expected_version=form.cleaned_data["version"],
                    content=_plan_content(form, formset),
                    by=user,
                )
            except services.PlanningError as error:
                form.add_error("goals", str(error))
            else:
                messages.success(
                    request, _("Handlingsplanen är sparad. Den sökande ser den på Min sida.")
                )
                return HttpResponseRedirect(reverse("planning:case", args=[case.pk]))
    else:
        _log_read(
            request,
            case=case,
            object_type="action_plan",
            object_id=case.pk,
            reason="Öppnade handlingsplan för ändring",
        )
        form = forms.PlanForm(
            initial={
                "goals": "\n".join(content.get("goals", [])),
                "follow_up": content.get("follow_up", ""),
                "version": version,
            }
        )
        formset = forms.ActivityFormSet(initial=_activity_initial(content), prefix="aktivitet")
    errors = []
    if form.is_bound:
        errors = form.error_links()
        for index, activity_form in enumerate(formset):
            errors += [
                (anchor, _("Aktivitet %(n)s: %(message)s") % {"n": index + 1, "message": message})
                for anchor, message in activity_form.error_links()
            ]
    return render(
        request,
        "planning/plan_edit.html",
        {"case": case, "form": form, "formset": formset, "errors": errors, "version": version},
        status=400 if errors else 200,
    )


# --- Staff: intensive motivational work ----------------------------------------------------------


@staff_view
@require_http_methods(["GET", "POST"])
def intensive(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    level = intensive_access(user, user)
    form = forms.IntensiveAddForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        _require(level, Access.CHANGE)
        if form.is_valid():
            case = case_selectors.case_by_number(number=form.cleaned_data["case_number"])
            if case is None:
                form.add_error("case_number", _("Det finns inget ärende med det numret."))
            else:
                try:
                    services.intensive_add(
                        worker=user,
                        case=case,
                        meetings_per_week=form.cleaned_data["meetings_per_week"],
                        by=user,
                    )
                except services.PlanningError as error:
                    form.add_error("case_number", str(error))
                else:
                    messages.success(request, _("Ärendet finns nu på din lista."))
                    return HttpResponseRedirect(reverse("planning:intensive"))
    # A worker sees their own list; the enhetschef, granskare and ekonomisekreterare see all.
    own_only = not sees_all_intensive_lists(user)
    rows = selectors.intensive_adherence(worker=user if own_only else None)
    cases = case_selectors.cases_by_ids(case_ids=[r.case_id for r in rows])
    for row in rows:
        if row.case_id in cases:
            _log_read(
                request,
                case=cases[row.case_id],
                object_type="intensive_client",
                object_id=row.entry_id,
                reason="Visade listan för intensivt arbete",
            )
    return render(
        request,
        "planning/intensive.html",
        {
            "rows": rows,
            "own_only": own_only,
            "count": len([r for r in rows if r.worker_id == user.pk]),
            "limit": selectors.intensive_max_clients(),
            "can_change": level == Access.CHANGE,
            "form": form,
            "errors": form.error_links() if form.is_bound else [],
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@staff_view
@require_POST
def intensive_end(request: HttpRequest, entry_id: int) -> HttpResponse:
    user = _user(request)
    entry = selectors.intensive_entry_by_id(entry_id=entry_id)
    if entry is None:
        raise Http404
    _require(intensive_access(user, entry.worker), Access.CHANGE)
    if request.POST.get("confirm") != "yes":
        # The list's button asks first (no JavaScript): a page that names the case and
        # posts again with the confirmation.
        case = case_selectors.case_by_id(case_id=entry.case_id)
        number = case.number if case is not None else ""
        return render(
            request, "planning/intensive_end.html", {"entry": entry, "case_number": number}
        )
    services.intensive_end(entry=entry, by=user)
    messages.success(request, _("Ärendet är borttaget från listan."))
    return HttpResponseRedirect(reverse("planning:intensive"))


# --- Citizen: book a meeting ---------------------------------------------------------------------


@citizen_view
@require_http_methods(["GET", "POST"])
def citizen_book(request: HttpRequest, case_id: int) -> HttpResponse:
    """The booking form of Min sida's meeting panel, as its own page: where the form is sent,
    and where a choice that could not be booked is explained at the field."""
    user = _user(request)
    case = _case_or_404(case_id)
    _require(case_planning_access(user, case), Access.CHANGE)
    now = timezone.now()
    upcoming = selectors.upcoming_meeting_for_case(case_id=case.pk, now=now)
    slots = _booking_slots()
    form = forms.BookForm(request.POST if request.method == "POST" else None, slots=slots)
    if request.method == "POST" and upcoming is None and form.is_valid():
        try:
            services.meeting_book(slot_id=form.cleaned_data["slot"], case=case, by=user)
        except services.PlanningError as error:
            form = forms.BookForm(
                request.POST,
                slots=_booking_slots(),
                promise_deadline=selectors.promise_deadline_for_case(
                    case_id=case.pk, now=timezone.now()
                ),
            )
            form.is_valid()
            form.add_error("slot", str(error))
        else:
            messages.success(request, _("Ditt möte är bokat. Du får en påminnelse dagen före."))
            return HttpResponseRedirect(reverse("applications:min_sida") + f"#mote-{case.pk}")
    return render(
        request,
        "planning/citizen_book.html",
        {
            "case": case,
            "upcoming": upcoming,
            "upcoming_label": forms.slot_label(upcoming.slot) if upcoming else "",
            "form": form,
            "has_slots": bool(slots),
            "errors": form.error_links() if form.is_bound else [],
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# --- Aktivitetskrav (issue 14 item 9) ------------------------------------------------------------


def _month_param(request: HttpRequest) -> date | None:
    """?manad=ÅÅÅÅ-MM, else this month; None when it cannot be read."""
    raw = request.GET.get("manad", "").strip()
    if not raw:
        return timezone.localdate().replace(day=1)
    try:
        return date.fromisoformat(f"{raw}-01")
    except ValueError:
        return None


def _activity_summary(rows: list[dict[str, Any]]) -> dict[str, int]:
    counts = {"due": 0, "short": 0, "not_reported": 0, "no_plan": 0, "exempt": 0}
    for row in rows:
        status = row["assessment"].status
        counts["due"] += int(row["assessment"].due)
        if status in counts:
            counts[status] += 1
    return counts


@staff_view
@require_GET
def activity_overview(request: HttpRequest) -> HttpResponse:
    """Who is due for the aktivitetskrav this month, and who falls short."""
    month = _month_param(request)
    if month is None:
        return render(
            request,
            "planning/activity_overview.html",
            {
                "month_error": _("Skriv månaden som ÅÅÅÅ-MM."),
                "rows": [],
                "month_value": request.GET.get("manad", "")[:20],
            },
            status=400,
        )
    rows = [r for r in selectors.activity_rows(month=month) if r["assessment"].status != "not_due"]
    services.activity_overview_read_record(user=_user(request), month=month, rows=len(rows))
    return render(
        request,
        "planning/activity_overview.html",
        {
            "month": month,
            "month_value": f"{month:%Y-%m}",
            "rows": [r for r in rows if r["assessment"].status not in {"not_in_force", "not_yet"}],
            "not_applied": rows and rows[0]["assessment"].status in {"not_in_force", "not_yet"},
            "summary": _activity_summary(rows),
            "first_label": rows[0]["assessment"].label if rows else "",
        },
    )


def _adult(case: Any, person_id: str) -> Any:
    """The case's applicant or partner with that id, else None."""
    return next((p for p in (case.applicant, case.partner) if p and str(p.pk) == person_id), None)


@staff_view
@require_http_methods(["GET", "POST"])
def activity_case(request: HttpRequest, case_id: int) -> HttpResponse:
    """A case's adults and the aktivitetskrav for a month: record hours, prepare a decision."""
    user = _user(request)
    case = _case_or_404(case_id)
    level = action_plan_access(user, case)
    _require(level, Access.READ)
    month = _month_param(request) or timezone.localdate().replace(day=1)
    people = [
        (str(p.pk), p.display_name or p.username) for p in (case.applicant, case.partner) if p
    ]
    form = forms.ActivityHoursForm(people=people)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "record")
        try:
            if action == "prepare":
                person = next(
                    (
                        p
                        for p in (case.applicant, case.partner)
                        if p and str(p.pk) == request.POST.get("person")
                    ),
                    None,
                )
                if person is None:
                    raise services.PlanningError(_("Välj vem beslutet gäller."))
                services.activity_decision_prepare(case=case, person=person, month=month, by=user)
                messages.success(request, _("Beslutsunderlaget är förberett."))
                return HttpResponseRedirect(request.get_full_path())
            _require(level, Access.CHANGE)
            form = forms.ActivityHoursForm(request.POST, people=people)
            if form.is_valid():
                data = form.cleaned_data
                person = next(
                    p for p in (case.applicant, case.partner) if p and str(p.pk) == data["person"]
                )
                services.activity_hours_record(
                    case=case,
                    person=person,
                    month=month,
                    planned=data["planned_hours"],
                    attended=data["attended_hours"],
                    exemption=data.get("exemption") or "",
                    has_child_under_8=bool(data.get("has_child_under_8")),
                    note=data.get("note") or "",
                    by=user,
                )
                messages.success(request, _("Timmarna är sparade i planen."))
                return HttpResponseRedirect(request.get_full_path())
            status = 400
        except services.PlanningError as exc:
            messages.error(request, str(exc))
            status = 400
    else:
        _log_read(
            request,
            case=case,
            object_type="activity_hours",
            object_id=case.pk,
            reason=f"Aktivitetskrav {month:%Y-%m}",
        )
    rows = selectors.activity_rows(month=month, case_ids=[case.pk])
    return render(
        request,
        "planning/activity_case.html",
        {
            "case": case,
            "month": month,
            "month_value": f"{month:%Y-%m}",
            "rows": rows,
            "form": form,
            "errors": form.error_links() if form.is_bound else [],
            "can_record": level == Access.CHANGE,
            "can_prepare": getattr(user, "role", "") in services.ACTIVITY_DECIDERS,
        },
        status=status,
    )
