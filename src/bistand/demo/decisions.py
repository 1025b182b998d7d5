"""Demo: a citizen whose next application is routine, so the robot decides it within seconds.

`demo-invanare-rutin` got last month's (this month's) försörjningsstöd from a named case worker.
When they apply for next month on Min sida ("fortsatt ansökan", pre-filled), nothing has changed
and the register simulator agrees with what they declare: the automated decision function
decides, and the letter is on Min sida a few seconds later (with the worker running).
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from bistand.accounts.models import Role, User
from bistand.accounts.services import user_get_or_create_demo
from bistand.cases import selectors as case_selectors
from bistand.demo import scenarios
from bistand.synthetic import names

USERNAME = "demo-invanare-rutin"


def create(rng: random.Random) -> None:
    own = random.Random(rng.random())
    this_month = timezone.localdate().replace(day=1)
    next_month = (this_month.replace(day=28) + timedelta(days=4)).replace(day=1)
    citizen = user_get_or_create_demo(
        username=USERNAME,
        role=Role.CITIZEN,
        display_name=f"{names.first_name(own, 'F')} {names.surname(own)} (fortsatt ansökan)",
        personnummer=scenarios.routine_personnummer_for(own, next_month),
    )
    if case_selectors.cases_for_citizen(user=citizen).exists():
        return
    worker = User.objects.filter(role=Role.EKONOMISEKRETERARE).order_by("pk").first()
    if worker is None:
        return
    scenarios.decided_month(
        applicant=citizen,
        month=this_month,
        answers=scenarios.routine_answers(),
        decided_by=worker,
    )
