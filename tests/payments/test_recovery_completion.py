"""Issue 12 item 13, completed: the condition in the granting decision (33 kap. 2 §), the
återkrav decision's letter delivered like other letters, återkrav in the anmälan av
delegationsbeslut, and the delegation check for återkrav (KL 6 kap. 37 §)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import yaml
from django.utils import timezone

from bistand.accounts.models import Role
from bistand.cases.models import Case
from bistand.core.delegation import ATERKRAV, BISTAND, problems
from bistand.decisions.models import (
    DeliveryChannel,
    LetterPreference,
    StandaloneDelivery,
    StandaloneLetter,
)
from bistand.decisions.services import letters_send_second_channel, repayment_condition
from bistand.governance import reports
from bistand.payments import services
from bistand.payments.models import RecoveryClaim
from tests import factories
from tests.governance.test_delegationsordning import example, own_directory
from tests.payments.factories import decision
from tests.payments.test_pages import _client, _sent_order

pytestmark = pytest.mark.django_db


def _claim(user, amount: str = "800.00") -> RecoveryClaim:
    return services.recovery_claim_record(
        decision_id=_sent_order().decision_id,
        amount=Decimal(amount),
        reason="Lön i november redovisades inte i ansökan.",
        created_by=user,
    )


def test_the_claim_is_decided_under_the_återkrav_point_and_the_letter_says_so():
    _unused, user = _client(Role.EKONOMISEKRETERARE, "eva")
    claim = _claim(user)
    assert claim.delegation_reference.endswith("punkt 4.5 (EXEMPEL)")
    assert "§ 112" in claim.delegation_reference
    assert "Med stöd av delegation" in claim.letter_html
    assert claim.delegation_reference in claim.letter_html


def test_a_delegate_without_the_återkrav_point_is_refused(tmp_path, monkeypatch):
    document = example()
    points = document["versions"][0]["delegates"]["ekonomisekreterare"]["points"]
    document["versions"][0]["delegates"]["ekonomisekreterare"]["points"] = [
        p for p in points if p.get("kind", BISTAND) != ATERKRAV
    ]
    monkeypatch.setenv("BISTAND_MUNICIPALITY_DIR", str(own_directory(tmp_path, document)))
    _c, secretary = _client(Role.EKONOMISEKRETERARE, "eva")
    with pytest.raises(services.PaymentError, match="inte delegation att besluta om återkrav"):
        _claim(secretary)
    assert not RecoveryClaim.objects.exists()
    # The enhetschef keeps the point: the same claim is recorded, and eftergift by the
    # ekonomisekreterare is refused too.
    _c, manager = _client(Role.ENHETSCHEF, "elin")
    claim = _claim(manager)
    with pytest.raises(services.PaymentError, match="inte delegation"):
        services.recovery_claim_waive(
            claim=claim, amount=Decimal("100.00"), reason="Saknar medel", waived_by=secretary
        )


def test_the_automated_function_can_never_hold_an_återkrav_point():
    document = example()
    document["versions"][0]["delegates"]["automated"]["points"].append(
        {"point": "9.9", "kind": "aterkrav", "matter": "Återkrav", "may": ["grant"]}
    )
    assert any("decides no aterkrav" in fault for fault in problems(document))
    document["versions"][0]["delegates"]["automated"]["points"][-1]["kind"] = "annat"
    assert any(".kind: one of" in fault for fault in problems(document))


def test_the_återkrav_letter_is_on_min_sida_and_says_it_cannot_be_appealed_to_the_court():
    _c, user = _client(Role.ENHETSCHEF, "elin")
    claim = _claim(user)
    letter = StandaloneLetter.objects.get(kind="aterkrav", object_id=claim.pk)
    assert letter.html == claim.letter_html
    case = Case.objects.get(pk=claim.case_id)
    citizen = factories.client_for(case.applicant)
    page = citizen.get("/min-sida/").content.decode()
    assert "Andra beslut: återkrav och nödprövning" in page
    assert f"Beslut om återkrav {timezone.localdate():%Y-%m-%d}" in page
    assert "Nytt beslut, inte öppnat än." in page
    opened = citizen.get(f"/brev/{letter.pk}/").content.decode()
    assert "Socialnämnden kräver tillbaka 800\u00a0kr" in opened
    # No appeal period for an återkrav (35 kap. 1 §): the page says what review there is.
    assert "Sista dag att överklaga" not in opened
    from bistand.core.format import citizen_day

    assert f"Beslutet kom fram till dig {citizen_day(timezone.localdate())}." in opened
    assert "Ett beslut om återkrav kan inte överklagas till förvaltningsrätten." in opened
    page = citizen.get("/min-sida/").content.decode()
    assert f"Du fick beslutet {citizen_day(timezone.localdate())}." in page
    assert "Sista dag att överklaga" not in page.split("Andra beslut")[1]
    delivery = StandaloneDelivery.objects.get(letter=letter, channel=DeliveryChannel.MIN_SIDA)
    assert delivery.received_at is not None
    assert citizen.get(f"/brev/{letter.pk}/pdf/")["Content-Type"] == "application/pdf"
    # Another citizen never reads it.
    stranger = factories.client_for(factories.citizen())
    assert stranger.get(f"/brev/{letter.pk}/").status_code == 404


def test_the_återkrav_letter_goes_by_post_when_chosen_or_when_not_opened():
    _c, user = _client(Role.ENHETSCHEF, "elin")
    first = _claim(user)
    applicant = Case.objects.get(pk=first.case_id).applicant
    LetterPreference.objects.create(user=applicant, by_post=True)
    second = services.recovery_claim_record(
        decision_id=first.decision_id,
        amount=Decimal("100.00"),
        reason="Ytterligare lön.",
        created_by=user,
    )
    chosen = StandaloneLetter.objects.get(kind="aterkrav", object_id=second.pk)
    assert chosen.deliveries.filter(channel=DeliveryChannel.POST).exists()
    # The first letter, not opened in time, goes to the digital mailbox or post, once.
    later = timezone.now() + timedelta(days=30)
    # (the month's decision letter, not opened either, goes too: 2 in all)
    assert sum(letters_send_second_channel(now=later).values()) == 2
    unopened = StandaloneLetter.objects.get(kind="aterkrav", object_id=first.pk)
    assert unopened.deliveries.exclude(channel=DeliveryChannel.MIN_SIDA).count() == 1
    assert sum(letters_send_second_channel(now=later).values()) == 0


def test_återkrav_and_eftergift_are_in_the_monthly_delegation_report():
    _c, user = _client(Role.ENHETSCHEF, "elin")
    claim = _claim(user)
    services.recovery_claim_waive(
        claim=claim, amount=Decimal("200.00"), reason="Saknar medel", waived_by=user
    )
    found = reports.delegation_report(
        month=timezone.localdate().replace(day=1), key=f"user-{user.pk}"
    )
    assert found is not None
    kinds = [(row.kind, row.outcome) for row in found.rows]
    assert ("Återkrav", "Återkrav") in kinds and ("Eftergift", "Eftergift") in kinds
    assert found.counts["Återkrav"] == 1 and found.counts["Eftergift"] == 1
    csv_text = reports.report_csv(found)
    assert "Återkrav" in csv_text and "punkt 4.5" in csv_text
    assert "800" not in csv_text  # no amounts in the nämnd's public version


def test_the_granting_decision_states_the_condition_with_its_lagrum():
    condition = repayment_condition(
        kind="forskott", detail="sjukpenning för november", amount=Decimal("5220.00")
    )
    assert condition["ground"] == "33:2"
    assert condition["text"].startswith(
        "Biståndet, 5\u00a0220\u00a0kr, beviljas som förskott på sjukpenning för november."
    )
    made = decision(motivering={"text": "T", "repayment_condition": condition})
    assert "<h2>Villkor: biståndet ska betalas tillbaka</h2>" in made.letter_html
    assert "Lagrum: Socialtjänstlagen (2025:400) 33 kap. 2 §." in made.letter_html
    plain = decision()
    assert "Villkor: biståndet ska betalas tillbaka" not in plain.letter_html


def test_the_delegation_example_file_is_valid():
    from bistand.core.municipality import EXAMPLE_DIR

    document = yaml.safe_load((EXAMPLE_DIR / "delegation.yaml").read_text(encoding="utf-8"))
    assert problems(document) == []
