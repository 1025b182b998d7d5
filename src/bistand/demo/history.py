"""Synthetic case history for the demo, the tests and the bench: months of applications,
decisions (automated and manual), triage reasons, calculations and payments.

History has to be dated in the past, which the services cannot do (they stamp `now`), so this
module writes the records in bulk with explicit dates, the same shape the pipeline writes.
Only synthetic people: personnummer from `bistand.synthetic.personnummer`, names from
`bistand.synthetic.names`. Used only by demo data, tests and bench – never by a request.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Literal
from zoneinfo import ZoneInfo

from django.db import transaction

from bistand.accounts.models import Role, User
from bistand.applications import events as application_events
from bistand.applications.models import Application, ApplicationKind, ApplicationStatus
from bistand.cases.models import Case, CaseEvent
from bistand.core.delegation import NotDelegatedError, delegation_in_force, delegation_reference
from bistand.core.format import month_label
from bistand.decisions import events as decision_events
from bistand.decisions import rules_adapter
from bistand.decisions.legal import legal_basis
from bistand.decisions.models import Calculation, Decision, Outcome, Triage
from bistand.decisions.services import Post, letter_context, letter_render
from bistand.decisions.triage import REASON_TEXTS
from bistand.followup.metrics import add_months
from bistand.payments.models import OrderStatus, PaymentOrder
from bistand.synthetic import names, personnummer

TZ = ZoneInfo("Europe/Stockholm")
AUTOMATED_LABEL = "Automatiserad beslutsfunktion"
DELEGATION = "Delegationsordning för socialnämnden, punkt 4.1 (exempel)"
HISTORY_REASON = "Beräknat enligt riksnormen och dina skäliga kostnader (syntetisk historik)."
ROUTING_REASONS = [
    ("new_application", "Nyansökan: en handläggare utreder första ansökan"),
    ("changed_household", "Hushållet har ändrats sedan förra månaden"),
    ("needs_assessment", "Behov utöver normen behöver bedömas"),
    ("register_mismatch", "Uppgifter från andra myndigheter stämmer inte med ansökan"),
    ("income_change", "Inkomsterna har ändrats mycket"),
]


@dataclass
class MonthPlan:
    """One month's application in a case, as it happened."""

    month: date
    channel: str = "digital"
    submitted_at: datetime | None = None  # default: the 25th of the month before, 10:00
    decided_at: datetime | None = None  # default: 2 hours after submission
    automated: bool = True
    outcome: str = Outcome.GRANTED
    # What was granted; None: the amount the rules engine calculates (a case worker's decision
    # may name another).
    amount: Decimal | None = None
    household_size: int = 1  # the applicant (and the partner) and children
    partner: bool = False
    incomes: list[tuple[str, str]] = field(default_factory=list)  # (type, kronor)
    rent: str = "6500.00"
    reasons: list[str] = field(default_factory=list)  # routing codes when not automated
    paid: bool = True
    decided: bool = True


def local(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TZ)


def _plus_hours(at: datetime | None, n: int) -> datetime:
    assert at is not None
    return at + timedelta(hours=n)


def rules_input(plan: MonthPlan) -> dict[str, Any]:
    """A valid rules-engine input for the plan (see docs/rules-input.md)."""
    household: list[dict[str, Any]] = [{"id": "a1", "role": "applicant", "age": 35}]
    if plan.partner:
        household.append({"id": "p1", "role": "partner", "age": 33})
    for i in range(1, plan.household_size - int(plan.partner)):
        household.append({"id": f"c{i}", "role": "child", "age": 3 + 2 * i})
    return {
        "month": f"{plan.month:%Y-%m}",
        "municipality": "exempelkommun",
        "household": household,
        "costs": {"rent": plan.rent, "household_electricity": "300.00"},
        "incomes": [{"member": "a1", "type": t, "amount": a} for t, a in plan.incomes],
    }


def household_answers(plan: MonthPlan) -> dict[str, Any]:
    """The e-service's household answers for the plan (the queue's household type)."""
    return {
        "has_partner": plan.partner,
        "children_count": max(0, plan.household_size - 1 - int(plan.partner)),
    }


def citizens(rng: random.Random, count: int, prefix: str = "hist") -> list[User]:
    """Synthetic citizens, created in bulk."""
    taken = set(
        User.objects.filter(personnummer__isnull=False).values_list("personnummer", flat=True)
    )
    users = []
    start = User.objects.filter(username__startswith=f"{prefix}-").count()
    for i in range(count):
        sex: Literal["F", "M"] = "F" if rng.random() < 0.5 else "M"
        born = date(1960 + rng.randrange(40), 1 + rng.randrange(12), 1 + rng.randrange(28))
        pnr = personnummer.generate(rng, born, sex)
        while pnr in taken:
            pnr = personnummer.generate(rng, born, sex)
        taken.add(pnr)
        users.append(
            User(
                username=f"{prefix}-{start + i:06d}",
                role=Role.CITIZEN,
                personnummer=pnr,
                display_name=f"{names.first_name(rng, sex)} {names.surname(rng)}",
            )
        )
    return User.objects.bulk_create(users)


# One row of the history: the case, its applicant, the month's plan and its application.
Row = tuple[Case, User, MonthPlan, Application]


def build(
    plans: list[tuple[User, list[MonthPlan]]],
    *,
    case_worker: User | None = None,
    with_events: bool = True,
    number_prefix: str = "EB-H",
) -> list[Case]:
    """Write each citizen's case and its months. Returns the cases in order.

    Every calculation is made by the real rules engine from the month's input, and every
    decision's letter is rendered from its stored values, so `bistand replay` recomputes each
    of them identically."""
    with transaction.atomic():
        cases = _open_cases(plans, number_prefix)
        rows = _applications_sent_in(cases, plans)
        calculations = _calculations(rows)
        _triages(rows, calculations)
        decided = [
            (row, calc) for row, calc in zip(rows, calculations, strict=True) if row[2].decided
        ]
        decisions = _decisions(decided, case_worker)
        _payments(decided, decisions)
        if with_events:
            _events([row for row, _ in decided], decisions)
    return cases


def _open_cases(plans: list[tuple[User, list[MonthPlan]]], number_prefix: str) -> list[Case]:
    first = Case.objects.filter(number__startswith=number_prefix).count()
    return Case.objects.bulk_create(
        [
            Case(number=f"{number_prefix}-{first + i:06d}", applicant=user)
            for i, (user, _) in enumerate(plans)
        ]
    )


def _applications_sent_in(
    cases: list[Case], plans: list[tuple[User, list[MonthPlan]]]
) -> list[Row]:
    """One application a month, sent in on the plan's date (default: the 25th of the month
    before); the first in a case is a nyansökan."""
    rows: list[Row] = []
    for case, (user, months) in zip(cases, plans, strict=True):
        for plan in months:
            before = add_months(plan.month, -1)
            plan.submitted_at = plan.submitted_at or local(before.year, before.month, 25)
            application = Application(
                case=case,
                kind=ApplicationKind.RECURRING
                if rows and rows[-1][0] is case
                else ApplicationKind.NEW,
                channel=plan.channel,
                month=plan.month,
                status=ApplicationStatus.DECIDED if plan.decided else ApplicationStatus.IN_QUEUE,
                answers={"household": household_answers(plan)},
                created_by=user,
                submitted_at=plan.submitted_at,
            )
            rows.append((case, user, plan, application))
    Application.objects.bulk_create([application for *_, application in rows])
    return rows


def _calculations(rows: list[Row]) -> list[Calculation]:
    """The rules engine's calculation of each month (equal inputs are calculated once)."""
    engine: dict[str, tuple[dict[str, Any], str]] = {}
    calculations = []
    for *_, plan, application in rows:
        month_input = rules_adapter.with_municipality(rules_input(plan))
        key = json.dumps(month_input, sort_keys=True)
        if key not in engine:
            engine[key] = rules_adapter.calculate(month_input)
        output, rules_version = engine[key]
        calculations.append(
            Calculation(
                application_id=application.pk,
                rules_version=rules_version,
                input=month_input,
                output=output,
            )
        )
    return Calculation.objects.bulk_create(calculations)


def _triages(rows: list[Row], calculations: list[Calculation]) -> None:
    Triage.objects.bulk_create(
        [
            Triage(
                application_id=application.pk,
                automated=plan.automated,
                reasons=[
                    {
                        "code": code,
                        "text": dict(ROUTING_REASONS).get(code) or REASON_TEXTS.get(code, code),
                    }
                    for code in (plan.reasons if not plan.automated else [])
                ],
                delegation_reference=DELEGATION,
                calculation=calc,
            )
            for (*_, plan, application), calc in zip(rows, calculations, strict=True)
        ]
    )


def _granted(plan: MonthPlan, calc: Calculation) -> Decimal:
    """What the decision grants: nothing when rejected; the calculated amount unless the plan
    names what a case worker granted instead."""
    if plan.outcome == Outcome.REJECTED:
        return Decimal("0.00")
    return plan.amount if plan.amount is not None else Decimal(calc.output["amount"])


def _robot_delegated(day: date) -> bool:
    """Whether the delegationsordning delegates anything to the automated function on `day`."""
    try:
        delegation_in_force(day)
    except NotDelegatedError:
        return False
    return True


def _delegation_for(plan: MonthPlan, case_worker: User | None, day: date) -> str:
    """The delegation point the decision was made under, from the delegationsordning in force on
    the decision day (as a real decision's), so the anmälan av delegationsbeslut made from the
    demo names points the nämnd decided. Before any version: the demo's placeholder."""
    try:
        if plan.automated:
            delegation = delegation_in_force(day)
            return f"{delegation.reference}. {delegation.legal_basis}"
        role = case_worker.role if case_worker is not None else "ekonomisekreterare"
        return delegation_reference(role=role, on=day)
    except NotDelegatedError:
        return DELEGATION


def _decisions(decided: list[tuple[Row, Calculation]], case_worker: User | None) -> list[Decision]:
    """The decisions with their posts, motivering and letter, dated in the past."""
    decisions = []
    for (case, _, plan, application), calc in decided:
        granted = _granted(plan, calc)
        applied = max(granted, Decimal(calc.output["amount"]))
        decided_at = plan.decided_at or _plus_hours(plan.submitted_at, 2)
        label = AUTOMATED_LABEL if plan.automated else "Handläggare"
        reference = _delegation_for(plan, case_worker, decided_at.astimezone(TZ).date())
        # The act in force for the month (a month before 2025-07-01: SoL 2001:453), as a real
        # decision cites it (decisions.legal).
        basis = legal_basis(plan.month)
        legal_sources = [basis.right, basis.norm]
        posts = [
            Post(
                post="forsorjningsstod",
                label="Försörjningsstöd",
                applied=applied,
                granted=granted,
                reason=HISTORY_REASON,
                legal_source=basis.forsorjningsstod,
            ).to_dict(month_label(plan.month))
        ]
        motivering = {"paragraphs": [HISTORY_REASON], "legal_sources": legal_sources}
        payment_date = plan.month if granted > 0 else None
        letter = letter_render(
            letter_context(
                case_number=case.number,
                month=plan.month,
                decided_at=decided_at,
                decided_by_label=label,
                delegation_reference=reference,
                posts=posts,
                motivering=motivering,
                calculation_output=calc.output,
                rules_version=calc.rules_version,
                payment_date=payment_date,
                automated=plan.automated,
            )
        )
        decisions.append(
            Decision(
                application_id=application.pk,
                case_id=case.pk,
                decided_at=decided_at,
                decided_by=None if plan.automated else case_worker,
                decided_by_label=label,
                delegation_reference=reference,
                outcome=plan.outcome,
                amount=granted,
                period_start=plan.month,
                period_end=add_months(plan.month, 1) - timedelta(days=1),
                posts=posts,
                motivering=motivering,
                calculation=calc,
                payment_date=payment_date,
                letter_html=letter,
            )
        )
    return Decision.objects.bulk_create(decisions)


def _payments(decided: list[tuple[Row, Calculation]], decisions: list[Decision]) -> None:
    orders = []
    for ((case, user, plan, application), _), decision in zip(decided, decisions, strict=True):
        if plan.paid and decision.amount > 0:
            orders.append(
                PaymentOrder(
                    decision_id=decision.pk,
                    case_id=case.pk,
                    application_id=application.pk,
                    amount=decision.amount,
                    payment_date=plan.month,
                    end_to_end_id=f"BIS-D{decision.pk}",
                    creditor_name=user.display_name[:140],
                    clearing="5000",
                    account="1234567",
                    remittance=f"Utbetalning {case.number}",
                    status=OrderStatus.PAID,
                    paid_at=local(plan.month.year, plan.month.month, 1, 8),
                )
            )
    PaymentOrder.objects.bulk_create(orders)


def _events(rows: list[Row], decisions: list[Decision]) -> None:
    """Submitted and decided events, dated when the application came in and was decided."""
    events = []
    for (case, _, plan, application), decision in zip(rows, decisions, strict=True):
        events.append(
            CaseEvent(case=case, application=application, kind=application_events.SUBMITTED)
        )
        events.append(
            CaseEvent(
                case=case,
                application=application,
                kind=decision_events.DECIDED,
                actor_label=AUTOMATED_LABEL if plan.automated else "",
                data={"decision_id": decision.pk, "amount": f"{decision.amount:.2f}"},
            )
        )
    CaseEvent.objects.bulk_create(events)
    # Events are stamped on creation; history is dated by its records.
    decided_at = {d.pk: d.decided_at for d in decisions}
    for event in events:
        assert event.application is not None
        when = (
            event.application.submitted_at
            if event.kind == application_events.SUBMITTED
            else decided_at[event.data["decision_id"]]
        )
        CaseEvent.objects.filter(pk=event.pk).update(at=when)


def synthetic_caseload(
    rng: random.Random,
    *,
    households: int,
    end_month: date,
    months: int = 12,
    case_worker: User | None = None,
    with_events: bool = True,
) -> list[Case]:
    """A caseload that makes every chart move: digital share and automation rising over the
    months, stays of a few months, exits (some to work), some households coming back."""
    start_month = add_months(end_month, -(months - 1))
    users = citizens(rng, households)
    plans: list[tuple[User, list[MonthPlan]]] = []
    for user in users:
        size = rng.choice([1, 1, 1, 2, 3, 4])
        month = add_months(start_month, rng.randrange(months))
        stay = 1 + int(rng.expovariate(1 / 4))
        months_plan: list[MonthPlan] = []
        index = 0
        while month <= end_month:
            progress = (
                month.year * 12 + month.month - start_month.year * 12 - start_month.month
            ) / max(months - 1, 1)
            first = index == 0
            automated = not first and rng.random() < 0.4 + 0.4 * progress
            refused = rng.random() >= 0.92
            digital = rng.random() < 0.6 + 0.3 * progress
            prev = add_months(month, -1)
            submitted = local(
                prev.year, prev.month, rng.randint(18, 28), rng.randint(7, 21), rng.randrange(60)
            )
            automated = automated and _robot_delegated(submitted.date())
            wait = (
                timedelta(minutes=rng.randint(2, 30))
                if automated
                else timedelta(hours=rng.choice([3, 6, 20, 30, 50, 80, 120]))
            )
            leaving = index + 1 >= stay
            incomes = (
                [("salary", f"{rng.randint(4, 12) * 1000}.00")]
                if leaving and rng.random() < 0.55
                else []
            )
            if leaving and not incomes and rng.random() < 0.4:
                incomes = [("unemployment_benefit", "3000.00")]
            months_plan.append(
                MonthPlan(
                    month=month,
                    channel="digital" if digital else "paper",
                    submitted_at=submitted,
                    decided_at=submitted + wait,
                    automated=automated,
                    # The automated function never refuses (issue 12 item 9; ADR 0117): a refusal
                    # in the history is a case worker's. The delegationsordning decides whether
                    # the robot may decide at all on that day.
                    outcome=Outcome.REJECTED if refused and not automated else Outcome.GRANTED,
                    household_size=size,
                    incomes=incomes,
                    reasons=[]
                    if automated
                    else [rng.choice(ROUTING_REASONS)[0]]
                    if not first
                    else ["new_application"],
                    paid=month < end_month,
                    decided=month < end_month or rng.random() < 0.7,
                )
            )
            plan = months_plan[-1]
            if not plan.decided and plan.automated:
                # Still open: the robot would have decided it at once, so it is one the triage
                # sent to a case worker (its reason chosen without drawing from the seed).
                plan.automated = False
                plan.reasons = [ROUTING_REASONS[1 + index % (len(ROUTING_REASONS) - 1)][0]]
            index += 1
            month = add_months(month, 1)
            if leaving:
                if rng.random() < 0.25:
                    month = add_months(month, rng.randint(2, 5))  # comes back later
                    stay = index + 1 + int(rng.expovariate(1 / 3))
                else:
                    break
        if months_plan:
            plans.append((user, months_plan))
    return build(plans, case_worker=case_worker, with_events=with_events)
