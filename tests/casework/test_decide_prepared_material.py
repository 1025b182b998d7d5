"""The decision form shows the aktivitetskrav decision planning prepared (issue 14 item 9,
docs/adr/0162, 0211): through the hook in cases, so casework never imports planning."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from django.urls import reverse

from bistand.cases import services as case_services
from bistand.planning.models import ActivityDecisionDraft
from tests import factories
from tests.factories import client_for

SRC = Path(__file__).resolve().parents[2] / "src" / "bistand"


def _draft(case_id, person, month, by, text="Förberett beslutsunderlag: aktivitetskrav."):
    return ActivityDecisionDraft.objects.create(
        case_id=case_id, person=person, month=month, text=text, prepared_by=by
    )


def test_the_prepared_decision_is_on_the_decision_form_with_a_link_to_it(eva, routed):
    month = routed.month
    earlier = (month.replace(day=1) - timedelta(days=1)).replace(day=1)
    person = routed.case.applicant
    _draft(routed.case_id, person, earlier, eva, "Hade 120 timmar planerade och deltog 80,5.")
    other = factories.citizen("other-1", seed=7)
    other_case = case_services.case_get_or_open(applicant=other)
    _draft(other_case.pk, other, month, eva, "Ett annat ärende.")
    page = client_for(eva).get(reverse("casework:decide", args=[routed.pk])).content.decode()
    assert "Förberett beslutsunderlag" in page
    assert f"Aktivitetskrav {earlier:%Y-%m}" in page
    assert "Hade 120 timmar planerade och deltog 80,5." in page
    assert "Ett annat ärende." not in page  # only this case's
    assert "Underlaget beslutar ingenting." in page
    link = re.search(
        r'<a href="(/planering/arenden/\d+/aktivitet/[^"]+)">Öppna aktivitetskravet', page
    )
    assert link, page[:2000]
    target = link.group(1).replace("&amp;", "&")
    assert f"?manad={earlier:%Y-%m}#person-{person.pk}" in target
    assert client_for(eva).get(target.split("#")[0]).status_code == 200


def test_without_prepared_material_the_section_is_not_there(eva, routed):
    page = client_for(eva).get(reverse("casework:decide", args=[routed.pk])).content.decode()
    assert "Förberett beslutsunderlag" not in page


def test_casework_and_planning_still_do_not_import_each_other():
    for app, other in (("casework", "planning"), ("planning", "casework")):
        for path in (SRC / app).rglob("*.py"):
            assert f"bistand.{other}" not in path.read_text(encoding="utf-8"), path
