"""Synthetic case history for the demo, the tests and the bench: months of applications,
decisions (automated and manual), triage reasons, calculations and payments.

History has to be dated in the past, which the services cannot do (they stamp `now`), so this
module writes the records in bulk with explicit dates, the same shape the pipeline writes.
Only synthetic people: personnummer from `bistand.synthetic.personnummer`, names from
`bistand.synthetic.names`. Used only by demo data, tests and bench – never by a request.
"""

from __future__ import annotations

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
from bistand.decisions import events as decision_events
from bistand.decisions.models import Calculation, Decision, Outcome, Triage
from bistand.followup.metrics import add_months
from bistand.payments.models import OrderStatus, PaymentOrder
from bistand.synthetic import names, personnummer

TZ = ZoneInfo("Europe/Stockholm")
AUTOMATED_LABEL = "Automatiserad beslutsfunktion"
DELEGATION = "Delegationsordning för socialnämnden, punkt 4.1 (exempel)"
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
    amount: Decimal = Decimal("5000.00")
    household_size: int = 1
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
    for i in range(1, plan.household_size):
        household.append({"id": f"c{i}", "role": "child", "age": 3 + 2 * i})
    return {
        "month": f"{plan.month:%Y-%m}",
        "municipality": "exempelkommun",
        "household": household,
        "costs": {"rent": plan.rent, "household_electricity": "300.00"},
        "incomes": [{"member": "a1", "type": t, "amount": a} for t, a in plan.incomes],
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


def build(
    plans: list[tuple[User, list[MonthPlan]]],
    *,
    case_worker: User | None = None,
    with_events: bool = True,
    number_prefix: str = "EB-H",
) -> list[Case]:
    """Write each citizen's case and its months. Returns the cases in order."""
    with transaction.atomic():
        first = Case.objects.filter(number__startswith=number_prefix).count()
        cases = Case.objects.bulk_create(
            [
                Case(number=f"{number_prefix}-{first + i:06d}", applicant=user)
                for i, (user, _) in enumerate(plans)
            ]
        )
        rows: list[tuple[Case, User, MonthPlan, Application]] = []
        apps = []
        for case, (user, months) in zip(cases, plans, strict=True):
            for plan in months:
                submitted = plan.submitted_at or local(
                    add_months(plan.month, -1).year, add_months(plan.month, -1).month, 25
                )
                plan.submitted_at = submitted
                app = Application(
                    case=case,
                    kind=ApplicationKind.RECURRING
                    if rows and rows[-1][0] is case
                    else ApplicationKind.NEW,
                    channel=plan.channel,
                    month=plan.month,
                    status=ApplicationStatus.DECIDED
                    if plan.decided
                    else ApplicationStatus.IN_QUEUE,
                    answers={},
                    created_by=user,
                    submitted_at=submitted,
                )
                apps.append(app)
                rows.append((case, user, plan, app))
        Application.objects.bulk_create(apps)
        calcs = Calculation.objects.bulk_create(
            [
                Calculation(
                    application_id=app.pk,
                    rules_version="history",
                    input=rules_input(plan),
                    output={"amount": f"{plan.amount:.2f}"},
                )
                for _, _, plan, app in rows
            ]
        )
        Triage.objects.bulk_create(
            [
                Triage(
                    application_id=app.pk,
                    automated=plan.automated,
                    reasons=[
                        {"code": code, "text": dict(ROUTING_REASONS).get(code, code)}
                        for code in (plan.reasons if not plan.automated else [])
                    ],
                    delegation_reference=DELEGATION,
                    calculation=calc,
                )
                for (_, _, plan, app), calc in zip(rows, calcs, strict=True)
            ]
        )
        decided = [(r, c) for r, c in zip(rows, calcs, strict=True) if r[2].decided]
        decisions = Decision.objects.bulk_create(
            [
                Decision(
                    application_id=app.pk,
                    case_id=case.pk,
                    decided_at=plan.decided_at or _plus_hours(plan.submitted_at, 2),
                    decided_by=None if plan.automated else case_worker,
                    decided_by_label=AUTOMATED_LABEL if plan.automated else "Handläggare",
                    delegation_reference=DELEGATION,
                    outcome=plan.outcome,
                    amount=plan.amount if plan.outcome != Outcome.REJECTED else Decimal("0.00"),
                    period_start=plan.month,
                    period_end=add_months(plan.month, 1) - timedelta(days=1),
                    posts=[],
                    motivering={"text": "Historik (syntetisk)"},
                    calculation=calc,
                    payment_date=plan.month,
                    letter_html="",
                )
                for (case, _, plan, app), calc in decided
            ]
        )
        orders = []
        for ((case, user, plan, app), _), decision in zip(decided, decisions, strict=True):
            if plan.paid and decision.amount > 0:
                orders.append(
                    PaymentOrder(
                        decision_id=decision.pk,
                        case_id=case.pk,
                        application_id=app.pk,
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
        if with_events:
            events = []
            for (case, _, plan, app), decision in zip(
                [r for r, _ in decided], decisions, strict=True
            ):
                events.append(
                    CaseEvent(case=case, application=app, kind=application_events.SUBMITTED)
                )
                events.append(
                    CaseEvent(
                        case=case,
                        application=app,
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
    return cases


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
            digital = rng.random() < 0.6 + 0.3 * progress
            prev = add_months(month, -1)
            submitted = local(
                prev.year, prev.month, rng.randint(18, 28), rng.randint(7, 21), rng.randrange(60)
            )
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
                    outcome=Outcome.GRANTED if rng.random() < 0.92 else Outcome.REJECTED,
                    amount=Decimal(rng.randint(2500, 12000)).quantize(Decimal("1.00"))
                    + size * 1500,
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
