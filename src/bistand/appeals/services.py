"""State changes in appeals: keyword-only, typed functions named <entity>_<action>.

- `appeal_submit`: the citizen's appeal reaches the nämnd (FL 43–44 §§). A late appeal is still
  received, flagged `late`, for the nämnd's rättidsprövning (FL 45 §).
- `appeal_check_timeliness`: rättidsprövning; too late → avvisas with a decision text.
- `appeal_change_decision`: omprövning (FL 39 §): a new decision, made by the named case worker,
  that supersedes the appealed one.
- `appeal_forward` / `appeal_record_court_outcome`: to förvaltningsrätten, and its outcome.

Each staff step is optimistic-locked (`version`), written as an `AppealStep` and to the access log.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from bistand.accounts.models import Role, User
from bistand.appeals import events as appeal_events
from bistand.applications import selectors as application_selectors
from bistand.audit.models import AccessAction
from bistand.audit.services import access_log_record
from bistand.cases import selectors as case_selectors
from bistand.cases import services as case_services
from bistand.casework import access as casework_access
from bistand.decisions import events as decision_events
from bistand.decisions import selectors as decision_selectors
from bistand.decisions.services import Post, decision_make

from .models import (
    Appeal,
    AppealStatus,
    AppealStep,
    ChangeInitiative,
    ChangeKind,
    CourtOutcome,
    DecisionChange,
    DisadvantageGround,
    LateException,
    ReviewOutcome,
    ReviewRequest,
    ReviewStatus,
    StepKind,
)

if TYPE_CHECKING:
    from bistand.decisions.models import Decision

OMPROVNING_DELEGATION = (
    "Omprövning enligt 39 § förvaltningslagen (2017:900), socialnämndens delegationsordning"
)


# Who may decide (the same as appeals.access.HANDLE_ROLES; not imported to avoid a cycle).
HANDLE_ROLES = frozenset({Role.EKONOMISEKRETERARE, Role.ENHETSCHEF})


class _Keep:
    """The new decision keeps the landlord line of the decision it replaces."""

    def __repr__(self) -> str:
        return "KEEP_RENT_LINE"


KEEP_RENT_LINE: Any = _Keep()


def _rent_line_for_new_decision(
    *, original: Decision, rent_to_landlord: Any, posts: list[Post]
) -> dict[str, str] | None:
    """The landlord line of a decision that replaces `original` (docs/adr/0212): the original's
    line unless the case worker changed or removed it; none when nothing is granted. A line
    larger than what is now granted is refused, so the citizen's part is never negative."""
    line = (
        (original.rent_to_landlord or None)
        if rent_to_landlord is KEEP_RENT_LINE
        else (rent_to_landlord or None)
    )
    if not line:
        return None
    granted = sum((p.granted for p in posts), Decimal("0.00"))
    if granted <= 0:
        return None
    if Decimal(str(line["amount"])) > granted:
        raise AppealError(
            f"Hyran till hyresvärden ({Decimal(str(line['amount'])):.2f} kr) är större än det "
            f"nya beviljade beloppet ({granted:.2f} kr). Ändra beloppet till hyresvärden eller "
            "ta bort att hyran betalas direkt."
        )
    return dict(line)


class AppealError(Exception):
    """The appeal is not in a state that allows this step (message in Swedish)."""


class StaleAppealError(Exception):
    """Someone else handled the appeal since it was read (optimistic locking)."""


class AlreadyAppealedError(Exception):
    """The decision already has an appeal that the nämnd has not finished handling."""


def appeal_deadline(*, received_on: date) -> date:
    """Three weeks from the day the decision was received (FL 44 §), moved to a working day."""
    return decision_selectors.appeal_last_day(received_on=received_on)


def _label(user: User) -> str:
    return user.display_name or user.username


def _log(*, by: User, appeal: Appeal, action: AccessAction, reason: str) -> None:
    case = appeal.case
    access_log_record(
        user=by,
        action=action,
        object_type="appeal",
        object_id=appeal.pk,
        reason=reason,
        case_number=case.number,
        subject=case.applicant.personnummer or "",
    )


def appeal_read_record(*, user: User, appeal: Appeal) -> None:
    """A staff member opened the appeal: written to the access log."""
    _log(by=user, appeal=appeal, action=AccessAction.READ, reason="Handläggning av överklagande")


def appeal_list_read_record(*, user: User, listing: str) -> None:
    access_log_record(
        user=user,
        action=AccessAction.READ,
        object_type="appeal_list",
        object_id=listing,
        reason="Lista över överklaganden",
    )


def appeal_submit(
    *,
    decision: Decision,
    by: User,
    wanted_change: str,
    reasons: str,
    now: datetime | None = None,
) -> Appeal:
    """Receive a citizen's appeal of `decision` (the caller has checked the household's access).

    Every appeal is received, also of a decision of only bistånd utöver (12 kap. 2 §), which
    socialtjänstlagen 35 kap. 1 § does not name: the nämnd only tries whether it came in on time
    and otherwise hands it to förvaltningsrätten (förvaltningslagen 45–46 §§), and the court
    decides whether it can be tried (ADR 0310)."""
    now = now or timezone.now()
    with transaction.atomic():
        case = case_selectors.case_by_id(case_id=decision.case_id)
        assert case is not None, "a decision always belongs to a case"
        if Appeal.objects.filter(
            decision=decision, status__in=[AppealStatus.RECEIVED, AppealStatus.IN_TIME]
        ).exists():
            raise AlreadyAppealedError(str(decision.pk))
        # The appeal period runs from the day the citizen got the decision (FL 44 §). One who
        # appeals a decision no channel has delivered yet has got it by now at the latest.
        received_on = decision_selectors.decision_received_on(
            decision=decision
        ) or timezone.localdate(now)
        deadline = appeal_deadline(received_on=received_on)
        appeal = Appeal.objects.create(
            case=case,
            decision=decision,
            decision_automated=decision.automated,
            submitted_by=by,
            received_at=now,
            decision_received_on=received_on,
            deadline=deadline,
            late=timezone.localdate(now) > deadline,
            wanted_change=wanted_change,
            reasons=reasons,
        )
        AppealStep.objects.create(appeal=appeal, kind=StepKind.RECEIVED, actor=by, actor_label="")
        case_services.event_record(
            case=case,
            kind=appeal_events.APPEAL_RECEIVED,
            actor=by,
            data={"appeal_id": appeal.pk, "decision_id": decision.pk, "late": appeal.late},
        )
    return appeal


def _locked(appeal: Appeal, version: int, allowed: tuple[str, ...]) -> Appeal:
    current = (
        Appeal.objects.select_for_update()
        .select_related("case", "case__applicant", "decision")
        .get(pk=appeal.pk)
    )
    if current.version != version:
        raise StaleAppealError(str(appeal.pk))
    if current.status not in allowed:
        raise AppealError("Överklagandet kan inte hanteras så i det här läget.")
    return current


def _save(appeal: Appeal, fields: dict[str, Any]) -> Appeal:
    for name, value in fields.items():
        setattr(appeal, name, value)
    appeal.version += 1
    appeal.save(update_fields=[*fields, "version"])
    return appeal


def appeal_check_timeliness(
    *,
    appeal: Appeal,
    version: int,
    by: User,
    in_time: bool,
    rejection_text: str = "",
    late_exception: str = "",
) -> Appeal:
    """Rättidsprövning (FL 45 §). Too late: avvisas, with the nämnd's decision text, unless
    an exception in 45 § andra stycket applies (`late_exception`): then the appeal is taken up
    and forwarded with that assessment recorded."""
    if not in_time and not rejection_text.strip():
        raise AppealError("Skriv beslutet om avvisning.")
    if late_exception and (not in_time or late_exception not in LateException.values):
        raise AppealError("Välj om överklagandet tas upp eller avvisas.")
    with transaction.atomic():
        current = _locked(appeal, version, (AppealStatus.RECEIVED,))
        if late_exception and not current.late:
            raise AppealError("Överklagandet kom in i tid; 45 § behöver inte prövas.")
        now = timezone.now()
        fields: dict[str, Any] = {
            "late_exception": late_exception,
            "in_time": in_time,
            "timeliness_checked_at": now,
            "timeliness_checked_by": by,
            "status": AppealStatus.IN_TIME if in_time else AppealStatus.REJECTED_LATE,
        }
        if not in_time:
            fields |= {"rejection_text": rejection_text.strip(), "closed_at": now}
        _save(current, fields)
        AppealStep.objects.create(
            appeal=current,
            kind=StepKind.IN_TIME if in_time else StepKind.REJECTED_LATE,
            actor=by,
            actor_label=_label(by),
            note=str(LateException(late_exception).label)
            if late_exception
            else ("" if in_time else current.rejection_text),
        )
        _log(
            by=by,
            appeal=current,
            action=AccessAction.DECIDE,
            reason="Rättidsprövning av överklagande",
        )
    return current


def appeal_change_decision(
    *,
    appeal: Appeal,
    version: int,
    by: User,
    posts: list[Post],
    motivering: str,
    rent_to_landlord: Any = KEEP_RENT_LINE,
) -> Appeal:
    """Omprövning (FL 39 §): a new decision by the named case worker supersedes the appealed
    one. Only after the appeal was found to be in time, and only as 38 § allows: never to the
    party's disadvantage, so no post may be lowered; a post may be raised above what the
    appealed decision recorded as applied for (the applied amount then follows the new one).
    The rent paid straight to the landlord is carried into the new decision unless
    `rent_to_landlord` changes it (a dict) or removes it (None) (docs/adr/0212)."""
    if not motivering.strip():
        raise AppealError("Skriv motiveringen till det ändrade beslutet.")
    with transaction.atomic():
        current = _locked(appeal, version, (AppealStatus.IN_TIME,))
        original = current.decision
        if decision_selectors.decision_is_superseded(decision=original):
            raise AppealError("Beslutet har redan ändrats. Öppna det nya beslutet.")
        before = {p["post"]: Decimal(p["granted"]) for p in original.posts}
        if any(p.granted < before.get(p.post, Decimal("0")) for p in posts):
            raise AppealError(
                "Vid omprövning efter ett överklagande får beslutet inte ändras till nackdel "
                "för den enskilde (38–39 §§ förvaltningslagen)."
            )
        posts = [
            p if p.granted <= p.applied else dataclasses.replace(p, applied=p.granted)
            for p in posts
        ]
        application = application_selectors.application_by_id(
            application_id=original.application_id
        )
        rent_line = _rent_line_for_new_decision(
            original=original, rent_to_landlord=rent_to_landlord, posts=posts
        )
        new_decision = decision_make(
            application=application,
            calculation=original.calculation,
            posts=posts,
            rent_to_landlord=rent_line,
            motivering={
                "text": motivering.strip(),
                "omprovning": True,
                "appeal_id": current.pk,
                "supersedes_decision_id": original.pk,
            },
            decided_by=by,
            delegation_reference=OMPROVNING_DELEGATION,
            supersedes=original,
        )
        _save(
            current,
            {
                "new_decision": new_decision,
                "status": AppealStatus.CHANGED,
                "closed_at": timezone.now(),
            },
        )
        AppealStep.objects.create(
            appeal=current,
            kind=StepKind.CHANGED,
            actor=by,
            actor_label=_label(by),
            note=motivering.strip(),
        )
        _journal(
            by=by,
            application=application,
            text=(
                "Omprövning efter överklagande (39 § förvaltningslagen): beslutet den "
                f"{timezone.localtime(original.decided_at):%Y-%m-%d} ersatt av ett nytt beslut "
                f"({new_decision.amount:.2f} kr). {motivering.strip()}"
            ),
        )
        _log(by=by, appeal=current, action=AccessAction.DECIDE, reason="Omprövning av beslut")
    return current


def _journal(*, by: User, application: Any, text: str) -> None:
    """Every decision a person makes here is written to the case's journal, in their name."""
    from bistand.casework import services as casework_services

    if casework_access.can_write_journal(by):
        casework_services.journal_entry_add(author=by, application=application, text=text)


def appeal_forward(*, appeal: Appeal, version: int, by: User, forwarded_on: date) -> Appeal:
    """The nämnd sends the appeal to förvaltningsrätten (also after a partial change)."""
    if forwarded_on > timezone.localdate():
        raise AppealError("Datumet kan inte vara i framtiden.")
    with transaction.atomic():
        current = _locked(appeal, version, (AppealStatus.IN_TIME, AppealStatus.CHANGED))
        if forwarded_on < timezone.localdate(current.received_at):
            raise AppealError("Datumet kan inte vara före den dag överklagandet kom in.")
        _save(
            current,
            {"forwarded_on": forwarded_on, "status": AppealStatus.FORWARDED, "closed_at": None},
        )
        AppealStep.objects.create(
            appeal=current,
            kind=StepKind.FORWARDED,
            actor=by,
            actor_label=_label(by),
            note=f"{forwarded_on:%Y-%m-%d}"
            + (
                f" med rättidsprövningen: {LateException(current.late_exception).label}"
                if current.late_exception
                else ""
            ),
        )
        _log(
            by=by,
            appeal=current,
            action=AccessAction.CHANGE,
            reason="Överklagande överlämnat till förvaltningsrätten",
        )
    return current


def appeal_record_court_outcome(
    *, appeal: Appeal, version: int, by: User, outcome: CourtOutcome, decided_on: date
) -> Appeal:
    if decided_on > timezone.localdate():
        raise AppealError("Datumet kan inte vara i framtiden.")
    with transaction.atomic():
        current = _locked(appeal, version, (AppealStatus.FORWARDED,))
        if current.forwarded_on and decided_on < current.forwarded_on:
            raise AppealError("Domstolen kan inte ha avgjort målet innan det överlämnades.")
        _save(
            current,
            {
                "court_outcome": outcome,
                "court_decided_on": decided_on,
                "status": AppealStatus.COURT_DECIDED,
                "closed_at": timezone.now(),
            },
        )
        AppealStep.objects.create(
            appeal=current,
            kind=StepKind.COURT_DECIDED,
            actor=by,
            actor_label=_label(by),
            note=f"{CourtOutcome(outcome).label} ({decided_on:%Y-%m-%d})",
        )
        _log(
            by=by,
            appeal=current,
            action=AccessAction.CHANGE,
            reason="Förvaltningsrättens avgörande registrerat",
        )
    return current


# --- Rättelse and ändring outside an appeal (FL 36–38 §§) ---------------------------------------

CHANGE_DELEGATION = {
    ChangeKind.RATTELSE: "Rättelse enligt 36 § förvaltningslagen (2017:900)",
    ChangeKind.ANDRING: "Ändring enligt 37–38 §§ förvaltningslagen (2017:900)",
}
CHANGE_LAW = {
    ChangeKind.RATTELSE: "36 § förvaltningslagen (2017:900)",
    ChangeKind.ANDRING: "37–38 §§ förvaltningslagen (2017:900)",
}


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))


def decision_change(
    *,
    decision: Decision,
    by: User,
    kind: ChangeKind,
    initiative: ChangeInitiative,
    posts: list[Post],
    motivering: str,
    disadvantage_ground: str = "",
    review: ReviewRequest | None = None,
    rent_to_landlord: Any = KEEP_RENT_LINE,
) -> DecisionChange:
    """Rättelse (36 §) or ändring (37–38 §§) of a decision outside an appeal, by a named case
    worker: a new decision with its own letter supersedes `decision`, and a journal entry says
    why. A change in the citizen's favour is always possible; one that lowers any post only on
    a ground in 37 § andra stycket. A decision under appeal is changed in the appeal
    (omprövning, 39 §); once the appeal has gone to förvaltningsrätten, not at all. The rent
    paid straight to the landlord is carried into the new decision unless `rent_to_landlord`
    changes it (a dict) or removes it (None) (docs/adr/0212)."""
    from bistand.casework import services as casework_services

    motivering = motivering.strip()
    if not motivering:
        raise AppealError("Skriv motiveringen till det nya beslutet.")
    if by.role not in HANDLE_ROLES:
        raise AppealError("Du får inte fatta beslut.")
    with transaction.atomic():
        original = decision_selectors.decision_for_update(decision_id=decision.pk)
        if decision_selectors.decision_is_superseded(decision=original):
            raise AppealError("Beslutet har redan ersatts av ett senare beslut. Öppna det.")
        appeals = set(Appeal.objects.filter(decision=original).values_list("status", flat=True))
        if appeals & {AppealStatus.RECEIVED, AppealStatus.IN_TIME}:
            raise AppealError(
                "Beslutet är överklagat. Ändra det genom omprövning i överklagandet (39 § "
                "förvaltningslagen)."
            )
        if appeals & {AppealStatus.FORWARDED, AppealStatus.COURT_DECIDED}:
            raise AppealError(
                "Överklagandet har lämnats till förvaltningsrätten. Nämnden kan inte längre "
                "ändra beslutet (39 § förvaltningslagen)."
            )
        before = {p["post"]: Decimal(p["granted"]) for p in original.posts}
        if all(p.granted == before.get(p.post) for p in posts):
            raise AppealError("Inget belopp har ändrats. Ändra minst ett belopp.")
        lowered = any(p.granted < before.get(p.post, Decimal("0")) for p in posts)
        if lowered and disadvantage_ground not in DisadvantageGround.values:
            raise AppealError(
                "Ett beslut får ändras till nackdel för den enskilde bara av skäl som anges i "
                "37 § andra stycket förvaltningslagen. Välj skälet."
            )
        if not lowered:
            disadvantage_ground = ""
        posts = [
            p if p.granted <= p.applied else dataclasses.replace(p, applied=p.granted)
            for p in posts
        ]
        application = application_selectors.application_by_id(
            application_id=original.application_id
        )
        rent_line = _rent_line_for_new_decision(
            original=original, rent_to_landlord=rent_to_landlord, posts=posts
        )
        local = timezone.localtime(original.decided_at)
        paragraphs = [
            f"Det här beslutet ersätter beslutet den {local:%Y-%m-%d} "
            f"({ChangeKind(kind).label.lower()}).",
            motivering,
        ]
        if disadvantage_ground:
            paragraphs.append(
                "Beslutet ändras till din nackdel eftersom: "
                f"{DisadvantageGround(disadvantage_ground).label}."
            )
        new_decision = decision_make(
            application=application,
            calculation=original.calculation,
            posts=posts,
            rent_to_landlord=rent_line,
            motivering={
                "text": motivering,
                "paragraphs": paragraphs,
                "legal_sources": _unique(
                    [*(p.legal_source for p in posts), CHANGE_LAW[ChangeKind(kind)]]
                ),
                "change": str(kind),
                "initiative": str(initiative),
                "disadvantage_ground": disadvantage_ground,
                "supersedes_decision_id": original.pk,
            },
            decided_by=by,
            delegation_reference=CHANGE_DELEGATION[ChangeKind(kind)],
            supersedes=original,
        )
        change = DecisionChange.objects.create(
            case_id=original.case_id,
            original=original,
            new_decision=new_decision,
            kind=kind,
            initiative=initiative,
            disadvantage_ground=disadvantage_ground,
            motivering=motivering,
            made_by=by,
            review=review,
        )
        if casework_access.can_write_journal(by):
            casework_services.journal_entry_add(
                author=by,
                application=application,
                text=(
                    f"{ChangeKind(kind).label}, {ChangeInitiative(initiative).label.lower()}: "
                    f"beslutet den {local:%Y-%m-%d} ersatt av ett nytt beslut "
                    f"({new_decision.amount:.2f} kr). {motivering}"
                ),
            )
        case = application.case
        access_log_record(
            user=by,
            action=AccessAction.DECIDE,
            object_type="decision",
            object_id=new_decision.pk,
            reason=str(ChangeKind(kind).label),
            case_number=case.number,
            subject=case.applicant.personnummer or "",
        )
    return change


# --- Human review of an automated decision (GDPR art. 22(3)) ------------------------------------


class AlreadyRequestedError(Exception):
    """The decision already has a review request that no case worker has decided."""


def review_request_submit(
    *, decision: Decision, by: User, reason: str, now: datetime | None = None
) -> ReviewRequest:
    """The citizen asks that a person review an automated decision; the request goes to the
    shared queue with the reason (the caller has checked the household's access)."""
    if not decision.automated:
        raise AppealError("Beslutet är redan fattat av en handläggare.")
    now = now or timezone.now()
    with transaction.atomic():
        decision_selectors.decision_for_update(decision_id=decision.pk)
        if ReviewRequest.objects.filter(decision=decision, status=ReviewStatus.OPEN).exists():
            raise AlreadyRequestedError(str(decision.pk))
        review = ReviewRequest.objects.create(
            case_id=decision.case_id,
            decision=decision,
            requested_by=by,
            requested_at=now,
            reason=reason.strip(),
        )
        case = case_selectors.case_by_id(case_id=decision.case_id)
        assert case is not None
        case_services.event_record(
            case=case,
            kind=decision_events.ROUTED_TO_QUEUE,
            actor=by,
            data={"review_request_id": review.pk, "decision_id": decision.pk},
        )
    return review


def review_decide(
    *,
    review: ReviewRequest,
    version: int,
    by: User,
    outcome: ReviewOutcome,
    note: str,
    posts: list[Post] | None = None,
    disadvantage_ground: str = "",
) -> ReviewRequest:
    """A named case worker reviews the automated decision: it stands (with the reasons in
    `note`) or it is changed (a new decision, `decision_change` with initiative `review`)."""
    note = note.strip()
    if not note:
        raise AppealError("Skriv vad du kom fram till och varför.")
    if by.role not in HANDLE_ROLES:
        raise AppealError("Du får inte fatta beslut.")
    with transaction.atomic():
        current = ReviewRequest.objects.select_for_update().get(pk=review.pk)
        if current.version != version:
            raise StaleAppealError(str(review.pk))
        if current.status != ReviewStatus.OPEN:
            raise AppealError("Begäran är redan prövad.")
        if outcome == ReviewOutcome.CHANGED:
            decision_change(
                decision=current.decision,
                by=by,
                kind=ChangeKind.ANDRING,
                initiative=ChangeInitiative.REVIEW,
                posts=posts or [],
                motivering=note,
                disadvantage_ground=disadvantage_ground,
                review=current,
            )
        if outcome != ReviewOutcome.CHANGED:
            # A change journals itself (decision_change); the decision that stands does here.
            application = application_selectors.application_by_id(
                application_id=current.decision.application_id
            )
            _journal(
                by=by,
                application=application,
                text=f"Prövning av automatiskt beslut: beslutet står fast. {note}",
            )
        current.status = ReviewStatus.DECIDED
        current.outcome = outcome
        current.note = note
        current.decided_at = timezone.now()
        current.decided_by = by
        current.version += 1
        current.save()
        case = case_selectors.case_by_id(case_id=current.case_id)
        assert case is not None
        access_log_record(
            user=by,
            action=AccessAction.DECIDE,
            object_type="review_request",
            object_id=current.pk,
            reason="Prövning av automatiskt beslut",
            case_number=case.number,
            subject=case.applicant.personnummer or "",
        )
    return current
