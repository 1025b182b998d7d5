"""Issue 12 item 12: nödprövning. Same-day emergency assistance decided by staff with minimal
facts (also for a person without a case), paid at once by the configured means, with its own
letter, appeal notice and journal entry, counted in the delegation report, and followed up in
the next ordinary application."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from bistand.accounts.models import Role, User
from bistand.audit.models import AccessLogEntry
from bistand.cases.models import Case, CaseEvent
from bistand.casework.models import JournalEntry
from bistand.casework.services import CaseworkError, EmergencyInput, emergency_decide
from bistand.core.delegation import NODPROVNING
from bistand.core.emergency import emergency_rules, problems
from bistand.decisions.models import (
    Decision,
    EmergencyDecision,
    EmergencyFollowUp,
    StandaloneLetter,
    Triage,
)
from bistand.governance import reports
from bistand.payments.models import EmergencyPayment, PaymentOrder
from bistand.synthetic import personnummer
from tests import factories
from tests.decisions.conftest import process, recurring_application, routine_citizen
from tests.factories import client_for
from tests.governance.test_delegationsordning import example, own_directory

pytestmark = pytest.mark.django_db

URL = "/handlaggning/nodprovning/"


def new_number(seed: int = 7) -> str:
    return personnummer.generate(random.Random(seed), date(1988, 3, 9))


def form(**overrides: str) -> dict[str, str]:
    data = {
        "personnummer": new_number(),
        "need": "livsmedel",
        "applied": "600",
        "facts": "Plånboken stulen i går, inga pengar till mat förrän lönen kommer på fredag.",
        "decision": "granted",
        "amount": "450",
        "reason": "Du har inga pengar till mat i dag och behovet kan inte vänta till en "
        "vanlig ansökan. 450 kr räcker till mat fram till fredag.",
        "means": "kort",
        "reference": "KORT-0042",
    }
    data.update(overrides)
    return data


def test_a_person_without_a_case_gets_help_today_paid_at_once(eva):
    response = client_for(eva).post(URL, form())
    assert response.status_code == 302, response.content.decode()[:3000]
    emergency = EmergencyDecision.objects.get()
    assert response["Location"] == reverse("casework:emergency", args=[emergency.pk])
    # A case is opened for the person, who has never applied.
    person = User.objects.get(personnummer=new_number())
    case = Case.objects.get(applicant=person)
    assert (emergency.case_id, emergency.person_id) == (case.pk, person.pk)
    assert (emergency.applied, emergency.amount, emergency.outcome) == (
        Decimal("600.00"),
        Decimal("450.00"),
        "partly_granted",
    )
    assert emergency.delegation_reference.endswith("punkt 4.4 (EXEMPEL)")
    # Paid at once, by the chosen means, exactly once, never through the bank file.
    payment = EmergencyPayment.objects.get()
    assert (payment.emergency_id, payment.amount, payment.means, payment.reference) == (
        emergency.pk,
        Decimal("450.00"),
        "kort",
        "KORT-0042",
    )
    assert payment.paid_by == eva
    assert not PaymentOrder.objects.exists()
    # Its own journal entry, case event and access-log entry.
    entry = JournalEntry.objects.get(case_id=case.pk)
    assert entry.application_id is None
    assert entry.text.startswith(
        f"Nödprövning {timezone.localdate():%Y-%m-%d}: Mat, sökt 600\u00a0kr. "
        "Beviljas delvis: 450\u00a0kr. Utbetalt i dag: laddat på kort."
    )
    assert "Följs upp i nästa ordinarie ansökan." in entry.text
    assert CaseEvent.objects.filter(case=case, kind="emergency_decided").exists()
    assert AccessLogEntry.objects.filter(
        user=eva, object_type="emergency_decision", object_id=str(emergency.pk)
    ).exists()
    # The staff page shows the decision, the payment and the letter to print.
    page = client_for(eva).get(response["Location"]).content.decode()
    assert "Laddat på kort" in page and "KORT-0042" in page
    assert "Skriv ut beslutet (PDF)" in page


def test_the_letter_field_by_field(eva):
    client_for(eva).post(URL, form())
    emergency = EmergencyDecision.objects.get()
    letter = emergency.letter_html
    today = f"{timezone.localdate():%Y-%m-%d}"
    case = Case.objects.get(pk=emergency.case_id)
    assert "<h1>Beslut om ekonomiskt bistånd efter nödprövning</h1>" in letter
    # A person never seen before: the name and address come from folkbokföring.
    person = User.objects.get(pk=emergency.person_id)
    assert person.display_name
    assert f'<p class="addressee">{person.display_name}<br>' in letter
    assert "EXEMPELSTAD" in letter.split('<p class="addressee">')[1].split("</p>")[0]
    assert f'<tr><th scope="row">Ärende</th><td>{case.number}</td></tr>' in letter
    assert f'<tr><th scope="row">Beslutsdatum</th><td>{today} kl. ' in letter
    assert '<tr><th scope="row">Beslutet är fattat av</th><td>Eva Ekonom</td></tr>' in letter
    assert "Med stöd av delegation</th><td>Exempelkommunens socialnämnd" in letter
    assert '<tr><th scope="row">Du sökte</th><td>Mat, 600\u00a0kr</td></tr>' in letter
    assert (
        f"Du beviljas 450\u00a0kr till mat i dag, {today}. Ansökan avslås delvis: "
        "150\u00a0kr avslås." in letter
    )
    assert "Pengarna är laddade på ett kort som du får i vår reception i dag." in letter
    assert "450 kr räcker till mat fram till fredag." in letter
    assert "Beslutet grundar sig på Socialtjänstlagen (2025:400) 12 kap. 1 §." in letter
    assert "När du söker ekonomiskt bistånd nästa gång går en handläggare igenom" in letter
    # Its own appeal notice, with the part refused.
    assert "Du kan överklaga beslutet till förvaltningsrätten, också den del som avslogs." in letter
    assert f"(ärende {case.number}, nödprövning {today})" in letter
    assert "Exempelkommunen, socialnämnden<br>Box 100<br>123 45 Exempelstad" in letter
    # No digital appeal is offered: Min sida's appeal form is for a month's decision.
    assert "överklaga digitalt" not in letter
    assert "skicka det med e-post till forsorjningsstod@exempelkommun.example" in letter
    assert "inom tre veckor från den dag du fick del av beslutet" in letter
    assert (
        "Förvaltningslagen (2017:900) 40–45 §§. Socialtjänstlagen (2025:400) 35 kap. 1 §." in letter
    )
    assert "Telefon 031-390 06 00" in letter
    # Published for the person on Min sida; opening it starts the appeal period.
    published = StandaloneLetter.objects.get(kind="nodprovning", object_id=emergency.pk)
    assert published.addressee_ids == [emergency.person_id]
    citizen = client_for(emergency.person)
    page = citizen.get("/min-sida/").content.decode()
    assert f"Beslut efter nödprövning {today}" in page
    opened = citizen.get(f"/brev/{published.pk}/").content.decode()
    assert "Sista dag att överklaga" in opened


def test_a_refusal_pays_nothing_and_the_letter_says_avslås(eva):
    response = client_for(eva).post(
        URL, form(decision="denied", amount="", means="", reference="", reason="Du har pengar.")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    emergency = EmergencyDecision.objects.get()
    assert (emergency.outcome, emergency.amount) == ("rejected", Decimal("0.00"))
    assert not EmergencyPayment.objects.exists()
    assert "Din ansökan om 600\u00a0kr till mat avslås." in emergency.letter_html
    assert (
        "Så betalas" not in emergency.letter_html and 'class="means"' not in emergency.letter_html
    )


def test_a_rekvisition_goes_to_a_supplier_with_an_agreement_for_the_need(eva):
    wrong = client_for(eva).post(
        URL, form(need="lakemedel", means="leverantor", supplier="vandrarhem", amount="300")
    )
    assert wrong.status_code == 400
    assert "Leverantören har inte avtal för det behovet." in wrong.content.decode()
    assert not EmergencyDecision.objects.exists()
    right = client_for(eva).post(
        URL, form(need="lakemedel", means="leverantor", supplier="apotek", amount="300")
    )
    assert right.status_code == 302
    emergency = EmergencyDecision.objects.get()
    assert emergency.supplier == "Apoteket Exempel, Storgatan 3, Exempelstad"
    assert (
        "Vi skickar en rekvisition till Apoteket Exempel, Storgatan 3, Exempelstad. "
        "Där får du det du behöver i dag utan att betala" in emergency.letter_html
    )
    assert EmergencyPayment.objects.get().supplier == emergency.supplier


def test_bad_input_is_explained_at_the_field_and_nothing_is_lost(eva):
    response = client_for(eva).post(
        URL, form(personnummer="1234", amount="2 000", means="", reference="")
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "Välj hur pengarna betalas ut." in text
    assert "Skriv kvittots, kortets eller rekvisitionens nummer." in text
    assert "Plånboken stulen i går" in text  # what was typed is kept
    assert not EmergencyDecision.objects.exists()
    above = client_for(eva).post(URL, form(amount="1 600", applied="1 700"))
    assert (
        "Riktlinjen för mat är högst 1\u00a0500\u00a0kr per nödprövning." in above.content.decode()
    )


def test_a_delegate_without_the_nödprövning_point_is_refused(eva, tmp_path, monkeypatch):
    document = example()
    delegates = document["versions"][0]["delegates"]
    delegates["ekonomisekreterare"]["points"] = [
        p for p in delegates["ekonomisekreterare"]["points"] if p.get("kind") != NODPROVNING
    ]
    monkeypatch.setenv("BISTAND_MUNICIPALITY_DIR", str(own_directory(tmp_path, document)))
    response = client_for(eva).post(URL, form())
    assert response.status_code == 400
    assert "Du har ingen delegation för nödprövning" in response.content.decode()
    assert not EmergencyDecision.objects.exists() and not EmergencyPayment.objects.exists()
    assert not JournalEntry.objects.exists()


def test_only_those_who_decide_may_open_the_page(db):
    for role, status in [
        (Role.EKONOMISEKRETERARE, 200),
        (Role.ENHETSCHEF, 200),
        (Role.SOCIALSEKRETERARE, 403),
        (Role.GRANSKARE, 403),
    ]:
        assert client_for(factories.staff(role)).get(URL).status_code == status


def test_counted_in_the_monthly_delegation_report(eva):
    client_for(eva).post(URL, form())
    report = reports.delegation_report(
        month=timezone.localdate().replace(day=1), key=f"user-{eva.pk}"
    )
    assert report is not None
    assert [(r.kind, r.outcome) for r in report.rows] == [("Nödprövning", "Beviljas delvis")]
    assert "punkt 4.4" in report.rows[0].delegation_reference
    assert "450" not in reports.report_csv(report)


def test_the_next_ordinary_application_follows_it_up(eva):
    citizen = routine_citizen(3)
    worker = eva
    application = recurring_application(citizen, worker)
    emergency = emergency_decide(
        user=eva,
        data=EmergencyInput(
            personnummer=citizen.personnummer or "",
            need="logi",
            applied=Decimal("900.00"),
            granted=True,
            amount=Decimal("900.00"),
            facts="Utelåst, ingen annanstans att sova i natt.",
            reason="Du behöver någonstans att sova i natt.",
            means="leverantor",
            supplier="vandrarhem",
            reference="REK-7",
        ),
    )
    assert emergency.case_id == application.case_id
    process(application)
    # The robot does not decide it: the queue item says why, in Swedish.
    triage = Triage.objects.get(application_id=application.pk)
    assert not triage.automated
    texts = [r["text"] for r in triage.reasons]
    today = f"{timezone.localdate():%Y-%m-%d}"
    assert any(
        t.startswith("Nödbistånd har beviljats eller prövats sedan förra beslutet")
        and f"(nödprövning {today})" in t
        for t in texts
    ), texts
    assert not Decision.objects.filter(application_id=application.pk).exists()
    # The case worker sees it on the case page.
    client = client_for(worker)
    page = client.get(reverse("casework:case", args=[application.pk])).content.decode()
    assert "Nödprövningar" in page and "Följ upp nödbiståndet i den här ansökan." in page
    assert "Logi en natt, sökt 900\u00a0kr. Beviljas: 900\u00a0kr" in page
    assert "Inte uppföljd än." in page
    # Her decision on the application follows it up.
    from tests.casework.test_decide import decision_data

    client.post(reverse("casework:claim", args=[application.pk]))
    application.refresh_from_db()
    response = client.post(
        reverse("casework:decide", args=[application.pk]),
        decision_data(application, norm_direction="none", rent_choice="guideline"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    follow_up = EmergencyFollowUp.objects.get(emergency=emergency)
    assert follow_up.application_id == application.pk
    page = client.get(reverse("casework:case", args=[application.pk])).content.decode()
    assert f"Uppföljd {today}." in page


def test_the_example_configuration_is_valid_and_faults_are_named():
    rules = emergency_rules()
    assert [n.key for n in rules.needs] == ["livsmedel", "lakemedel", "logi"]
    assert rules.means == ("kontant", "kort", "leverantor")
    assert problems({"needs": [], "means": ["bitcoin"]}) == [
        "emergency.needs: must be a non-empty list of {key, label, max_amount}",
        "emergency.means: a non-empty list of kontant, kort, leverantor",
    ]
    bad = {
        "needs": [{"key": "mat", "label": "Mat", "max_amount": "0"}],
        "means": ["leverantor"],
        "suppliers": [{"key": "x", "name": "X", "needs": ["logi"]}],
    }
    assert problems(bad) == [
        "emergency.needs[0].max_amount: must be an amount above 0",
        "emergency.suppliers[0].needs: a non-empty list of the needs' keys",
    ]


def test_exactly_one_payment_even_if_recorded_twice(eva):
    from bistand.payments.services import emergency_payment_record

    client_for(eva).post(URL, form())
    emergency = EmergencyDecision.objects.get()
    again = emergency_payment_record(
        emergency_id=emergency.pk,
        case_id=emergency.case_id,
        amount=Decimal("450.00"),
        means="kort",
        supplier="",
        reference="KORT-0042",
        by=eva,
    )
    assert EmergencyPayment.objects.count() == 1 and again == EmergencyPayment.objects.get()
    with pytest.raises(CaseworkError):
        emergency_decide(
            user=factories.staff(Role.SOCIALSEKRETERARE),
            data=EmergencyInput(
                personnummer=new_number(8),
                need="livsmedel",
                applied=Decimal("100"),
                granted=True,
                amount=Decimal("100"),
                facts="x",
                reason="y",
                means="kontant",
                reference="K1",
            ),
        )
