"""The case worker's decision form (issue 14 item 3): corrections of incomes, costs and the
household with a reason each, recorded and shown as the basis in the letter; the amount before
deciding without JavaScript; every manual decision journaled; a decided case cannot be returned
to the queue; the jobbstimulans ledger where the decision is made (issue 11 item 4)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.urls import reverse

from bistand import rules
from bistand.cases.models import CaseEvent
from bistand.casework import events as casework_events
from bistand.casework import services
from bistand.casework.corrections import Correction, apply_corrections
from bistand.casework.models import JournalEntry
from bistand.core.format import month_label
from bistand.decisions import pipeline
from bistand.decisions import selectors as decision_selectors
from bistand.decisions.models import Calculation, Decision, Triage
from bistand.demo import casework as demo
from tests import factories
from tests.factories import client_for

from .test_decide import decision_data


def _field(response, text: str, suffix: str) -> str:
    """The name of the correction field whose label contains `text` (e.g. "Lön, sökande")."""
    form = response.context["form"]
    names = [
        name
        for name, field in form.fields.items()
        if name.endswith(suffix) and text.lower() in str(field.label).lower()
    ]
    assert len(names) == 1, names
    return names[0]


def _plain(routed, **overrides):
    """A decision with nothing but the corrections: norm as riksnormen, rent by the guideline."""
    return decision_data(
        routed,
        norm_direction="none",
        norm_amount="",
        norm_reason="",
        rent_choice="guideline",
        radrum_until="",
        need_n1_decision="denied",
        need_n1_amount="",
        need_n1_reason="Glasögon ryms i normen.",
        **overrides,
    )


def test_an_income_the_registers_report_can_be_corrected_with_a_reason(eva, routed):
    url = reverse("casework:decide", args=[routed.pk])
    page = client_for(eva).get(url)
    salary = _field(page, "Lön, sökande", "_amount")
    reason = salary.replace("_amount", "_reason")
    assert "Hos myndigheterna: 2\u00a0750\u00a0kr." in page.content.decode()
    assert f'name="{salary}" value="1500"' in page.content.decode()

    # Changed without a reason: a message at the reason field, nothing entered is lost.
    missing = client_for(eva).post(url, _plain(routed, **{salary: "2 750", "action": "calculate"}))
    assert missing.status_code == 400
    body = missing.content.decode()
    assert f'href="#id_{reason}">Skriv skälet till ändringen.' in body
    assert f'name="{salary}" value="2 750"' in body

    robot = Decimal(decision_selectors.robot_calculation(application_id=routed.pk).output["amount"])
    data = _plain(
        routed, **{salary: "2 750", reason: "Skatteverkets kontrolluppgift visar 2 750 kr."}
    )
    preview = client_for(eva).post(url, {**data, "action": "calculate"})
    assert preview.status_code == 200
    new_amount = Decimal(preview.context["result"]["amount"])
    assert robot - new_amount == Decimal("1250.00")  # a new applicant: the whole salary counts
    body = preview.content.decode()
    assert "Lön, sökande: 1\u00a0500\u00a0kr ändras till 2\u00a0750\u00a0kr." in body
    assert not Decision.objects.filter(application_id=routed.pk).exists()

    assert client_for(eva).post(url, data).status_code == 302
    decision = Decision.objects.get(application_id=routed.pk)
    assert decision.amount == new_amount
    salaries = [i for i in decision.calculation.input["incomes"] if i["type"] == "salary"]
    assert salaries == [{"member": "a1", "type": "salary", "amount": "2750.00"}]
    # Recorded: who, what, old → new, reason.
    event = CaseEvent.objects.get(application=routed, kind=casework_events.FACTS_CORRECTED)
    assert event.actor == eva
    [recorded] = event.data["corrections"]
    assert (recorded["target"], recorded["old"], recorded["new"]) == (
        "a1:salary",
        "1500.00",
        "2750.00",
    )
    assert recorded["reason"] == "Skatteverkets kontrolluppgift visar 2 750 kr."
    # The letter gives the corrected facts as the basis of the decision.
    assert "Vi har rättat uppgifter i din ansökan" in decision.letter_html
    assert (
        "Lön, sökande: 1\u00a0500\u00a0kr ändras till 2\u00a0750\u00a0kr." in decision.letter_html
    )
    assert "avslås delvis" in decision.letter_html  # less than the robot's figure (ADR 0112)
    # Each lagrum once in "Beslutet grundar sig på" (FL 32 §).
    sources = decision.motivering["legal_sources"]
    assert len(sources) == len(set(sources))
    assert all(";" not in source for source in sources)


def test_the_calculation_is_the_robots_engine_on_the_corrected_household(eva, routed):
    url = reverse("casework:decide", args=[routed.pk])
    page = client_for(eva).get(url)
    rent = _field(page, "Hyra", "_amount")
    data = _plain(
        routed,
        **{
            rent: "5 900",
            rent.replace("_amount", "_reason"): "Nytt hyresavtal från den 1:a.",
            "mem_new_role": "child",
            "mem_new_age": "4",
            "mem_new_reason": "Barnet är folkbokfört hos den sökande sedan förra månaden.",
        },
    )
    assert client_for(eva).post(url, data).status_code == 302
    decision = Decision.objects.get(application_id=routed.pk)
    robot_input = decision_selectors.robot_calculation(application_id=routed.pk).input
    recorded = decision.motivering["corrections"]
    assert [c["kind"] for c in recorded] == ["member_add", "cost"]  # the household first
    # The same engine, on the robot's own input with the corrections applied.
    expected_input = {
        **apply_corrections(robot_input, [Correction(**_c(c)) for c in recorded]),
        "assessed_needs": decision.calculation.input["assessed_needs"],
    }
    assert decision.calculation.input == expected_input
    assert decision.calculation.output == rules.calculate(expected_input).to_dict()
    assert decision.calculation.input["household"][-1] == {"id": "c1", "role": "child", "age": 4}


def _c(recorded: dict) -> dict:
    return {k: v for k, v in recorded.items() if k != "sentence"}


def test_without_a_robot_calculation_the_worker_starts_from_the_robots_input(routed):
    Triage.objects.filter(application_id=routed.pk).update(calculation=None)
    Calculation.objects.filter(application_id=routed.pk).delete()
    assert services.base_rules_input(routed) == pipeline.robot_rules_input(routed)[0]


def test_every_manual_decision_writes_its_journal_entry(eva, routed):
    url = reverse("casework:decide", args=[routed.pk])
    assert client_for(eva).post(url, decision_data(routed)).status_code == 302
    [entry] = JournalEntry.objects.filter(application_id=routed.pk)
    assert entry.author == eva
    assert entry.text.startswith("Beslut om ekonomiskt bistånd för")
    assert "Glasögon" in entry.text
    assert "Motivering: Du har rätt till bistånd för din försörjning." in entry.text
    page = client_for(eva).get(reverse("casework:case", args=[routed.pk])).content.decode()
    assert "Beslut om ekonomiskt bistånd för" in page


def test_a_decided_case_no_longer_offers_to_return_it_to_the_queue(eva, routed):
    case_url = reverse("casework:case", args=[routed.pk])
    client_for(eva).post(reverse("casework:claim", args=[routed.pk]))
    assert "Lämna tillbaka till kön" in client_for(eva).get(case_url).content.decode()
    assert (
        client_for(eva)
        .post(reverse("casework:decide", args=[routed.pk]), decision_data(routed))
        .status_code
        == 302
    )
    assert "Lämna tillbaka till kön" not in client_for(eva).get(case_url).content.decode()
    response = client_for(eva).post(reverse("casework:release", args=[routed.pk]), follow=True)
    assert "kan inte lämnas tillbaka" in response.content.decode()
    routed.refresh_from_db()
    assert routed.status == "decided"


def test_the_jobbstimulans_ledger_is_shown_where_the_decision_is_made(eva, citizen):
    this = factories.this_month()

    def back(n: int) -> date:
        y, m = divmod(this.year * 12 + this.month - 1 - n, 12)
        return date(y, m + 1, 1)

    # Granted 9 and 8 months back, not 7 back (a break), then 6 in a row: 6…1 months back.
    for n in (9, 8, 6, 5, 4, 3, 2, 1):
        factories.decision(applicant=citizen, month=back(n))
    routed = demo.routed_application(applicant=citizen, month=this, declared_salary="3 000")
    for name in ("casework:case", "casework:decide"):
        page = client_for(eva).get(reverse(name, args=[routed.pk])).content.decode()
        assert "Jobbstimulans" in page
        assert f"Jobbstimulansperioden började {month_label(this)}" in page
        assert "Den gäller för den här månaden." in page
        assert f"Månader som bröt följden: {month_label(back(7))}." in page


def _month_after(month: date, n: int = 1) -> date:
    y, m = divmod(month.year * 12 + month.month - 1 + n, 12)
    return date(y, m + 1, 1)


def test_a_decided_radrum_runs_to_its_date_and_the_assessed_rent_follows(eva, citizen, routed):
    """Rådrum to the end of next month, then 5 000 kr: next month's robot calculation pays the
    whole rent and the form shows the rådrum; the month after, 5 000 kr is counted. The robot
    never applies the assessment by itself: each month goes to the queue."""
    next_month = _month_after(routed.month)
    until = _month_after(routed.month, 2) - timedelta(days=1)
    data = decision_data(
        routed,
        rent_choice="radrum",
        radrum_until=f"{until:%Y-%m-%d}",
        rent_cap="5 000",
        rent_reason="Skälig hyra för hushållet.",
    )
    assert (
        client_for(eva).post(reverse("casework:decide", args=[routed.pk]), data).status_code == 302
    )

    second = demo.routed_application(applicant=citizen, month=next_month)
    robot = decision_selectors.robot_calculation(application_id=second.pk)
    assert robot.input["costs"]["rent_radrum_until"] == f"{until:%Y-%m-%d}"
    assert robot.input["costs"]["rent_assessed_max"] == "5000.00"
    assert [
        line["amount"] for line in robot.output["lines"] if line["rule"] == "kostnader.radrum"
    ] == ["6500.00"]
    assert second.status == "in_queue"
    assert "rent_above_guideline" in [
        r["code"] for r in Triage.objects.get(application_id=second.pk).reasons
    ]
    form = client_for(eva).get(reverse("casework:decide", args=[second.pk])).context["form"]
    assert form["rent_choice"].value() == "radrum"
    assert form["rent_cap"].value() == "5000"
    assert form["radrum_until"].value() == until

    decided = client_for(eva).post(
        reverse("casework:decide", args=[second.pk]),
        {
            **decision_data(second, rent_choice="radrum", radrum_until=f"{until:%Y-%m-%d}"),
            "rent_cap": "5 000",
            "rent_reason": "Skälig hyra för hushållet.",
            "need_n1_decision": "",
        },
    )
    assert decided.status_code == 302, decided.content.decode()[:2000]
    third = demo.routed_application(applicant=citizen, month=_month_after(routed.month, 2))
    robot = decision_selectors.robot_calculation(application_id=third.pk)
    assert "rent_radrum_until" not in robot.input["costs"]
    assert [
        line["amount"]
        for line in robot.output["lines"]
        if line["rule"] == "kostnader.assessed_rent"
    ] == ["5000.00", "1500.00"]


def test_a_sambo_added_with_an_income_counts_in_the_same_decision(eva, routed):
    url = reverse("casework:decide", args=[routed.pk])
    data = _plain(
        routed,
        mem_new_role="partner",
        mem_new_age="35",
        mem_new_reason="Sambo enligt folkbokföringen sedan oktober.",
        inc_new1_member="ny",
        inc_new1_type="salary",
        inc_new1_amount="9 000",
        inc_new1_reason="Lön enligt sambons lönebesked.",
        action="calculate",
    )
    preview = client_for(eva).post(url, data)
    assert preview.status_code == 200, preview.content.decode()[:3000]
    body = preview.content.decode()
    assert "Ny i hushållet: Make, maka eller sambo, 35 år." in body
    assert "Lön, make, maka eller sambo: 0\u00a0kr ändras till 9\u00a0000\u00a0kr." in body
    # Without the person, the income has nobody to belong to: a message at the field.
    alone = client_for(eva).post(url, {**data, "mem_new_role": ""})
    assert alone.status_code == 400
    assert "Lägg till den vuxna under Hushållet först" in alone.content.decode()
    assert 'value="9 000"' in alone.content.decode()
