"""Synthetic test data for payments: citizens, applications, decisions, bank accounts (staff
and the rest come from the shared builders in tests/factories.py).

Names and personnummer come from `bistand.synthetic`; bank accounts are generated here with a
valid check digit for a clearing series, never taken from anywhere.
"""

from __future__ import annotations

import random
import uuid
from datetime import date
from decimal import Decimal

from bankkonto import BankkontoException
from bankkonto import validate as bankkonto_validate

from bistand.accounts.models import Role, User
from bistand.applications import services as application_services
from bistand.applications.models import ApplicationKind, ApplicationStatus, Channel
from bistand.cases import services as case_services
from bistand.decisions.models import Calculation, Decision
from bistand.decisions.services import Post, decision_make
from bistand.synthetic import names, personnummer
from tests import factories

RNG = random.Random(20261201)
MONTH = date(2026, 12, 1)


def synthetic_account(rng: random.Random = RNG, clearing: str | None = None) -> dict[str, str]:
    """A valid Swedish account number for a synthetic applicant (SEB 5xxx series by default)."""
    while True:
        clear = clearing or str(5000 + int(rng.random() * 1000))
        body = "".join(str(int(rng.random() * 10)) for _ in range(6))
        for check in range(10):
            try:
                bankkonto_validate(clear, f"{body}{check}")
            except BankkontoException:
                continue
            return {"clearing": clear, "account": f"{body}{check}"}


def citizen(rng: random.Random = RNG) -> User:
    sex = "F" if rng.random() < 0.5 else "M"
    year, month, day = (int(rng.random() * n) for n in (40, 12, 28))
    born = date(1960 + year, 1 + month, 1 + day)
    pnr = personnummer.generate(rng, born, sex)
    while User.objects.filter(personnummer=pnr).exists():
        pnr = personnummer.generate(rng, born, sex)
    return User.objects.create(
        username=f"citizen-{uuid.uuid4().hex[:12]}",
        role=Role.CITIZEN,
        personnummer=pnr,
        display_name=f"{names.first_name(rng, sex)} {names.surname(rng)}",
    )


def case_worker(username: str = "handlaggare") -> User:
    return factories.staff(Role.EKONOMISEKRETERARE, username, display_name="Handläggare Test")


def decision(
    *,
    amount: Decimal | str = "5220.00",
    channel: Channel = Channel.DIGITAL,
    payment: dict[str, str] | bool | None = True,
    decided_by: User | None = None,
    month: date = MONTH,
    applicant: User | None = None,
    motivering: dict[str, object] | None = None,
    rent_to_landlord: dict[str, str] | None = None,
) -> Decision:
    """A decision on a submitted application. payment=True gives a synthetic valid account."""
    applicant = applicant or citizen()
    answers: dict[str, object] = {}
    if payment is True:
        answers["payment"] = synthetic_account()
    elif isinstance(payment, dict):
        answers["payment"] = payment
    case = case_services.case_get_or_open(applicant=applicant)
    application = application_services.application_start(
        case=case,
        month=month,
        created_by=applicant,
        kind=ApplicationKind.RECURRING,
        channel=channel,
        answers=answers,
    )
    application_services.application_set_status(
        application=application, status=ApplicationStatus.SUBMITTED
    )
    amount = Decimal(amount)
    if decided_by is None and amount <= 0:
        # The automated function never refuses (core.delegation): a refusal is a case worker's.
        decided_by, _ = User.objects.get_or_create(
            username="factory-ekonomisekreterare", defaults={"role": Role.EKONOMISEKRETERARE}
        )
    calculation = Calculation.objects.create(
        application_id=application.pk,
        rules_version="test",
        input={},
        output={"amount": f"{amount:.2f}", "lines": []},
    )
    return decision_make(
        application=application,
        calculation=calculation,
        posts=[
            Post(
                post="forsorjningsstod",
                label="Försörjningsstöd",
                applied=amount if decided_by is None else max(amount, Decimal("1.00")),
                granted=amount,
                reason="Test",
                legal_source="SoL (2025:400) 12 kap. 1 §",
            )
        ],
        motivering=motivering or {"text": "Test"},
        decided_by=decided_by,
        delegation_reference="Test delegation",
        rent_to_landlord=rent_to_landlord,
    )
