"""Demo: a nödprövning, an återkrav with eftergift, and aktivitetskrav hours in the plan, so
the staff pages, Min sida and the anmälan av delegationsbeslut show them (issue 12 items 12–13,
issue 14 item 9). Idempotent; draws nothing from the shared random generator."""

from __future__ import annotations

import random
from decimal import Decimal

from django.utils import timezone

from bistand.accounts.models import User
from bistand.casework import services as casework_services
from bistand.decisions.models import Decision, EmergencyDecision
from bistand.payments import services as payment_services
from bistand.payments.models import RecoveryClaim
from bistand.planning import selectors as planning_selectors
from bistand.planning import services as planning_services


def create(rng: random.Random) -> None:
    eva = User.objects.filter(username="demo-ekonomisekreterare").first()
    elin = User.objects.filter(username="demo-enhetschef").first()
    planner = User.objects.filter(username="demo-arbetsmarknadssekreterare").first()
    citizen = User.objects.filter(username="demo-invanare-3").first()
    if eva is None or elin is None or planner is None or citizen is None:
        return
    if not EmergencyDecision.objects.exists():
        casework_services.emergency_decide(
            user=eva,
            data=casework_services.EmergencyInput(
                personnummer=citizen.personnummer or "",
                need="livsmedel",
                applied=Decimal("800.00"),
                granted=True,
                amount=Decimal("600.00"),
                facts="Lönen kommer först på fredag; inga pengar till mat i helgen.",
                reason="Du har inga pengar till mat i helgen. 600 kr räcker till mat för dig "
                "fram till fredag.",
                means="kort",
                reference="KORT-DEMO-1",
            ),
        )
    if not RecoveryClaim.objects.filter(created_by=elin).exists():
        paid = (
            Decision.objects.filter(decided_by__isnull=True, amount__gt=0)
            .order_by("decided_at", "pk")
            .first()
        )
        if paid is not None:
            claim = payment_services.recovery_claim_record(
                decision_id=paid.pk,
                amount=Decimal("1500.00"),
                reason="Lön för deltidsarbete redovisades inte i ansökan.",
                created_by=elin,
            )
            payment_services.recovery_claim_waive(
                claim=claim,
                amount=Decimal("500.00"),
                reason="Du saknar pengar till din försörjning för en del av beloppet.",
                waived_by=elin,
            )
    month = timezone.localdate().replace(day=1)
    due = [
        row
        for row in planning_selectors.activity_rows(month=month)
        if row["assessment"].status in {"no_plan"} and row["record"] is None
    ]
    # Three adults due for the aktivitetskrav: one short, one as planned, one not reported.
    for row, attended in zip(due[:3], (Decimal("72"), Decimal("120"), None), strict=False):
        planning_services.activity_hours_record(
            case=row["case"],
            person=row["person"],
            month=month,
            planned=Decimal("120"),
            attended=attended,
            exemption="",
            has_child_under_8=False,
            note="Språkträning och jobbsökaraktiviteter enligt planen.",
            by=planner,
        )
