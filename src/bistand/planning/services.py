"""State changes in planning: keyword-only, typed functions named <entity>_<action>.

Every change that concerns a case is a case event (`cases.services.event_record`), and a
staff change is written to the access log (`audit.services.access_log_record`).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from bistand.accounts.models import User
from bistand.applications import selectors as application_selectors
from bistand.audit.models import AccessAction
from bistand.audit.services import access_log_record
from bistand.cases import selectors as case_selectors
from bistand.cases.models import Case
from bistand.cases.services import event_record
from bistand.messaging import events as messaging_events
from bistand.planning import events as planning_events

from . import selectors
from .access import PLANNERS
from .models import (
    ActionPlan,
    ActionPlanVersion,
    ActivityHours,
    BookedBy,
    IntensiveClient,
    Meeting,
    MeetingMode,
    MeetingOffer,
    MeetingReminder,
    MeetingSlot,
    MeetingStatus,
)

OUTCOME_STATUSES = (MeetingStatus.HELD, MeetingStatus.NOT_ATTENDED, MeetingStatus.CANCELLED)


class PlanningError(Exception):
    """A change that is refused; `str(error)` is the Swedish message for the user."""


class SlotTakenError(PlanningError):
    """Someone else booked the slot first (or it was withdrawn or has passed)."""


class StaleError(PlanningError):
    """Someone else saved in between (optimistic locking)."""


class IntensiveListFullError(PlanningError):
    """The worker's intensive list already has the maximum number of clients."""


def _log(
    *, user: User, action: AccessAction, object_type: str, object_id: int, case: Case, reason: str
) -> None:
    access_log_record(
        user=user,
        action=action,
        object_type=object_type,
        object_id=object_id,
        case_number=case.number,
        subject=case.applicant.personnummer or "",
        reason=reason,
    )


def case_read_record(
    *,
    user: User,
    case: Case,
    object_type: str,
    object_id: int,
    reason: str,
    request_id: str = "",
) -> None:
    """Write a staff read of a case's meetings, plan or intensive entry to the access log."""
    access_log_record(
        user=user,
        action=AccessAction.READ,
        object_type=object_type,
        object_id=object_id,
        case_number=case.number,
        subject=case.applicant.personnummer or "",
        reason=reason,
        request_id=request_id,
    )


# --- Slots ------


def slot_publish(
    *,
    worker: User,
    starts_at: datetime,
    minutes: int,
    mode: MeetingMode | str,
    place: str = "",
    now: datetime | None = None,
) -> MeetingSlot:
    now = now or timezone.now()
    if worker.role not in PLANNERS:
        raise PlanningError("Bara arbetsmarknadssekreterare och socialsekreterare har mötestider.")
    if starts_at <= now:
        raise PlanningError("Tiden har redan varit. Välj en tid framåt.")
    if not 10 <= minutes <= 240:
        raise PlanningError("Ett möte ska vara mellan 10 och 240 minuter.")
    try:
        with transaction.atomic():
            return MeetingSlot.objects.create(
                worker=worker, starts_at=starts_at, minutes=minutes, mode=mode, place=place
            )
    except IntegrityError:
        raise PlanningError("Du har redan en tid som börjar då.") from None


def slot_withdraw(*, slot: MeetingSlot) -> None:
    """Take back a published slot that nobody has booked."""
    with transaction.atomic():
        locked = MeetingSlot.objects.select_for_update().get(pk=slot.pk)
        if locked.meetings.exclude(status=MeetingStatus.CANCELLED).exists():
            raise PlanningError("Tiden är bokad. Ställ in mötet först.")
        locked.withdrawn_at = timezone.now()
        locked.save(update_fields=["withdrawn_at"])


# --- Meetings ------


def meeting_book(
    *,
    slot_id: int,
    case: Case,
    by: User,
    now: datetime | None = None,
) -> Meeting:
    """Book a free slot for a case: by the citizen on Min sida or by staff for them.

    Race-safe: the slot row is locked, and the database refuses a second live booking of the
    same slot (partial unique constraint), so two citizens pressing "Boka" at once give one
    meeting and one SlotTakenError."""
    now = now or timezone.now()
    via = BookedBy.CITIZEN if by.is_citizen else BookedBy.STAFF
    try:
        with transaction.atomic():
            slot = MeetingSlot.objects.select_for_update().filter(pk=slot_id).first()
            if slot is None or slot.withdrawn_at is not None or slot.starts_at <= now:
                raise SlotTakenError("Tiden går inte längre att boka. Välj en annan tid.")
            if slot.meetings.exclude(status=MeetingStatus.CANCELLED).exists():
                raise SlotTakenError("Någon annan hann boka tiden. Välj en annan tid.")
            if selectors.upcoming_meeting_for_case(case_id=case.pk, now=now) is not None:
                raise PlanningError("Det finns redan ett bokat möte i ärendet.")
            meeting = Meeting.objects.create(
                slot=slot,
                case_id=case.pk,
                application_id=application_selectors.latest_submitted_new_application_id(case=case),
                booked_by=by,
                booked_via=via,
            )
            event_record(
                case=case,
                kind=planning_events.MEETING_BOOKED,
                actor=by,
                data={
                    "meeting_id": meeting.pk,
                    "starts_at": slot.starts_at.isoformat(),
                    "minutes": slot.minutes,
                    "mode": slot.mode,
                    "place": slot.place,
                    "booked_via": via,
                },
            )
            if via == BookedBy.STAFF:
                _log(
                    user=by,
                    action=AccessAction.CHANGE,
                    object_type="meeting",
                    object_id=meeting.pk,
                    case=case,
                    reason="Bokade möte",
                )
    except IntegrityError:
        raise SlotTakenError("Någon annan hann boka tiden. Välj en annan tid.") from None
    return meeting


def meeting_record_outcome(
    *,
    meeting: Meeting,
    version: int,
    status: MeetingStatus | str,
    notes: str,
    by: User,
) -> Meeting:
    """Record what happened: held, not attended or cancelled, with notes. Refused if someone
    else recorded an outcome since the form was opened."""
    if status not in OUTCOME_STATUSES:
        raise PlanningError("Välj vad som hände med mötet.")
    if status != MeetingStatus.CANCELLED and timezone.now() < meeting.slot.starts_at:
        # Held or not attended can only be known once the meeting has started; cancelling
        # in advance stays possible.
        raise PlanningError(
            "Mötet har inte börjat än. Du kan skriva vad som hände när mötet har börjat, "
            "eller ställa in det nu."
        )
    case = case_selectors.case_by_id(case_id=meeting.case_id)
    assert case is not None
    with transaction.atomic():
        updated = Meeting.objects.filter(pk=meeting.pk, version=version).update(
            status=status,
            outcome_notes=notes,
            outcome_by=by,
            outcome_at=timezone.now(),
            version=version + 1,
        )
        if not updated:
            raise StaleError(
                "Någon annan har ändrat mötet medan du skrev. Läs det som står nu och spara igen."
            )
        meeting.refresh_from_db()
        event_record(
            case=case,
            kind=planning_events.MEETING_BOOKED,
            actor=by,
            data={"meeting_id": meeting.pk, "outcome": str(status)},
            visible_to_citizen=False,
        )
        _log(
            user=by,
            action=AccessAction.CHANGE,
            object_type="meeting",
            object_id=meeting.pk,
            case=case,
            reason="Registrerade utfall av möte",
        )
    return meeting


def meeting_offers_record(*, now: datetime | None = None) -> int:
    """Record an offer for each new application sent in during the last 24 hours that has none:
    how many free slots start between now and 24 hours after it was sent in. Idempotent; run by
    the job `planning.meeting_offers` every five minutes (docs/adr/0040)."""
    now = now or timezone.now()
    made = 0
    for application in application_selectors.new_applications_submitted(
        start=now - selectors.offer_window(), end=now + timedelta(seconds=1)
    ):
        if selectors.offer_for_application(application_id=application.pk) is not None:
            continue
        assert application.submitted_at is not None
        deadline = application.submitted_at + selectors.offer_window()
        count = selectors.free_slots(after=now, before=deadline).count()
        try:
            with transaction.atomic():
                MeetingOffer.objects.create(
                    application_id=application.pk,
                    case_id=application.case_id,
                    submitted_at=application.submitted_at,
                    offered_at=now,
                    slots_within_24h=count,
                )
            made += 1
        except IntegrityError:
            continue
    return made


def _local_day_bounds(day: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)
    return start, end


def meeting_reminders_send(*, now: datetime | None = None) -> int:
    """Remind of every booked meeting on the local date `meetings.reminder_days_before` days
    ahead (municipality.yaml; the example: tomorrow) that has not been reminded. The reminder is
    recorded (a row and a case event); no real SMS is sent. Idempotent."""
    now = now or timezone.now()
    days = selectors.reminder_days_before()
    day = timezone.localtime(now).date() + timedelta(days=days)
    start, end = _local_day_bounds(day)
    when = "i morgon" if days == 1 else f"om {days} dagar"
    sent = 0
    for meeting in selectors.meetings_needing_reminder(day_start=start, day_end=end):
        case = case_selectors.case_by_id(case_id=meeting.case_id)
        if case is None:
            continue
        local = timezone.localtime(meeting.slot.starts_at)
        text = (
            f"Påminnelse: du har ett möte med ekonomiskt bistånd {when} "
            f"{date_format(local, 'j F')} kl. {local:%H:%M}. Se Min sida."
        )
        try:
            with transaction.atomic():
                MeetingReminder.objects.create(meeting=meeting, text=text)
                event_record(
                    case=case,
                    kind=messaging_events.MESSAGE,
                    data={"topic": "meeting_reminder", "meeting_id": meeting.pk, "text": text},
                )
            sent += 1
        except IntegrityError:
            continue
    return sent


# --- Action plans ------


def action_plan_save(
    *, case: Case, expected_version: int, content: dict[str, Any], by: User
) -> ActionPlanVersion:
    """Save a new version of the case's handlingsplan (the earlier ones are kept). Refused if
    someone else saved a version since the form was opened."""
    with transaction.atomic():
        plan, _ = ActionPlan.objects.get_or_create(case_id=case.pk)
        plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.current_version != expected_version:
            raise StaleError(
                "Någon annan har sparat handlingsplanen medan du skrev. "
                "Det du skrev finns kvar nedan; läs den nya versionen och spara igen."
            )
        plan.current_version += 1
        plan.save(update_fields=["current_version"])
        version = ActionPlanVersion.objects.create(
            plan=plan, number=plan.current_version, content=content, created_by=by
        )
        event_record(
            case=case,
            kind=planning_events.ACTION_PLAN_UPDATED,
            actor=by,
            data={"plan_id": plan.pk, "version": version.number},
        )
        _log(
            user=by,
            action=AccessAction.CHANGE,
            object_type="action_plan",
            object_id=plan.pk,
            case=case,
            reason=f"Sparade handlingsplan version {version.number}",
        )
    return version


# --- Intensive motivational work ------


def intensive_add(
    *, worker: User, case: Case, meetings_per_week: int, by: User, now: datetime | None = None
) -> IntensiveClient:
    """Put a case on the worker's intensive list. Refused beyond the maximum
    (municipality.yaml meetings.intensive_max_clients), outside 1–5 meetings a week, or if the
    case is already on a list. The worker's row is locked so two additions cannot both pass the
    count."""
    now = now or timezone.now()
    if not 1 <= meetings_per_week <= 5:
        raise PlanningError("Välj mellan 1 och 5 möten i veckan.")
    if worker.role not in PLANNERS:
        raise PlanningError("Bara arbetsmarknadssekreterare och socialsekreterare har en lista.")
    limit = selectors.intensive_max_clients()
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=worker.pk).first()
        if selectors.intensive_clients(worker=worker).count() >= limit:
            raise IntensiveListFullError(
                f"Listan är full: du kan ha högst {limit} personer i intensivt "
                "motiveringsarbete. Avsluta någon på listan först."
            )
        if IntensiveClient.objects.filter(case_id=case.pk, ended_at__isnull=True).exists():
            raise PlanningError("Ärendet finns redan på en lista för intensivt motiveringsarbete.")
        try:
            with transaction.atomic():
                entry = IntensiveClient.objects.create(
                    worker=worker,
                    case_id=case.pk,
                    meetings_per_week=meetings_per_week,
                    started_at=now,
                )
        except IntegrityError:
            raise PlanningError(
                "Ärendet finns redan på en lista för intensivt motiveringsarbete."
            ) from None
        _log(
            user=by,
            action=AccessAction.CHANGE,
            object_type="intensive_client",
            object_id=entry.pk,
            case=case,
            reason="Lade till i intensivt motiveringsarbete",
        )
    return entry


def intensive_end(*, entry: IntensiveClient, by: User) -> None:
    case = case_selectors.case_by_id(case_id=entry.case_id)
    with transaction.atomic():
        IntensiveClient.objects.filter(pk=entry.pk, ended_at__isnull=True).update(
            ended_at=timezone.now()
        )
        if case is not None:
            _log(
                user=by,
                action=AccessAction.CHANGE,
                object_type="intensive_client",
                object_id=entry.pk,
                case=case,
                reason="Avslutade intensivt motiveringsarbete",
            )


# --- Aktivitetskrav (issue 14 item 9) ------------------------------------------------------------

ACTIVITY_DECIDERS = frozenset({"ekonomisekreterare", "enhetschef"})


def activity_hours_record(
    *,
    case: Case,
    person: User,
    month: date,
    planned: Decimal | None,
    attended: Decimal | None,
    exemption: str,
    has_child_under_8: bool,
    note: str,
    by: User,
) -> ActivityHours:
    """Record an adult's planned and attended activity hours for a month in the plan (a new row;
    the latest counts). Planners only. Decides nothing."""
    if by.role not in PLANNERS:
        raise PlanningError("Bara den som planerar får registrera aktivitetstimmar.")
    if person.pk not in {case.applicant_id, case.partner_id}:
        raise PlanningError("Personen hör inte till ärendet.")
    for value in (planned, attended):
        if value is not None and (value < 0 or value > Decimal("744")):
            raise PlanningError("Timmarna ska vara mellan 0 och 744 för en månad.")
    with transaction.atomic():
        row = ActivityHours.objects.create(
            case_id=case.pk,
            person=person,
            month=month.replace(day=1),
            planned_hours=planned,
            attended_hours=attended,
            exemption=exemption,
            has_child_under_8=has_child_under_8,
            note=note.strip(),
            recorded_by=by,
        )
        _log(
            user=by,
            action=AccessAction.CHANGE,
            object_type="activity_hours",
            object_id=row.pk,
            case=case,
            reason="Aktivitetstimmar i planen",
        )
    return row


def activity_decision_prepare(*, case: Case, person: User, month: date, by: User) -> Any:
    """Prepare the case worker's decision for an adult who falls short: the facts, what to
    assess and the legal basis (provisional). Never a refusal or reduction by itself."""
    from .models import ActivityDecisionDraft

    if by.role not in ACTIVITY_DECIDERS:
        raise PlanningError("Bara den som beslutar om ekonomiskt bistånd kan förbereda beslutet.")
    rows = selectors.activity_rows(month=month, case_ids=[case.pk])
    row = next((r for r in rows if r["person"].pk == person.pk), None)
    if row is None or row["assessment"].status not in {"short", "no_plan"}:
        raise PlanningError("Personen har inte deltagit mindre än planerat den månaden.")
    result = row["assessment"]
    month_text = f"{month:%Y-%m}"
    if result.status == "short":
        facts = (
            f"{row['name']} hade {row['planned']} timmar aktivitet planerade för "
            f"{month_text} och deltog {row['attended']} timmar ({row['shortfall']} timmar "
            "mindre än planerat)."
        )
    else:
        facts = (
            f"{row['name']} omfattas av aktivitetskravet för {month_text} men har ingen "
            "planerad aktivitet."
        )
    text = "\n\n".join(
        [
            f"Förberett beslutsunderlag: aktivitetskrav {month_text}, ärende {case.number}.",
            facts,
            f"Försörjningsstöd {result.consecutive} månader i följd (kravet gäller efter "
            f"{result.qualifying_months}). Heltid: {row['weekly']} timmar per vecka "
            "(preliminärt), anpassat efter förmågan i planen.",
            "Att pröva innan beslut: Fanns det ett godtagbart skäl (sjukdom, vård av barn, "
            "arbete, annat)? Har personen fått uppgifterna och kunnat yttra sig (kommunicering, "
            "25 § förvaltningslagen)? Är aktiviteten anpassad efter förmågan?",
            "Utan godtagbart skäl ska fortsatt försörjningsstöd vägras eller sättas ned. Det "
            "beslutar handläggaren i beslutet om försörjningsstöd, med skäl och lagrum; den "
            "automatiserade beslutsfunktionen gör det aldrig.",
            f"Lagrum (preliminärt): {result.source}.",
        ]
    )
    with transaction.atomic():
        draft = ActivityDecisionDraft.objects.create(
            case_id=case.pk, person=person, month=month.replace(day=1), text=text, prepared_by=by
        )
        _log(
            user=by,
            action=AccessAction.CHANGE,
            object_type="activity_decision_draft",
            object_id=draft.pk,
            case=case,
            reason="Förberett beslut om aktivitetskrav",
        )
    return draft


def activity_overview_read_record(*, user: User, month: date, rows: int) -> None:
    """The overview names people of many cases: one access-log entry for the read."""
    access_log_record(
        user=user,
        action=AccessAction.READ,
        object_type="activity_overview",
        object_id=f"{month:%Y-%m}",
        reason=f"Aktivitetskrav {month:%Y-%m} ({rows} personer)",
    )
