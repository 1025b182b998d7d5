"""The synthetic history's decisions cite the act in force for their month, as a real decision
does (decisions.legal): a month before 2025-07-01 was decided under socialtjänstlagen
(2001:453), later months under 2025:400. Found by the dashboard's three-year bench, whose 2023
months cited 2025:400 in the motivering, the post and the letter."""

from __future__ import annotations

import random
from datetime import date

from bistand.decisions.models import Decision
from bistand.demo.history import MonthPlan, build, citizens

OLD = "Socialtjänstlagen (2001:453)"
NEW = "Socialtjänstlagen (2025:400)"


def test_each_month_cites_the_act_in_force_for_it(db):
    (user,) = citizens(random.Random(3), 1, prefix="law")
    build([(user, [MonthPlan(date(2025, 6, 1)), MonthPlan(date(2025, 7, 1))])], with_events=False)
    june, july = Decision.objects.order_by("period_start")

    assert june.motivering["legal_sources"] == [f"{OLD} 4 kap. 1 §", f"{OLD} 4 kap. 3 §"]
    assert june.posts[0]["legal_source"] == f"{OLD} 4 kap. 1 § och 3 §"
    assert NEW not in june.letter_html and f"{OLD} 4 kap. 1 §" in june.letter_html

    assert july.motivering["legal_sources"] == [f"{NEW} 12 kap. 1 §", f"{NEW} 12 kap. 7 §"]
    assert july.posts[0]["legal_source"] == f"{NEW} 12 kap. 1 § och 7 §"
    assert OLD not in july.motivering["legal_sources"]
