"""Demo: synthetic households whose decisions were appealed, one in each state the nämnd sees:
received and waiting for rättidsprövning (in the shared queue), avvisat as too late, changed on
omprövning, and forwarded to förvaltningsrätten with the court's outcome. Idempotent."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal
from typing import Literal

from django.utils import timezone

from bistand.accounts.models import Role, User
from bistand.accounts.services import user_get_or_create_demo
from bistand.appeals import services
from bistand.appeals.models import CourtOutcome
from bistand.cases import selectors as case_selectors
from bistand.decisions import selectors as decision_selectors
from bistand.decisions import services as decision_services
from bistand.decisions.models import Decision, Delivery
from bistand.decisions.services import Post
from bistand.demo import scenarios
from bistand.synthetic import names, personnummer

PREFIX = "demo-overklagande-"


def _citizen(rng: random.Random, number: int) -> User:
    sex: Literal["F", "M"] = "F" if number % 2 else "M"
    born = scenarios.previous_month(timezone.localdate()).replace(year=1980 + number, day=10)
    return user_get_or_create_demo(
        username=f"{PREFIX}{number}",
        role=Role.CITIZEN,
        display_name=f"{names.first_name(rng, sex)} {names.surname(rng)} (överklagande)",
        personnummer=personnummer.generate(rng, born, sex),
    )


def _decided(citizen: User, worker: User, days_ago: int) -> Decision:
    month = scenarios.previous_month(timezone.localdate().replace(day=1))
    application = scenarios.decided_month(
        applicant=citizen, month=month, answers=scenarios.routine_answers(), decided_by=worker
    )
    decision = decision_selectors.decision_for_application(application_id=application.pk)
    assert decision is not None
    # Synthetic history: the decision is shown as made `days_ago` days ago, so that the demo has
    # appeals both within and after the three weeks.
    # Its letter is dated that day too, so that the decision replays identically.
    decided_at = timezone.now() - timedelta(days=days_ago)
    Decision.objects.filter(pk=decision.pk).update(decided_at=decided_at)
    decision.refresh_from_db()
    Decision.objects.filter(pk=decision.pk).update(
        letter_html=decision_services.decision_replay_letter(decision)
    )
    decision.refresh_from_db()
    # … and opened on Min sida the same day (the appeal period runs from then, FL 44 §).
    decision_services.delivery_record_opened(decision=decision, now=decided_at)
    Delivery.objects.filter(decision=decision).update(sent_at=decided_at)
    return decision


def create(rng: random.Random) -> None:
    own = random.Random(rng.random())
    citizens = [_citizen(own, n) for n in range(1, 5)]
    if case_selectors.cases_for_citizen(user=citizens[0]).exists():
        return
    worker = User.objects.filter(role=Role.EKONOMISEKRETERARE).order_by("pk").first()
    if worker is None:
        return
    today = timezone.localdate()

    # 1: received within the deadline, waiting for the nämnd (in the shared queue).
    decision = _decided(citizens[0], worker, days_ago=6)
    services.appeal_submit(
        decision=decision,
        by=citizens[0],
        wanted_change="Jag vill att ni räknar med min elräkning för hela månaden.",
        reasons="Elräkningen var högre i november eftersom det var kallt.",
    )

    # 2: came in after the three weeks: avvisat.
    decision = _decided(citizens[1], worker, days_ago=40)
    late = services.appeal_submit(
        decision=decision,
        by=citizens[1],
        wanted_change="Jag vill få bistånd till tandvård.",
        reasons="Jag hade ont i en tand.",
    )
    services.appeal_check_timeliness(
        appeal=late,
        version=late.version,
        by=worker,
        in_time=False,
        rejection_text=(
            "Överklagandet kom in efter tre veckor från den dag du fick beslutet. Nämnden "
            "avvisar det enligt 45 § förvaltningslagen."
        ),
    )

    # 3: changed on omprövning by the case worker.
    decision = _decided(citizens[2], worker, days_ago=10)
    changed = services.appeal_submit(
        decision=decision,
        by=citizens[2],
        wanted_change="Jag vill att hela hyran räknas.",
        reasons="Hyran höjdes från den 1:a.",
    )
    changed = services.appeal_check_timeliness(
        appeal=changed, version=changed.version, by=worker, in_time=True
    )
    post = decision.posts[0]
    services.appeal_change_decision(
        appeal=changed,
        version=changed.version,
        by=worker,
        posts=[
            Post(
                post=post["post"],
                label=post["label"],
                applied=Decimal(post["applied"]),
                granted=Decimal(post["applied"]),
                reason="Den höjda hyran är skälig.",
                legal_source=post["legal_source"],
            )
        ],
        motivering="Hyresavtalet visar att hyran höjdes. Den nya hyran är skälig för orten.",
    )

    # 4: forwarded to förvaltningsrätten, which did not change the decision.
    decision = _decided(citizens[3], worker, days_ago=20)
    forwarded = services.appeal_submit(
        decision=decision,
        by=citizens[3],
        wanted_change="Jag vill få bistånd till en ny säng.",
        reasons="Min säng gick sönder.",
        now=timezone.now() - timedelta(days=15),
    )
    forwarded = services.appeal_check_timeliness(
        appeal=forwarded, version=forwarded.version, by=worker, in_time=True
    )
    forwarded = services.appeal_forward(
        appeal=forwarded,
        version=forwarded.version,
        by=worker,
        forwarded_on=today - timedelta(days=10),
    )
    services.appeal_record_court_outcome(
        appeal=forwarded,
        version=forwarded.version,
        by=worker,
        outcome=CourtOutcome.REJECTED,
        decided_on=today - timedelta(days=1),
    )
