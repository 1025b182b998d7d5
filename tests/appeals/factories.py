"""Synthetic households, staff and decisions for the appeals and messaging tests.

Personnummer come from `bistand.synthetic`; nothing here is a real person.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime
from decimal import Decimal

from bistand.accounts.models import Role, User
from bistand.applications import services as application_services
from bistand.applications.models import ApplicationKind, ApplicationStatus
from bistand.cases import services as case_services
from bistand.decisions.models import Calculation, Decision, Delivery
from bistand.decisions.services import Post, decision_make, delivery_record_opened
from bistand.synthetic import personnummer

RNG = random.Random(20261201)
MONTH = date(2026, 11, 1)


def citizen(name: str = "") -> User:
    born = date(
        1970 + int(RNG.random() * 30), 1 + int(RNG.random() * 12), 1 + int(RNG.random() * 28)
    )
    pnr = personnummer.generate(RNG, born)
    while User.objects.filter(personnummer=pnr).exists():
        pnr = personnummer.generate(RNG, born)
    return User.objects.create(
        username=name or f"citizen-{uuid.uuid4().hex[:10]}",
        role=Role.CITIZEN,
        personnummer=pnr,
        display_name=(name or "Test").title() + " Testsson",
    )


def staff(role: Role, username: str = "") -> User:
    user, _ = User.objects.get_or_create(
        username=username or f"staff-{role.value}",
        defaults={"role": role, "display_name": f"{role.label} Test"},
    )
    return user


def decision(
    *,
    applicant: User,
    month: date = MONTH,
    applied: str | None = None,
    granted: str = "5220.00",
    decided_by: User | None = None,
    decided_at: datetime | None = None,
    opened: bool = True,
) -> Decision:
    """A decision on a submitted application of `applicant`'s household (made now, or moved
    back to `decided_at` to test deadlines), opened on Min sida the day it was made unless
    `opened=False`."""
    if applied is None:
        # The automated function only grants what was applied for (it never refuses, not even
        # in part: core.delegation); a case worker's decision refuses part by default.
        applied = granted if decided_by is None else "6000.00"
    case = case_services.case_get_or_open(applicant=applicant)
    application = application_services.application_start(
        case=case, month=month, created_by=applicant, kind=ApplicationKind.RECURRING, answers={}
    )
    application_services.application_set_status(
        application=application, status=ApplicationStatus.SUBMITTED
    )
    calculation = Calculation.objects.create(
        application_id=application.pk,
        rules_version="test",
        input={},
        output={"amount": granted, "lines": []},
    )
    made = decision_make(
        application=application,
        calculation=calculation,
        posts=[
            Post(
                post="forsorjningsstod",
                label="Försörjningsstöd",
                applied=Decimal(applied),
                granted=Decimal(granted),
                reason="Beräknat enligt riksnormen.",
                legal_source="SoL (2025:400) 12 kap. 1 §",
            )
        ],
        motivering={"text": "Test"},
        decided_by=decided_by,
        delegation_reference="Test delegation",
    )
    if decided_at is not None:
        # Immutable model: move the date in the database only, as if made earlier.
        Decision.objects.filter(pk=made.pk).update(decided_at=decided_at)
        Delivery.objects.filter(decision=made).update(sent_at=decided_at)
        made.refresh_from_db()
    if opened:
        delivery_record_opened(decision=made, now=made.decided_at)
    return made
