"""The automated decision function: from a submitted application to a decision or the queue.

Runs as the durable job `decisions.process_application` (docs/adr/0003-background-jobs.md):
- `prepare` (outside the transaction): fetch register data from the SSBTEK sources, logged with
  purpose and legal basis. A failed or late source is a recorded result, never a rejection.
- `apply` (one transaction): calculate with the rules engine, triage under the delegation, and
  either decide (the automated decision function, KL 6 kap. 37 §, FL 28 §) or route the case to
  the shared queue with its reasons. Exactly one outcome per application, whatever is retried.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from bistand import rules
from bistand.applications import selectors as application_selectors
from bistand.applications import services as application_services
from bistand.applications.answers import to_rules_input
from bistand.applications.models import Application, ApplicationStatus
from bistand.cases import services as case_services
from bistand.core.bulk import row_create, rows_written_together
from bistand.core.delegation import NotDelegatedError, delegation_in_force
from bistand.core.memo import memo_scope, remember
from bistand.decisions import events as decision_events
from bistand.governance import selectors as governance_selectors
from bistand.registers import selectors as register_selectors
from bistand.registers.services import HouseholdFetch, PersonFetch, register_fetch_batch
from bistand.registers.types import (
    AUTOMATED_DECISION_FUNCTION,
    DEFAULT_LEGAL_BASIS,
    RegisterSnapshot,
    Source,
    Status,
)
from bistand.rules.law.inkomster import JobbstimulansLedger, jobbstimulans_ledger

from . import facts as facts_module
from . import rules_adapter, selectors
from .legal import legal_basis
from .models import Calculation, Decision, LetterPreference, Triage
from .services import Post, calculation_create, decision_make
from .triage import Reason, reason, triage

logger = logging.getLogger(__name__)

PURPOSE = "Prövning av ansökan om ekonomiskt bistånd"


def register_period(month: date) -> tuple[date, date]:
    """Register data for the month before the application month: the incomes that month are
    what the application declares and what this month's assistance is weighed against."""
    previous = (month - timedelta(days=1)).replace(day=1)
    return previous, application_services.last_of_month(previous)


def prepare(*, application_id: int) -> dict[str, Any]:
    return prepare_many([{"application_id": application_id}])[0]


def _load(ids: list[int]) -> dict[int, Application]:
    """The applications with their case, applicant and partners, in one query."""
    return Application.objects.select_related(
        "case", "case__applicant", "case__partner", "partner"
    ).in_bulk(ids)


def prepare_many(payloads: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`prepare` for a batch: the registers are asked about every adult of every application
    at once (docs/adr/0140, 0180), and the register log is written in one INSERT."""
    ids = [int(payload["application_id"]) for payload in payloads]
    applications = _load(ids)
    processed = set(
        Triage.objects.filter(application_id__in=ids).values_list("application_id", flat=True)
    )
    households: list[HouseholdFetch] = []
    plans: list[tuple[list[str], dict[str, str | None], bool] | None] = []
    for application_id in ids:
        application = applications.get(application_id)
        if application is None:
            raise Application.DoesNotExist(str(application_id))
        if application_id in processed or application.status != ApplicationStatus.SUBMITTED:
            # Decided, or not (or no longer) submitted: nobody is asked about.
            plans.append(None)
            continue
        people = {"a1": application.case.applicant}
        partner = application.partner or application.case.partner
        if partner is not None:
            people["p1"] = partner
        # Each adult's own ground; a person no ground covers is never asked about (ADR 0107).
        grounds = facts_module.register_grounds(
            application.answers, has_partner=partner is not None
        )
        start, end = register_period(application.month)
        asked = [
            (member_id, person)
            for member_id, person in people.items()
            if grounds.get(member_id) is not None and person.personnummer
        ]
        households.append(
            HouseholdFetch(
                people=[
                    PersonFetch(personnummer=str(person.personnummer), ground=str(grounds[m]))
                    for m, person in asked
                ],
                period_start=start,
                period_end=end,
                case_reference=application.case.number,
                # Everyone the letter names, for name, address and protected identity
                # (docs/adr/0205); asked in the same round, under the same timeout.
                # Only those with a ground, on that ground, like the other registers (ADR 0107):
                # the robot decides only when every adult has one.
                folkbokforing=tuple(
                    PersonFetch(personnummer=str(person.personnummer), ground=str(grounds[m]))
                    for m, person in asked
                ),
            )
        )
        plans.append(([m for m, _ in asked], grounds, all(grounds.values())))
    fetched = iter(
        register_fetch_batch(
            households=households,
            requested_by=AUTOMATED_DECISION_FUNCTION,
            purpose=PURPOSE,
            legal_basis=DEFAULT_LEGAL_BASIS,
        )
    )
    prepared: list[dict[str, Any]] = []
    for application_id, plan in zip(ids, plans, strict=True):
        if plan is None:
            application = applications[application_id]
            prepared.append(
                {"already_processed": True}
                if application_id in processed
                else {"not_submitted": application.status, "application": application}
            )
            continue
        members, grounds, consent = plan
        answer = next(fetched)
        snapshots = answer.snapshots
        application = applications[application_id]
        named: dict[str, Any] = {"a1": application.case.applicant}
        if application.partner or application.case.partner:
            named["p1"] = application.partner or application.case.partner
        # Per adult: folkbokföring's outcome (never the address: that is in PersonRecord and,
        # once decided, in the letter's stored details).
        folkbokforing = {
            m: answer.folkbokforing[str(p.personnummer)].status.value
            for m, p in named.items()
            if p is not None and p.personnummer and str(p.personnummer) in answer.folkbokforing
        }
        # `objects` and `application` save reading again in `process` (same process); a
        # retried job without them rebuilds the snapshots from `snapshots`.
        prepared.append(
            {
                "snapshots": {m: s.to_json() for m, s in zip(members, snapshots, strict=True)},
                "objects": dict(zip(members, snapshots, strict=True)),
                "consent": consent,
                "grounds": grounds,
                "folkbokforing": folkbokforing,
                "application": applications[application_id],
            }
        )
    return prepared


_PREVIOUS_DECISION_UNREAD = (
    "letter_html",
    "letter_details",
    "posts",
    "motivering",
    "calculation__register_snapshot",
)


class _Batch:
    """What the applications of one batch share, and their cases' history: read once, in the
    batch's transaction, with one query each (docs/adr/0180)."""

    def __init__(self, ids: list[int], applications: dict[int, Application]) -> None:
        # Lock the application rows: two deliveries of the same job serialise here (PostgreSQL).
        self.state = {
            pk: (status, version)
            for pk, status, version in Application.objects.select_for_update()
            .filter(pk__in=ids)
            .values_list("pk", "status", "version")
        }
        self.triaged = set(
            Triage.objects.filter(application_id__in=ids).values_list("application_id", flat=True)
        )
        self.approved: dict[str, bool] = {}
        cases = {a.case_id for a in applications.values()}
        # Decided applications of these cases: (month, pk) per case.
        self.decided: dict[int, list[tuple[date, int]]] = {}
        for case_id, month, pk in Application.objects.filter(
            case_id__in=cases, status=ApplicationStatus.DECIDED
        ).values_list("case_id", "month", "pk"):
            self.decided.setdefault(case_id, []).append((month, pk))
        self.previous_ids: dict[int, int] = {}
        for pk, application in applications.items():
            earlier = [
                (m, p)
                for m, p in self.decided.get(application.case_id, [])
                if m < application.month
            ]
            if earlier:
                self.previous_ids[pk] = max(earlier)[1]
        self.previous = Application.objects.in_bulk(list(self.previous_ids.values()))
        for pk, previous_id in self.previous_ids.items():
            # The same case: its applicant is already loaded.
            self.previous[previous_id].case = applications[pk].case
        self.calculations: dict[int, Calculation] = {}
        # Only the input and output are read (normöverskott): the register snapshot is not
        # decoded.
        for calculation in (
            Calculation.objects.filter(application_id__in=list(self.previous))
            .defer("register_snapshot")
            .order_by("pk")
        ):
            self.calculations[calculation.application_id] = calculation  # the latest wins
        # What `decision_make` asks of each application, read here for all (core.memo): has it
        # a decision already, and does someone in the household want letters by post.
        decided = set(
            Decision.objects.filter(application_id__in=ids, supersedes__isnull=True).values_list(
                "application_id", flat=True
            )
        )
        households = {
            pk: tuple(p.pk for p in (a.case.applicant, a.case.partner) if p)
            for pk, a in applications.items()
        }
        by_post = set(
            LetterPreference.objects.filter(
                user_id__in={u for h in households.values() for u in h}, by_post=True
            ).values_list("user_id", flat=True)
        )
        # Everyone the batch's letters name: their folkbokföring records in one query (the
        # letter's address, services.addressee_address).
        named = {
            pk: [p.personnummer for p in (a.case.applicant, a.case.partner) if p and p.personnummer]
            for pk, a in applications.items()
        }
        records = register_selectors.person_records(
            personnummer=sorted({n for numbers in named.values() for n in numbers})
        )
        for numbers in named.values():
            remember(
                ("person_records", tuple(numbers)),
                {n: records[n] for n in numbers if n in records},
            )
        for pk, household in households.items():
            remember(("decided", pk), pk in decided)
            remember(("letters_by_post", household), any(u in by_post for u in household))
        # The decision in force for each previous application, with its calculation (last
        # month's decided costs and a rent assessment carried on).
        self.previous_decisions: dict[int, Decision] = {}
        for decision in (
            Decision.objects.filter(
                application_id__in=list(self.previous), superseded_by__isnull=True
            )
            .select_related("calculation")
            # Only its calculation's input and output are read (decided costs, rent assessment):
            # the letter and the rest are not decoded.
            .defer(*_PREVIOUS_DECISION_UNREAD)
            .order_by("decided_at", "pk")
        ):
            self.previous_decisions[decision.application_id] = decision  # the latest wins
        self.emergencies = selectors.emergencies_not_followed_up_for_cases(case_ids=cases)
        self.supplemented = application_selectors.with_unread_supplements(application_ids=ids)
        # Months granted (the decision in force, amount above 0 kr) per case: 12 kap. 8 § SoL.
        self.granted: dict[int, list[date]] = {}
        for case_id, start in Decision.objects.filter(
            case_id__in=cases, superseded_by__isnull=True, amount__gt=0
        ).values_list("case_id", "period_start"):
            self.granted.setdefault(case_id, []).append(start)

    def previous_decision(self, previous: Application | None) -> Decision | bool:
        """The decision in force for `previous` (False: none), for `decided_costs` and
        `decided_rent_assessment`."""
        if previous is None:
            return False
        return self.previous_decisions.get(previous.pk) or False

    def previous_decided(self, application: Application) -> Application | None:
        previous_id = self.previous_ids.get(application.pk)
        return self.previous[previous_id] if previous_id is not None else None

    def months_on_assistance(self, application: Application) -> int:
        decided = {m for m, _ in self.decided.get(application.case_id, []) if m < application.month}
        return _months_in_a_row(application.month, decided)

    def granted_months(self, application: Application) -> list[tuple[int, int]]:
        starts = self.granted.get(application.case_id, [])
        return sorted({(d.year, d.month) for d in starts if d < application.month})

    def jobbstimulans_ledger(self, application: Application) -> JobbstimulansLedger | None:
        months = self.granted_months(application)
        if not months:
            return None
        return jobbstimulans_ledger(months, (application.month.year, application.month.month))

    def rules_approved(self, rules_version: str) -> bool:
        if rules_version not in self.approved:
            self.approved[rules_version] = (
                governance_selectors.rules_approval_for(rules_version=rules_version) is not None
            )
        return self.approved[rules_version]


def apply_many(
    payloads: list[dict[str, Any]], prepared: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """`process` for a batch, in the caller's one transaction: the same reads and records as
    one by one, with the shared reads done once and the case events written with one INSERT."""
    ids = [int(payload["application_id"]) for payload in payloads]
    applications = {
        pk: p["application"] for pk, p in zip(ids, prepared, strict=True) if "application" in p
    }
    missing = [pk for pk in ids if pk not in applications]
    if missing:
        applications.update(_load(missing))
    with (
        transaction.atomic(),
        case_services.events_written_together(),
        rows_written_together(),
        memo_scope(),
    ):
        batch = _Batch(ids, applications)
        return [
            _process(applications[application_id], prepared=p, batch=batch)
            for application_id, p in zip(ids, prepared, strict=True)
        ]


def process(*, application_id: int, prepared: dict[str, Any]) -> dict[str, Any]:
    """Calculate, triage and decide or route one submitted application (in one transaction)."""
    return apply_many([{"application_id": application_id}], [prepared])[0]


def _process(
    application: Application, *, prepared: dict[str, Any], batch: _Batch
) -> dict[str, Any]:
    application_id = application.pk
    # Read in `prepare` before the lock: status and version as they are now, under the lock.
    application.status, application.version = batch.state[application_id]
    if prepared.get("already_processed") or application_id in batch.triaged:
        return {"outcome": "already processed"}
    if application.status != ApplicationStatus.SUBMITTED:
        return {"outcome": f"not submitted ({application.status})"}
    if prepared.get("not_submitted"):
        # Submitted after `prepare` looked (and asked no register): run the job again.
        raise RuntimeError("the application was submitted while the job was prepared")

    snapshots = prepared.get("objects") or {
        member: RegisterSnapshot.from_json(data)
        for member, data in prepared.get("snapshots", {}).items()
    }
    _record_register_event(
        application,
        snapshots,
        consent=bool(prepared.get("consent")),
        grounds=prepared.get("grounds") or {},
        folkbokforing=prepared.get("folkbokforing") or {},
    )

    previous = batch.previous_decided(application)
    rules_input, ledger = robot_rules_input(application, previous, history=batch)
    try:
        calculation = calculation_create(
            application=application,
            rules_input=rules_input,
            register_snapshot=prepared.get("snapshots", {}),
        )
    except rules.InputError as exc:
        # The e-service validates every answer, so this is a fault, not the citizen's: a case
        # worker takes the case; nothing is rejected.
        return _route_without_calculation(application, exc, rules_input)
    output = calculation.output
    case_services.event_record(
        case=application.case,
        application=application,
        kind=decision_events.CALCULATED,
        data={
            "amount": output["amount"],
            "calculation_id": calculation.pk,
            **({"jobbstimulans": ledger_summary(ledger)} if ledger is not None else {}),
        },
    )

    previous_input = to_rules_input(previous) if previous is not None else None
    try:
        delegation = delegation_in_force(decision_day())
    except NotDelegatedError:
        return _route_to_queue(application, [reason("not_delegated")], "", calculation)
    triage_facts = facts_module.triage_facts(
        application=application,
        rules_input=rules_input,
        previous_rules_input=previous_input,
        snapshots=snapshots,
        output=output,
        consent=bool(prepared.get("consent")),
        decided_costs=decided_costs(previous, decision=batch.previous_decision(previous)),
        previous_answers=previous.answers if previous is not None else None,
    )
    open_emergencies = batch.emergencies.get(application.case_id, [])
    if open_emergencies:
        triage_facts = dataclasses.replace(
            triage_facts,
            emergencies_open=tuple(
                f"{timezone.localtime(e.decided_at):%Y-%m-%d}" for e in open_emergencies
            ),
        )
    reasons = triage(triage_facts, delegation)
    if application.pk in batch.supplemented:
        # The applicant added information after sending (komplettering): a person reads it.
        reasons.append(reason("citizen_supplement"))
    if not batch.rules_approved(calculation.rules_version):
        # The nämnd has not approved the rules this installation calculates with: the
        # automated function uses no rules the nämnd has not approved (docs/adr/0115).
        reasons.insert(0, reason("rules_not_approved", f"({calculation.rules_version})"))
    if reasons:
        return _route_to_queue(application, reasons, delegation.reference, calculation)
    row_create(
        Triage,
        application_id=application.pk,
        automated=True,
        reasons=[],
        delegation_reference=delegation.reference,
        calculation=calculation,
    )

    amount = Decimal(output["amount"])
    decision = decision_make(
        application=application,
        calculation=calculation,
        posts=[
            Post(
                post="forsorjningsstod",
                label="Försörjningsstöd",
                applied=amount,
                granted=amount,
                reason="Beräknat enligt riksnormen och dina skäliga kostnader.",
                legal_source=legal_basis(application.month).forsorjningsstod,
            )
        ],
        motivering=automated_motivering(
            output,
            delegation.reference,
            delegation.legal_basis,
            month=application.month,
            unchanged_since_last_month=triage_facts.checked_unchanged,
        ),
        decided_by=None,
        delegation_reference=f"{delegation.reference}. {delegation.legal_basis}",
    )
    logger.info("application decided automatically id=%s decision=%s", application.pk, decision.pk)
    return {"outcome": "decided", "decision_id": decision.pk}


def robot_rules_input(
    application: Application,
    previous: Application | None = None,
    *,
    history: _Batch | None = None,
) -> tuple[dict[str, Any], JobbstimulansLedger | None]:
    """The rules input the automated function calculates with: the answers, the municipality's
    guideline, the months on assistance, the jobbstimulans period from the case's ledger and
    last month's normöverskott. A case worker's calculation starts from the same input, so the
    same household gives the same amount by hand and by the robot. `history`: the batch worker's
    reads of the case's history, made once for the batch (the same values)."""
    if history is not None:
        previous = history.previous_decided(application)
    elif previous is None:
        previous = application_selectors.previous_decided_application(application=application)
    rules_input = rules_adapter.with_municipality(to_rules_input(application))
    if history is not None:
        rules_input["months_on_assistance"] = history.months_on_assistance(application)
        ledger = history.jobbstimulans_ledger(application)
    else:
        rules_input["months_on_assistance"] = months_on_assistance(application)
        ledger = jobbstimulans_ledger_of(application)
    if ledger is not None and ledger.start is not None:
        rules_input["jobbstimulans_start"] = f"{ledger.start[0]:04d}-{ledger.start[1]:02d}"
    surplus = (
        previous_surplus(
            application,
            previous,
            calculation=history.calculations.get(previous.pk) if previous is not None else None,
        )
        if history is not None
        else previous_surplus(application, previous)
    )
    if surplus:
        rules_input["previous_month_surplus"], arose = surplus
        if arose is not None:
            rules_input["surplus_arose"] = arose
    assessment = decided_rent_assessment(
        application,
        previous,
        rules_input.get("costs", {}),
        decision=history.previous_decision(previous) if history is not None else True,
    )
    if assessment:
        rules_input["costs"] = {**rules_input.get("costs", {}), **assessment}
    return rules_input, ledger


RENT_ASSESSMENT = ("rent_radrum_until", "rent_assessed_max", "rent_assessed_reason")


def decided_rent_assessment(
    application: Application,
    previous: Application | None,
    costs: dict[str, Any],
    *,
    decision: Decision | bool | None = True,
) -> dict[str, str]:
    """A case worker's rent assessment in the decision in force for the previous decided
    application (rådrum until a date, the highest skälig rent that follows), carried into this
    month while the rent is the same: a decided rådrum runs to its date, not one month. A rådrum
    that has ended is not carried; the assessed highest rent is. The application still goes to
    the queue (rules_adapter.GUIDELINE_RULES); the case worker sees the assessment in the form."""
    if previous is None:
        return {}
    if decision is True:  # not read yet
        decision = _decision_in_force(previous)
    if not isinstance(decision, Decision):
        return {}
    before = dict(decision.calculation.input.get("costs", {}))
    rent_before = Decimal(str(before.get("rent") or "0"))
    if not rent_before or rent_before != Decimal(str(costs.get("rent") or "0")):
        return {}
    carried = {key: str(before[key]) for key in RENT_ASSESSMENT if before.get(key)}
    until = carried.get("rent_radrum_until")
    if until is not None and date.fromisoformat(until) < application.month:
        carried.pop("rent_radrum_until")
    return carried


def _route_to_queue(
    application: Application,
    reasons: list[Reason],
    delegation_reference: str,
    calculation: Calculation | None,
) -> dict[str, Any]:
    row_create(
        Triage,
        application_id=application.pk,
        automated=False,
        reasons=[r.to_dict() for r in reasons],
        delegation_reference=delegation_reference,
        calculation=calculation,
    )
    application_services.application_set_status(
        application=application, status=ApplicationStatus.IN_QUEUE
    )
    case_services.event_record(
        case=application.case,
        application=application,
        kind=decision_events.ROUTED_TO_QUEUE,
        data={"reasons": [r.to_dict() for r in reasons]},
    )
    logger.info(
        "application routed to queue id=%s reasons=%s",
        application.pk,
        ",".join(r.code for r in reasons),
    )
    return {"outcome": "queue", "reasons": [r.code for r in reasons]}


def _route_without_calculation(
    application: Application, exc: rules.InputError, rules_input: dict[str, Any]
) -> dict[str, Any]:
    try:
        reference = delegation_in_force(decision_day()).reference
    except NotDelegatedError:
        reference = ""
    missing, _changed = facts_module.skolungdom_facts(rules_input, None)
    if missing and all(e.field.endswith(".in_school") for e in exc.errors):
        # Not a fault: whether a child 18–20 is in school decides who is in the household
        # (12 kap. 9 § SoL 2025:400), and the answer is missing. A case worker asks.
        detail = "(" + ", ".join(missing) + ")"
        return _route_to_queue(application, [reason("skolungdom_missing", detail)], reference, None)
    logger.error("calculation input rejected id=%s: %s", application.pk, type(exc).__name__)
    return _route_to_queue(application, [reason("calculation_failed")], reference, None)


def decision_day() -> date:
    """The delegation in force on the decision day applies, not the one for the month applied
    for (a new delegationsordning from the 15th governs decisions from the 15th)."""
    return timezone.localdate()


def previous_surplus(
    application: Application,
    previous: Application | None,
    *,
    calculation: Calculation | bool | None = True,
) -> tuple[str, str | None] | None:
    """Normöverskott from last month's decided calculation, carried into this month, and the
    month it first arose ("YYYY-MM"; None = last month). A surplus that last month's own carried
    surplus fed keeps that earlier month, so the limit in months (practice.
    normoverskott_max_months, HFD 2017 ref. 51) runs from when the money was had."""
    if previous is None or previous.month != last_month(application.month):
        return None
    if calculation is True:  # not read yet
        calculation = Calculation.objects.filter(application_id=previous.pk).order_by("-pk").first()
    if not isinstance(calculation, Calculation):
        return None
    surplus = str(calculation.output.get("normoverskott", "0.00"))
    if Decimal(surplus) <= 0:
        return None
    carried = any(
        line.get("rule") == "inkomster.normoverskott" and line.get("effect") == "subtract"
        for line in calculation.output.get("lines", [])
    )
    arose: str | None = None
    if carried:
        earlier = calculation.input.get("surplus_arose")
        arose = str(earlier) if earlier else f"{last_month(previous.month):%Y-%m}"
    return surplus, arose


def _decision_in_force(previous: Application) -> Decision | None:
    return (
        Decision.objects.filter(application_id=previous.pk, superseded_by__isnull=True)
        .select_related("calculation")
        .order_by("-decided_at", "-pk")
        .first()
    )


def decided_costs(
    previous: Application | None, *, decision: Decision | bool | None = True
) -> dict[str, Decimal] | None:
    """Last month's decided costs other than rent, field by field: what the decision in force
    for the previous decided application approved (its calculation), not what was asked for
    then (issue 11 item 7). None when there is no such decision: nothing to compare with.
    `decision`: that decision when already read (False or None: there is none)."""
    if previous is None:
        return None
    if decision is True:  # not read yet
        decision = _decision_in_force(previous)
    if not isinstance(decision, Decision):
        return None
    return facts_module.approved_costs(decision.calculation.output)


def granted_months(application: Application) -> list[tuple[int, int]]:
    """The months before this one for which the case was granted försörjningsstöd (the decision
    in force, amount above 0 kr): the ledger of 12 kap. 8 § SoL (2025:400)."""
    rows = Decision.objects.filter(
        case_id=application.case_id,
        superseded_by__isnull=True,
        amount__gt=0,
        period_start__lt=application.month,
    ).values_list("period_start", flat=True)
    return sorted({(d.year, d.month) for d in rows})


def jobbstimulans_ledger_of(application: Application) -> JobbstimulansLedger | None:
    """The case's jobbstimulans ledger up to this month, from its history of granted months
    (bistand.rules.law.inkomster.jobbstimulans_ledger); None without any granted month."""
    months = granted_months(application)
    if not months:
        return None
    return jobbstimulans_ledger(months, (application.month.year, application.month.month))


def jobbstimulans_start(application: Application) -> tuple[int, int] | None:
    """The first month of the case's jobbstimulans period, or None if no run of six."""
    ledger = jobbstimulans_ledger_of(application)
    return ledger.start if ledger is not None else None


def ledger_summary(ledger: JobbstimulansLedger) -> dict[str, Any]:
    """What the case event records: the period (first and last month) and every month that
    broke a run, with why (12 kap. 8 § SoL 2025:400)."""

    def text(ym: tuple[int, int] | None) -> str | None:
        return f"{ym[0]:04d}-{ym[1]:02d}" if ym is not None else None

    return {
        "start": text(ledger.start),
        "end": text(ledger.end),
        "breaks": [{"month": text(e.month), "why": e.note} for e in ledger.entries if e.breaks_run],
    }


def last_month(month: date) -> date:
    return (month - timedelta(days=1)).replace(day=1)


def _record_register_event(
    application: Application,
    snapshots: dict[str, RegisterSnapshot],
    *,
    consent: bool,
    grounds: dict[str, str | None],
    folkbokforing: dict[str, str],
) -> None:
    answered: set[str] = set()
    missing: set[str] = set()
    for snapshot in snapshots.values():
        for source, result in snapshot.results.items():
            (answered if result.status == Status.OK else missing).add(Source(source).value)
    case_services.event_record(
        case=application.case,
        application=application,
        kind=decision_events.REGISTERS_FETCHED,
        data={
            "consent": consent,
            # Per adult: the ground the data were fetched on, or None (not fetched).
            "grounds": grounds,
            "answered": sorted(answered - missing),
            "missing": sorted(missing),
            # Per adult: folkbokföring's outcome (ok, failed, timeout), asked for the letter.
            **({"folkbokforing": folkbokforing} if folkbokforing else {}),
        },
    )


def months_on_assistance(application: Application) -> int:
    """Consecutive months with a decided application right before this month."""
    decided = set(
        Application.objects.filter(
            case=application.case, status=ApplicationStatus.DECIDED, month__lt=application.month
        ).values_list("month", flat=True)
    )
    return _months_in_a_row(application.month, decided)


def _months_in_a_row(month: date, decided: set[date]) -> int:
    months = 0
    while True:
        month = (month - timedelta(days=1)).replace(day=1)
        if month not in decided:
            return months
        months += 1


def automated_motivering(
    output: dict[str, Any],
    delegation_reference: str,
    delegation_legal_basis: str,
    *,
    month: date,
    unchanged_since_last_month: bool = False,
) -> dict[str, Any]:
    """The robot's motivering. "Inget har ändrats sedan förra månaden" is written only when the
    triage compared this month with last month's decided application and found it unchanged
    (issue 11 item 7); the citations are those of the month's law."""
    basis = legal_basis(month)
    sources = sorted({line.get("source", "") for line in output.get("lines", [])} - {""})
    checked = (
        "Uppgifterna i din ansökan stämmer med uppgifterna från Arbetsförmedlingen, "
        "Försäkringskassan och de andra myndigheterna"
    )
    if unchanged_since_last_month:
        checked += ", och inget har ändrats sedan förra månaden"
    shared_home = any(
        line.get("rule") == "riksnorm.shared.own_share" for line in output.get("lines", [])
    )
    return {
        "paragraphs": [
            "Du har rätt till försörjningsstöd när du inte själv kan försörja dig eller få dina "
            "behov tillgodosedda på annat sätt. Vi har räknat ut ditt behov enligt riksnormen och "
            "dina skäliga kostnader och dragit av de inkomster som ska räknas.",
            *(
                [
                    "Ni som bor i bostaden är flera hushåll. De andra är egna hushåll: deras "
                    "inkomster och behov räknas inte här. Ditt hushåll får sin andel av de "
                    "gemensamma hushållskostnaderna, och av hyran och hushållselen räknat per "
                    "person om ingen annan fördelning är uppgiven."
                ]
                if shared_home
                else []
            ),
            checked + ". Därför har beslutet kunnat fattas automatiskt.",
            f"Socialnämnden har gett den automatiserade beslutsfunktionen rätt att fatta beslutet "
            f"({delegation_reference}; {delegation_legal_basis}).",
        ],
        "legal_sources": [basis.right, basis.norm, *sources],
    }
