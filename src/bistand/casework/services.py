"""State changes in casework: keyword-only, typed functions named <entity>_<action>.

Side effects (jobs, notifications) are scheduled with transaction.on_commit.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bistand.accounts import services as account_services
from bistand.accounts.models import User
from bistand.applications import selectors as application_selectors
from bistand.applications import services as application_services
from bistand.applications.models import ApplicationStatus
from bistand.audit.models import AccessAction
from bistand.audit.services import access_log_record
from bistand.cases import services as case_services
from bistand.casework import events as casework_events
from bistand.core.delegation import (
    BISTAND,
    NODPROVNING,
    UTOVER,
    NotDelegatedError,
    OutsideDelegationError,
    delegation_authorise,
    delegation_reference,
)
from bistand.core.emergency import MEANS_LABELS as MEANS_LABELS_SV
from bistand.core.format import date_long, kronor, month_label
from bistand.decisions import pipeline as decision_pipeline
from bistand.decisions import selectors as decision_selectors
from bistand.decisions import services as decision_services
from bistand.decisions.legal import legal_basis
from bistand.registers import services as register_services

from . import access, selectors
from .corrections import Correction, apply_corrections
from .models import (
    Claim,
    ClaimAction,
    ClaimLogEntry,
    CompletionRequest,
    Escalation,
    JournalEntry,
    Kommunicering,
)

if TYPE_CHECKING:
    from bistand.applications.models import Application
    from bistand.decisions.models import Calculation, Decision, EmergencyDecision

logger = logging.getLogger(__name__)

PURPOSE_CASEWORK = "Handläggning av ansökan om ekonomiskt bistånd"
# A read without the need-to-know, with the reason the person gave (ADR 0086).
PURPOSE_BREAK_GLASS = "Nödåtkomst"
# Posts and motiveringar cite the law of the month decided (bistand.decisions.legal).


class CaseworkError(Exception):
    """A case-work action that is refused; `message` is Swedish, for the case worker."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ClaimedByOtherError(CaseworkError):
    pass


class DecisionConflictError(CaseworkError):
    """Someone else decided or changed the application first (optimistic locking)."""


# --- Access log ----------------------------------------------------------------------------------


def case_read_record(
    *, user: User, application: Application, purpose: str = PURPOSE_CASEWORK, what: str = ""
) -> None:
    """Every staff read of a case: who, what, when (the entry's time) and why."""
    access_log_record(
        user=user,
        action=AccessAction.READ,
        object_type=what or "application",
        object_id=application.pk,
        reason=purpose,
        case_number=application.case.number,
        subject=application.case.applicant.personnummer or "",
    )


def queue_read_record(*, user: User) -> None:
    """The queue lists case numbers and routing reasons: a read, logged as such."""
    access_log_record(
        user=user,
        action=AccessAction.READ,
        object_type="queue",
        object_id="inkomna-ansokningar",
        reason="Fördelning av inkomna ansökningar",
    )


def _change_record(*, user: User, application: Application, what: str, reason: str) -> None:
    access_log_record(
        user=user,
        action=AccessAction.CHANGE,
        object_type=what,
        object_id=application.pk,
        reason=reason,
        case_number=application.case.number,
        subject=application.case.applicant.personnummer or "",
    )


# --- Claim and release ---------------------------------------------------------------------------


def claim_take(*, user: User, application: Application) -> Claim:
    """Take an application from the shared queue. Refused if somebody else has it."""
    if not access.can_claim(user):
        raise CaseworkError(_("Du får inte ta ärenden ur kön."))
    if application.status != ApplicationStatus.IN_QUEUE:
        raise CaseworkError(_("Ansökan finns inte längre i kön."))
    try:
        with transaction.atomic():
            claim, created = Claim.objects.get_or_create(
                application_id=application.pk,
                defaults={"case_id": application.case_id, "claimed_by": user},
            )
    except IntegrityError:
        claim = Claim.objects.get(application_id=application.pk)
        created = False
    if claim.claimed_by_id != user.pk:
        raise ClaimedByOtherError(_("En annan handläggare har redan tagit ärendet."))
    if created:
        ClaimLogEntry.objects.create(
            application_id=application.pk, action=ClaimAction.CLAIMED, by=user
        )
        case_services.case_set_contact(case_id=application.case_id, contact=user)
        _change_record(
            user=user, application=application, what="claim", reason="Tog ärendet ur kön"
        )
    return claim


def claim_release(*, user: User, application: Application) -> None:
    claim = selectors.claim_for(application_id=application.pk)
    if claim is None:
        return
    if application.status != ApplicationStatus.IN_QUEUE:
        raise CaseworkError(_("Ansökan är redan avgjord och kan inte lämnas tillbaka till kön."))
    if not access.can_release(user, claim.claimed_by_id):
        raise ClaimedByOtherError(_("Du kan bara lämna tillbaka ärenden som du själv har tagit."))
    with transaction.atomic():
        Claim.objects.filter(pk=claim.pk).delete()
        ClaimLogEntry.objects.create(
            application_id=application.pk, action=ClaimAction.RELEASED, by=user
        )
        # Back in the shared queue: the unit is the household's contact again.
        case_services.case_set_contact(case_id=application.case_id, contact=None)
        _change_record(
            user=user, application=application, what="claim", reason="Lämnade tillbaka ärendet"
        )


def claim_assign(*, user: User, application: Application, to: User) -> Claim:
    """The enhetschef gives an application to a case worker, or moves it from one to another.
    The earlier holder's claim ends (logged as released by the enhetschef); the new holder's
    claim is logged as assigned."""
    if not access.can_assign(user):
        raise CaseworkError(_("Bara enhetschefen får fördela ärenden."))
    if not access.can_claim(to) or not to.is_active:
        raise CaseworkError(_("Den du valde kan inte ta ärenden."))
    if application.status != ApplicationStatus.IN_QUEUE:
        raise CaseworkError(_("Ansökan finns inte längre i kön."))
    with transaction.atomic():
        current = Claim.objects.select_for_update().filter(application_id=application.pk).first()
        if current is not None and current.claimed_by_id == to.pk:
            return current
        if current is not None:
            current.delete()
            ClaimLogEntry.objects.create(
                application_id=application.pk, action=ClaimAction.RELEASED, by=user
            )
        claim = Claim.objects.create(
            application_id=application.pk, case_id=application.case_id, claimed_by=to
        )
        ClaimLogEntry.objects.create(
            application_id=application.pk, action=ClaimAction.ASSIGNED, by=to
        )
        case_services.case_set_contact(case_id=application.case_id, contact=to)
        _change_record(
            user=user,
            application=application,
            what="claim",
            reason="Fördelade ärendet till en handläggare"
            if current is None
            else "Flyttade ärendet till en annan handläggare",
        )
    return claim


def queue_take_next(*, user: User, now: datetime | None = None) -> Application | None:
    """ "Nästa ärende": claim the unclaimed application that is due first. Two workers asking at
    once get different applications (the claim is unique per application)."""
    for application_id in selectors.next_unclaimed_application_ids(now=now):
        application = application_selectors.application_by_id(application_id=application_id)
        try:
            claim_take(user=user, application=application)
        except CaseworkError:
            continue
        return application
    return None


# --- Overdue sweep -------------------------------------------------------------------------------


def queue_escalate_overdue(*, now: datetime | None = None) -> int:
    """Escalate every application in the queue past its SLA due time to the enhetschef (once)."""
    count = 0
    for row in selectors.overdue_unescalated(now=now):
        assert row.application_id is not None and row.due_at is not None
        application = application_selectors.application_by_id(application_id=row.application_id)
        with transaction.atomic():
            _, created = Escalation.objects.get_or_create(
                application_id=row.application_id,
                defaults={
                    "case_id": application.case_id,
                    "case_number": row.case_number,
                    "due_at": row.due_at,
                },
            )
        if created:
            count += 1
            logger.info("application escalated to enhetschef id=%s", row.application_id)
    return count


# --- Journal -------------------------------------------------------------------------------------


def journal_entry_add(
    *,
    author: User,
    application: Application,
    text: str,
    amends: JournalEntry | None = None,
) -> JournalEntry:
    """Write to the case's journal. Entries are never edited: a correction is a new entry that
    amends the earlier one."""
    if not access.can_write_journal(author):
        raise CaseworkError(_("Du får inte skriva i journalen."))
    text = text.strip()
    if not text:
        raise CaseworkError(_("Skriv en anteckning."))
    if amends is not None and amends.case_id != application.case_id:
        raise CaseworkError(_("Anteckningen du vill komplettera finns inte i det här ärendet."))
    with transaction.atomic():
        entry = JournalEntry.objects.create(
            case_id=application.case_id,
            application_id=application.pk,
            author=author,
            author_label=author.display_name or author.username,
            text=text,
            amends=amends,
        )
        _change_record(
            user=author,
            application=application,
            what="journal",
            reason="Ny journalanteckning" if amends is None else "Tillägg till journalanteckning",
        )
    return entry


# --- Completion ----------------------------------------------------------------------------------


def completion_request(
    *, user: User, application: Application, text: str, due_date: date
) -> CompletionRequest:
    """Ask the citizen for more information by a date; shown on Min sida."""
    if not access.can_request_completion(user, status=application.status):
        raise CaseworkError(_("Du kan inte begära komplettering av den här ansökan."))
    if due_date <= timezone.localdate():
        raise CaseworkError(_("Sista dagen måste vara efter i dag."))
    with transaction.atomic():
        request = CompletionRequest.objects.create(
            application_id=application.pk,
            case_id=application.case_id,
            text=text.strip(),
            due_date=due_date,
            requested_by=user,
        )
        case_services.event_record(
            case=application.case,
            application=application,
            kind=casework_events.COMPLETION_REQUESTED,
            actor=user,
            data={"due_date": f"{due_date:%Y-%m-%d}", "completion_request_id": request.pk},
        )
        _change_record(
            user=user, application=application, what="completion", reason="Begärde komplettering"
        )
    return request


# --- Kommunicering (FL 25 §) ---------------------------------------------------------------------


def kommunicering_send(
    *, user: User, application: Application, material: str, reply_by: date
) -> Kommunicering:
    """Tell the applicant the material a coming decision rests on and give her until
    `reply_by` to reply (FL 25 §); shown on Min sida. The decision waits (see
    `kommunicering_blocks`)."""
    if not access.can_request_completion(user, status=application.status):
        raise CaseworkError(_("Du kan inte kommunicera i den här ansökan."))
    if not material.strip():
        raise CaseworkError(_("Skriv vilka uppgifter den sökande ska få yttra sig över."))
    if reply_by <= timezone.localdate():
        raise CaseworkError(_("Sista dagen för svar måste vara efter i dag."))
    with transaction.atomic():
        item = Kommunicering.objects.create(
            case_id=application.case_id,
            application_id=application.pk,
            material=material.strip(),
            sent_by=user,
            reply_by=reply_by,
        )
        case_services.event_record(
            case=application.case,
            application=application,
            kind=casework_events.KOMMUNICERING_SENT,
            actor=user,
            data={"kommunicering_id": item.pk, "reply_by": f"{reply_by:%Y-%m-%d}"},
        )
        _change_record(
            user=user, application=application, what="kommunicering", reason="Kommunicering"
        )
    return item


def kommunicering_reply(*, user: User, item: Kommunicering, text: str) -> Kommunicering:
    """The applicant (or her partner) replies; once. The caller has checked the household."""
    if not text.strip():
        raise CaseworkError(_("Skriv ditt svar."))
    with transaction.atomic():
        current = Kommunicering.objects.select_for_update().get(pk=item.pk)
        if current.replied_at is not None:
            raise CaseworkError(_("Du har redan svarat."))
        current.reply_text = text.strip()
        current.replied_at = timezone.now()
        current.replied_by = user
        current.save(update_fields=["reply_text", "replied_at", "replied_by"])
        application = application_selectors.application_by_id(application_id=current.application_id)
        case_services.event_record(
            case=application.case,
            application=application,
            kind=casework_events.KOMMUNICERING_REPLIED,
            actor=user,
            data={"kommunicering_id": current.pk},
        )
    return current


def kommunicering_blocks(*, application_id: int, unseen_material: bool) -> str:
    """Why an adverse decision must wait (FL 25 §), or "": a kommunicering without a reply
    whose period has not ended; or material the applicant has not seen and no kommunicering."""
    items = list(Kommunicering.objects.filter(application_id=application_id))
    today = timezone.localdate()
    waiting = [i for i in items if i.replied_at is None and i.reply_by >= today]
    if waiting:
        return _(
            "Beslutet väntar på den sökandes svar på kommuniceringen, senast %(date)s "
            "(25 § förvaltningslagen)."
        ) % {"date": f"{max(i.reply_by for i in waiting):%Y-%m-%d}"}
    if unseen_material and not items:
        return _(
            "Beslutet går den sökande emot och grundar sig på uppgifter som hen inte har sett. "
            "Kommunicera uppgifterna först (25 § förvaltningslagen)."
        )
    return ""


# --- Manual decision -----------------------------------------------------------------------------


@dataclass(frozen=True)
class NeedAssessment:
    need: str  # the other_needs id ("n1")
    granted: bool
    amount: Decimal
    reason: str
    # Decided as bistånd utöver (SoL 2025:400 12 kap. 2 §), not under the right (12 kap. 1 §):
    # the same amount, another lagrum, and only laglighetsprövning (ADR 0310).
    utover: bool = False


@dataclass(frozen=True)
class Assessment:
    """What the case worker decided per post, before the rules engine recalculates."""

    norm_adjustment: Decimal = Decimal("0")  # signed: + raises, − lowers
    norm_reason: str = ""
    rent_choice: str = "guideline"  # "guideline" | "cap" | "radrum"
    rent_cap: Decimal | None = None
    rent_reason: str = ""
    radrum_until: date | None = None
    needs: tuple[NeedAssessment, ...] = field(default_factory=tuple)
    motivering: str = ""
    # The decision rests on material the applicant has not seen (e.g. register data): an
    # adverse decision then needs kommunicering first (FL 25 §).
    unseen_material: bool = False
    # Granted as förskott etc., to be paid back (SoL 2025:400 33 kap. 2 §): "" for none.
    repayment_condition: str = ""
    repayment_detail: str = ""
    # Corrected incomes, costs and household members, each with its reason (applied to the
    # rules input before the rest of the assessment).
    corrections: tuple[Correction, ...] = ()

    def rent_summary(self) -> str:
        """The rent assessment in the letter's words ("" when the guideline applies)."""
        cap = f"{kronor(self.rent_cap)} per månad" if self.rent_cap is not None else ""
        reason = self.rent_reason.strip()
        because = f" Skäl: {reason}" if reason else ""
        if self.rent_choice == "cap" and cap:
            return (
                f"Hyran räknas med högst {cap}, enligt vår bedömning av vad som är skäligt."
                f"{because}"
            )
        if self.rent_choice == "radrum" and self.radrum_until is not None:
            after = cap or "kommunens riktlinje för hyran"
            return (
                f"Du får hela hyran till och med {date_long(self.radrum_until)} (rådrum) för att "
                f"hinna ordna ett billigare boende. Därefter räknas hyran med högst {after}."
                f"{because}"
            )
        return ""


def manual_rules_input(base: dict[str, Any], assessment: Assessment) -> dict[str, Any]:
    """The robot's rules input with the case worker's assessment applied."""
    rules_input = {
        key: value
        for key, value in apply_corrections(base, list(assessment.corrections)).items()
        if key not in {"norm_adjustments", "assessed_needs"}
    }
    costs = dict(rules_input.get("costs", {}))
    for key in ("rent_radrum_until", "rent_assessed_max", "rent_assessed_reason"):
        costs.pop(key, None)
    if assessment.rent_choice in ("cap", "radrum") and assessment.rent_cap is not None:
        # The case worker's highest skälig rent replaces the guideline's, above or below it
        # (bistand.rules.law.skaliga_kostnader.assessed_rent); after a rådrum it follows.
        costs["rent_assessed_max"] = f"{assessment.rent_cap:.2f}"
        costs["rent_assessed_reason"] = assessment.rent_reason.strip() or "Bedömd skälig hyra."
    if assessment.rent_choice == "radrum" and assessment.radrum_until is not None:
        costs["rent_radrum_until"] = f"{assessment.radrum_until:%Y-%m-%d}"
    rules_input["costs"] = costs
    if assessment.norm_adjustment:
        rules_input["norm_adjustments"] = [
            {"amount": f"{assessment.norm_adjustment:.2f}", "reason": assessment.norm_reason}
        ]
    if assessment.needs:
        rules_input["assessed_needs"] = [
            {
                "need": n.need,
                "decision": "granted" if n.granted else "denied",
                "amount": f"{(n.amount if n.granted else Decimal('0')):.2f}",
                "reason": n.reason,
            }
            # Bistånd utöver (12 kap. 2 §): the rules cite it on the need and the result.
            | ({"basis": "utover"} if n.utover else {})
            for n in assessment.needs
        ]
    return rules_input


def base_rules_input(application: Application) -> dict[str, Any]:
    """What the case worker starts from: the robot's calculation input when there is one,
    otherwise the input the automated function would have built (municipality, months on
    assistance, jobbstimulans period, normöverskott), so that by hand and by robot the same
    household gives the same amount."""
    calculation = decision_selectors.triage_calculation(application_id=application.pk)
    if calculation is not None:
        return dict(calculation.input)
    return decision_pipeline.robot_rules_input(application)[0]


def decision_calculate(*, application: Application, assessment: Assessment) -> Calculation:
    """Recalculate with the rules engine (raises bistand.rules.InputError on bad input)."""
    calculation = decision_selectors.triage_calculation(application_id=application.pk)
    base = base_rules_input(application)
    snapshot = dict(calculation.register_snapshot) if calculation is not None else {}
    return decision_services.calculation_create(
        application=application,
        rules_input=manual_rules_input(base, assessment),
        register_snapshot=snapshot,
    )


def decision_posts(
    *,
    output: dict[str, Any],
    robot_amount: Decimal | None,
    needs: list[dict[str, str]],
    assessment: Assessment,
) -> list[decision_services.Post]:
    """One post for försörjningsstöd and one per assessed livsföring-i-övrigt need. The posts
    add up to the calculated amount."""
    basis = legal_basis(_output_month(output))
    amount = Decimal(str(output.get("amount", "0")))
    needs_granted = Decimal(str(output.get("livsforing_i_ovrigt_granted", "0")))
    fs_granted = max(Decimal("0.00"), amount - needs_granted)
    remaining = amount - fs_granted
    applied_fs = max(robot_amount if robot_amount is not None else fs_granted, fs_granted)
    reason_fs = "Beräknat enligt riksnormen och dina skäliga kostnader, minus dina inkomster."
    if assessment.norm_adjustment:
        reason_fs += f" Normen är {'höjd' if assessment.norm_adjustment > 0 else 'sänkt'}: "
        reason_fs += assessment.norm_reason
    if assessment.rent_choice != "guideline":
        reason_fs += " " + assessment.rent_summary()
    if assessment.corrections:
        reason_fs += " Uppgifterna i ansökan är rättade: " + " ".join(
            c.sentence() for c in assessment.corrections
        )
    posts = [
        decision_services.Post(
            post="forsorjningsstod",
            label="Försörjningsstöd",
            applied=applied_fs.quantize(Decimal("0.01")),
            granted=fs_granted.quantize(Decimal("0.01")),
            reason=reason_fs.strip(),
            legal_source=basis.forsorjningsstod,
            # Eligible, but the incomes cover this month's need: worded apart from "not
            # eligible" in the letter (issue 12 item 6).
            basis=decision_services.INCOME_COVERS_NEED
            if fs_granted <= 0 and Decimal(str(output.get("income_counted", "0"))) > 0
            else "",
        )
    ]
    labels = {n["id"]: n for n in needs}
    for need in assessment.needs:
        info = labels.get(need.need, {"label": "Behov", "amount": "0"})
        granted = min(need.amount, remaining) if need.granted else Decimal("0")
        remaining -= granted
        posts.append(
            decision_services.Post(
                post=f"{'utover' if need.utover else 'livsforing'}_{need.need}",
                label=info["label"],
                applied=Decimal(str(info["amount"])).quantize(Decimal("0.01")),
                granted=granted.quantize(Decimal("0.01")),
                reason=need.reason,
                legal_source=basis.utover if need.utover else basis.ovrigt,
                basis=decision_services.UTOVER if need.utover else "",
            )
        )
    return posts


def _output_month(output: dict[str, Any]) -> date:
    """The month a calculation output is for ("2026-01" → 2026-01-01)."""
    text = str(output.get("month", ""))
    try:
        return date(int(text[:4]), int(text[5:7]), 1)
    except ValueError:
        return timezone.localdate().replace(day=1)


def decision_make_manual(
    *,
    user: User,
    application: Application,
    version: int,
    assessment: Assessment,
    rent_to_landlord: dict[str, str] | None = None,
) -> Decision:
    """The case worker's decision, through the same rules engine, record, letter and payment
    pipeline as the robot, with the case worker named and the role's delegation.

    `rent_to_landlord` (payments.forms.RentToLandlordForm): the part of the amount the decision
    says is paid straight to the landlord, as its own payment line (docs/adr/0175).

    Two workers cannot both decide: the application version is checked and bumped in the same
    transaction (optimistic locking), and the database allows one original decision per
    application. The loser gets DecisionConflictError with a Swedish message.
    """
    claim = selectors.claim_for(application_id=application.pk)
    if not access.can_decide(
        user, status=application.status, claimed_by_id=claim.claimed_by_id if claim else None
    ):
        if application.status == ApplicationStatus.DECIDED:
            raise DecisionConflictError(_("Ansökan är redan beslutad. Inget nytt beslut fattades."))
        if claim is not None and claim.claimed_by_id != user.pk:
            raise ClaimedByOtherError(
                _("En annan handläggare har tagit ärendet. Inget beslut fattades.")
            )
        raise CaseworkError(_("Du får inte besluta i det här ärendet."))
    today = timezone.localdate()
    utover = any(n.utover for n in assessment.needs)
    try:
        reference = delegation_reference(
            role=user.role, on=today, kind=(BISTAND, UTOVER) if utover else BISTAND
        )
    except NotDelegatedError:
        if not utover:
            raise
        raise CaseworkError(
            _(
                "Du har ingen delegation att besluta om bistånd utöver det den enskilde har rätt "
                "till (12 kap. 2 § socialtjänstlagen) enligt delegationsordningen i dag. Inget "
                "beslut fattades. Pröva behovet enligt 12 kap. 1 § eller lämna ärendet till den "
                "som har delegation."
            )
        ) from None
    robot = decision_selectors.robot_calculation(application_id=application.pk)
    robot_amount = Decimal(str(robot.output.get("amount", "0"))) if robot is not None else None
    with translation.override("sv"):  # the decision and its letter are in Swedish
        case_file = selectors.case_file(application_id=application.pk)
    assert case_file is not None
    try:
        with transaction.atomic(), translation.override("sv"):
            application_services.application_lock_for_decision(
                application=application, version=version
            )
            if claim is None:
                Claim.objects.get_or_create(
                    application_id=application.pk,
                    defaults={"case_id": application.case_id, "claimed_by": user},
                )
            calculation = decision_calculate(application=application, assessment=assessment)
            posts = decision_posts(
                output=calculation.output,
                robot_amount=robot_amount,
                needs=case_file.needs,
                assessment=assessment,
            )
            if any(p.granted < p.applied for p in posts):
                waiting = kommunicering_blocks(
                    application_id=application.pk, unseen_material=assessment.unseen_material
                )
                if waiting:
                    raise CaseworkError(waiting)
            granted = sum((p.granted for p in posts), Decimal("0.00"))
            if rent_to_landlord and Decimal(rent_to_landlord["amount"]) > granted:
                raise CaseworkError(
                    _(
                        "Hyran till hyresvärden (%(rent)s) är större än det beviljade beloppet "
                        "(%(granted)s). Inget beslut fattades."
                    )
                    % {
                        "rent": kronor(Decimal(rent_to_landlord["amount"])),
                        "granted": kronor(granted),
                    }
                )
            # Each lagrum once (FL 32 §), in the order the calculation used them: a line's
            # source lists several, separated by "; ".
            sources = list(
                dict.fromkeys(
                    part.strip()
                    for line in calculation.output.get("lines", [])
                    for part in str(line.get("source", "")).split(";")
                    if part.strip()
                )
            )
            motivering: dict[str, Any] = {
                "paragraphs": [
                    *(p for p in assessment.motivering.split("\n\n") if p.strip()),
                    *([assessment.rent_summary()] if assessment.rent_summary() else []),
                    *correction_paragraphs(assessment.corrections),
                ],
                "legal_sources": [
                    legal_basis(application.month).forsorjningsstod,
                    *sources,
                    # Bistånd utöver: its own lagrum among those applied (FL 32 §; ADR 0310).
                    *(
                        [legal_basis(application.month).utover]
                        if any(n.utover for n in assessment.needs)
                        else []
                    ),
                ],
                "corrections": [c.to_dict() for c in assessment.corrections],
            }
            if assessment.repayment_condition:
                granted = sum((p.granted for p in posts), Decimal("0.00"))
                if granted <= 0:
                    raise CaseworkError(
                        _("Ett villkor om återbetalning kan bara gälla bistånd som beviljas.")
                    )
                condition = decision_services.repayment_condition(
                    kind=assessment.repayment_condition,
                    detail=assessment.repayment_detail,
                    amount=granted,
                )
                motivering["repayment_condition"] = condition
                motivering["legal_sources"].append(condition["legal_source"])
            decision = decision_services.decision_make(
                application=application,
                calculation=calculation,
                posts=posts,
                motivering=motivering,
                decided_by=user,
                delegation_reference=reference,
                rent_to_landlord=rent_to_landlord,
            )
            if assessment.corrections:
                case_services.event_record(
                    case=application.case,
                    application=application,
                    kind=casework_events.FACTS_CORRECTED,
                    actor=user,
                    data={
                        "decision_id": decision.pk,
                        "corrections": [c.to_dict() for c in assessment.corrections],
                    },
                )
            decision_journal_write(
                user=user, application=application, decision=decision, assessment=assessment
            )
            access_log_record(
                user=user,
                action=AccessAction.DECIDE,
                object_type="decision",
                object_id=decision.pk,
                reason=PURPOSE_CASEWORK,
                case_number=application.case.number,
                subject=application.case.applicant.personnummer or "",
            )
    except OutsideDelegationError:
        raise CaseworkError(
            _(
                "Beslutet ligger utanför din delegation (delegationsordningen i dag). Inget "
                "beslut fattades. Lämna ärendet till den som har delegation för beslutet."
            )
        ) from None
    except (application_services.StaleApplicationError, decision_services.AlreadyDecidedError):
        raise DecisionConflictError(
            _(
                "Någon annan har hunnit ändra eller besluta ansökan medan du arbetade. "
                "Inget beslut fattades. Läs ärendet igen innan du fortsätter."
            )
        ) from None
    except IntegrityError:
        raise DecisionConflictError(
            _("Ansökan beslutades av en annan handläggare samtidigt. Inget nytt beslut fattades.")
        ) from None
    logger.info("application decided by case worker id=%s decision=%s", application.pk, decision.pk)
    return decision


def correction_paragraphs(corrections: tuple[Correction, ...]) -> list[str]:
    """The letter's basis: what the case worker corrected in the application and why."""
    if not corrections:
        return []
    return [
        "Vi har rättat uppgifter i din ansökan. Beslutet grundar sig på de rättade uppgifterna:",
        *(c.sentence() for c in corrections),
    ]


def decision_journal_write(
    *, user: User, application: Application, decision: Decision, assessment: Assessment
) -> JournalEntry:
    """Every manual decision writes its own journal entry: the outcome per post, what was
    corrected and why, and the motivering (the caller's transaction)."""
    lines = [
        f"Beslut om ekonomiskt bistånd för {month_label(application.month)}: "
        f"{kronor(decision.amount)}.",
    ]
    lines += [f"- {post['sentence']}" for post in decision.posts]
    if assessment.corrections:
        lines.append("Rättade uppgifter:")
        lines += [f"- {c.sentence()}" for c in assessment.corrections]
    if assessment.rent_choice != "guideline":
        lines.append(f"Hyran: {assessment.rent_summary()}")
    lines.append(f"Motivering: {assessment.motivering.strip()}")
    entry = JournalEntry.objects.create(
        case_id=application.case_id,
        application_id=application.pk,
        author=user,
        author_label=user.display_name or user.username,
        text="\n".join(lines),
    )
    _change_record(
        user=user, application=application, what="journal", reason="Journalanteckning om beslut"
    )
    return entry


# --- Paper intake --------------------------------------------------------------------------------


def paper_application_start(
    *, staff: User, personnummer: str, month: date, received_on: date | None = None
) -> Application:
    """Register a paper application for a person: their case (opened if needed) and a draft
    with channel = paper, filled in by staff with the e-service's own pages. `received_on` is
    the day the paper came in (the time for a decision runs from it, docs/adr/0151).

    The applicant's name and folkbokföring address are asked from folkbokföring first (outside
    the transaction: it is a network call), so that the letter and the payment have the name
    even if the person has never logged in with e-ID."""
    from bistand.applications.answers import carried_over
    from bistand.applications.models import ApplicationKind, Channel

    if not access.can_register_paper(staff):
        raise CaseworkError(_("Du får inte registrera pappersansökningar."))
    with transaction.atomic():
        citizen = application_services.citizen_for_personnummer(personnummer=personnummer)
        case = case_services.case_get_or_open(applicant=citizen)
    answer = register_services.folkbokforing_fetch(
        personnummer=personnummer,
        case_reference=case.number,
        requested_by=staff.display_name or staff.username,
    )
    with transaction.atomic():
        if answer.ok and answer.data is not None and answer.data.name is not None:
            account_services.citizen_name_fill(user=citizen, name=answer.data.name.display)
        existing = application_selectors.live_application_for_month(case=case, month=month)
        if existing is not None:
            if existing.status == ApplicationStatus.DRAFT and existing.channel == Channel.PAPER:
                if received_on is not None:
                    application_services.application_set_received_on(
                        application=existing, received_on=received_on
                    )
                return existing
            raise CaseworkError(
                _("Personen har redan en ansökan för den månaden. Den finns i ärende %(number)s.")
                % {"number": case.number}
            )
        previous = application_selectors.latest_earlier_application(case=case, month=month)
        application = application_services.application_start(
            case=case,
            month=month,
            created_by=staff,
            kind=ApplicationKind.RECURRING if previous else ApplicationKind.NEW,
            channel=Channel.PAPER,
            answers=carried_over(previous.answers) if previous else None,
            received_on=received_on,
        )
        _change_record(
            user=staff,
            application=application,
            what="paper_application",
            reason="Registrerade pappersansökan",
        )
    return application


# --- Nödprövning (issue 12 item 12) ---------------------------------------------------------------


@dataclass(frozen=True)
class EmergencyInput:
    """What the staff member enters: minimal facts."""

    personnummer: str
    need: str
    applied: Decimal
    granted: bool
    amount: Decimal
    facts: str
    reason: str
    means: str = ""
    supplier: str = ""
    reference: str = ""


def emergency_decide(*, user: User, data: EmergencyInput) -> EmergencyDecision:
    """Decide a nödprövning for a person (with a case or not: the case is opened), pay it at
    once by the configured means, write the journal entry and publish the letter, in one
    transaction. Within the municipality's riktlinje per need and the decider's `nodprovning`
    point in the delegationsordning; outside either nothing is recorded."""
    from bistand.core.emergency import SUPPLIER, emergency_rules
    from bistand.payments import services as payment_services

    if not access.can_decide_emergency(user):
        raise CaseworkError(_("Du får inte besluta om nödbistånd."))
    rules = emergency_rules()
    need = rules.need(data.need)
    if need is None:
        raise CaseworkError(_("Välj ett behov som kommunens riktlinje tar upp."))
    granted = data.amount if data.granted else Decimal("0.00")
    if granted > need.max_amount:
        raise CaseworkError(
            _("Riktlinjen för %(need)s är högst %(max)s per nödprövning.")
            % {"need": need.label.lower(), "max": kronor(need.max_amount)}
        )
    supplier_name = ""
    if granted > 0:
        if data.means not in rules.means:
            raise CaseworkError(_("Välj hur pengarna betalas ut."))
        if data.means == SUPPLIER:
            supplier = rules.supplier(data.supplier)
            if supplier is None or need.key not in supplier.needs:
                raise CaseworkError(_("Välj en leverantör som kommunen har avtal med för behovet."))
            supplier_name = supplier.name
    try:
        # Outside the delegation nothing is recorded, not even a case for the person.
        delegation_authorise(
            key=user.role,
            on=timezone.localdate(),
            refuses=granted < data.applied,
            amount=granted,
            kind=NODPROVNING,
        )
        with transaction.atomic():
            person = application_services.citizen_for_personnummer(personnummer=data.personnummer)
            case = case_services.case_get_or_open(applicant=person)
        if not person.display_name:
            # A person never seen before: the letter's name and address from folkbokföring
            # (a network call, outside the decision's transaction), as for paper intake.
            answer = register_services.folkbokforing_fetch(
                personnummer=data.personnummer,
                case_reference=case.number,
                requested_by=user.display_name or user.username,
            )
            if answer.ok and answer.data is not None and answer.data.name is not None:
                account_services.citizen_name_fill(user=person, name=answer.data.name.display)
                person.refresh_from_db()
        with transaction.atomic(), translation.override("sv"):
            emergency = decision_services.emergency_decision_make(
                case=case,
                person=person,
                request=decision_services.EmergencyRequest(
                    need=need.key,
                    need_label=need.label,
                    applied=data.applied,
                    granted=granted,
                    facts=data.facts.strip(),
                    reason=data.reason.strip(),
                    means=data.means if granted > 0 else "",
                    supplier=supplier_name,
                ),
                decided_by=user,
            )
            if granted > 0:
                payment_services.emergency_payment_record(
                    emergency_id=emergency.pk,
                    case_id=case.pk,
                    amount=granted,
                    means=data.means,
                    supplier=supplier_name,
                    reference=data.reference,
                    by=user,
                )
            paid = ""
            if granted > 0:
                paid = f" Utbetalt i dag: {MEANS_LABELS_SV[data.means].lower()}"
                paid += f" ({supplier_name})." if supplier_name else "."
            JournalEntry.objects.create(
                case_id=case.pk,
                application_id=None,
                author=user,
                author_label=user.display_name or user.username,
                text=(
                    f"Nödprövning {timezone.localdate():%Y-%m-%d}: {need.label}, sökt "
                    f"{kronor(data.applied)}. {emergency.get_outcome_display()}: "
                    f"{kronor(granted)}.{paid}\n\n"
                    f"Uppgifter: {data.facts.strip()}\n\n"
                    f"Skäl: {data.reason.strip()}\n\n"
                    "Följs upp i nästa ordinarie ansökan."
                ),
            )
            access_log_record(
                user=user,
                action=AccessAction.DECIDE,
                object_type="emergency_decision",
                object_id=emergency.pk,
                reason=PURPOSE_CASEWORK,
                case_number=case.number,
                subject=person.personnummer or "",
            )
    except OutsideDelegationError:
        raise CaseworkError(
            _(
                "Beslutet ligger utanför din delegation för nödprövning (delegationsordningen i "
                "dag). Inget beslut fattades."
            )
        ) from None
    except NotDelegatedError:
        raise CaseworkError(
            _("Du har ingen delegation för nödprövning (delegationsordningen i dag).")
        ) from None
    except payment_services.PaymentError as exc:
        raise CaseworkError(str(exc)) from None
    except application_services.ApplicationStateError:
        raise CaseworkError(_("Personnumret går inte att använda.")) from None
    logger.info("nödprövning decided id=%s case=%s", emergency.pk, emergency.case_id)
    return emergency
