"""Demo: a young adult who has left school and lives with a parent, and that parent (issue 11
item 2; 12 kap. 9 § SoL 2025:400, 12 kap. 3 § andra stycket SoF 2025:468).

- `demo-invanare-ung` (19, "ung vuxen, bor hos en förälder") got this month's försörjningsstöd
  as an own household from a named case worker (a first application always goes to a person):
  the ensamstående amount plus a third of the shared household costs, and a third of the
  home's rent and electricity (the young adult, the mother and a younger sister live there).
  When the young adult applies for next month and nothing has changed, the robot decides.
- `demo-invanare-foralder` (the mother, "förälder till en ung vuxen") has her own case: herself
  and the 12-year-old daughter; the young adult is 19 and out of school, so an own household in
  her calculation, shown but not counted.

The two cases are separate: neither login can open the other's case, applications or letters,
and nothing links them but what each has answered (the mother: a child aged 19 out of school;
the young adult: a parent in the home). Synthetic people only.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any, Literal

from django.utils import timezone

from bistand.accounts.models import Role, User
from bistand.accounts.services import user_get_or_create_demo
from bistand.cases import selectors as case_selectors
from bistand.core import personnummer as pnr
from bistand.demo import scenarios
from bistand.synthetic import names, personnummer

YOUNG_ADULT = "demo-invanare-ung"
PARENT = "demo-invanare-foralder"


def parent_answers(month: date, son_born: date) -> dict[str, Any]:
    """The mother's answers: herself, her daughter (12) and her son (19, out of school)."""
    answers = scenarios.routine_answers(rent="9000.00", electricity="600.00")
    answers["household"] = {"has_partner": False, "children_count": 2, "other_adults_count": 0}
    answers["children"] = {
        "items": [
            {
                "birth_date": f"{month.year - 12}-03-09",
                "lunch_at_school": True,
                "lives_here": "full",
            },
            {
                "birth_date": son_born.isoformat(),
                "lunch_at_school": False,
                "lives_here": "full",
                "in_school": False,
            },
        ]
    }
    return answers


def create(rng: random.Random) -> None:
    own = random.Random(rng.random())
    this_month = timezone.localdate().replace(day=1)
    next_month = (this_month.replace(day=28) + timedelta(days=4)).replace(day=1)
    number = scenarios.young_adult_personnummer_for(own, next_month)
    sex: Literal["F", "M"] = "F" if int(number[-2]) % 2 == 0 else "M"  # the personnummer's
    young = user_get_or_create_demo(
        username=YOUNG_ADULT,
        role=Role.CITIZEN,
        display_name=f"{names.first_name(own, sex)} {names.surname(own)} "
        "(ung vuxen, bor hos en förälder)",
        personnummer=number,
    )
    parent = user_get_or_create_demo(
        username=PARENT,
        role=Role.CITIZEN,
        display_name=f"{names.first_name(own, 'F')} {names.surname(own)} "
        "(förälder till en ung vuxen)",
        personnummer=personnummer.generate(own, date(1974, 9, 2), "F"),
    )
    worker = User.objects.filter(role=Role.EKONOMISEKRETERARE).order_by("pk").first()
    if worker is None:
        return
    if not case_selectors.cases_for_citizen(user=young).exists():
        scenarios.decided_month(
            applicant=young,
            month=this_month,
            answers=scenarios.young_adult_answers(parents=1, siblings=1),
            decided_by=worker,
        )
    if not case_selectors.cases_for_citizen(user=parent).exists():
        scenarios.decided_month(
            applicant=parent,
            month=this_month,
            answers=parent_answers(this_month, pnr.birth_date(number)),
            decided_by=worker,
        )
