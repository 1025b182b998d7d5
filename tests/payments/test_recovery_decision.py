"""Issue 12 item 13: återkrav (SoL 2025:400 33 kap.) as a decision with its own letter and
appeal notice, eftergift (33 kap. 6 §), and a person's assessment under bidragsbrottslagen."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from bistand.accounts.models import Role, User
from bistand.decisions.selectors import decision_get
from bistand.decisions.services import repayment_condition
from bistand.payments import services
from bistand.payments.models import FraudAssessment, RecoveryClaim
from tests.payments.factories import decision
from tests.payments.test_pages import _client, _sent_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager() -> tuple[Client, User]:
    return _client(Role.ENHETSCHEF, "elin")


def test_the_recovery_decision_has_its_own_letter_with_ground_and_what_review_there_is(manager):
    client, _user = manager
    order = _sent_order()
    response = client.post(
        "/utbetalningar/aterkrav/",
        {
            "ground": "33:1",
            "reference": order.end_to_end_id,
            "amount": "1 000,50",
            "reason": "Lön i november redovisades inte i ansökan.",
        },
    )
    claim = RecoveryClaim.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/utbetalningar/aterkrav/{claim.pk}/"
    letter = claim.letter_html
    assert "Beslut om återkrav av ekonomiskt bistånd" in letter
    assert "Socialnämnden kräver tillbaka 1\u00a0000,50\u00a0kr" in letter
    assert "Lön i november redovisades inte i ansökan." in letter
    assert "Socialtjänstlagen (2025:400) 33 kap. 1 §" in letter
    assert "Felaktigt eller med för högt belopp (33 kap. 1 §)" in letter
    # Not appealable by förvaltningsbesvär (SoL 2025:400 35 kap. 1 § does not list återkrav,
    # verified): the letter says so and how a court still tries the claim (33 kap. 4–5 §§: the
    # nämnd "får" sue). Whether an återkrav decision can be laglighetsprövad is not verified,
    # so the letter (format 2) no longer offers it (ADR 0310).
    assert claim.letter_format == 2
    assert "Så överklagar du" not in letter
    assert "Förvaltningslagen (2017:900) 40–45 §§" not in letter
    assert "Kan jag överklaga?" in letter
    assert "inte till förvaltningsrätten så som ett beslut om försörjningsstöd" in letter
    assert "Om du inte betalar frivilligt får socialnämnden ansöka hos förvaltningsrätten" in letter
    assert "måste socialnämnden" not in letter
    assert "laglighetsprövning" not in letter and "13 kap." not in letter
    assert "kommunallagen" not in letter
    assert "35 kap. 1 §" in letter
    assert "eftergift" in letter and "33 kap. 4–6 §§" in letter
    assert "Eva Ek" in letter  # who decided (FL 31 §)
    page = client.get(response["Location"]).content.decode()
    assert "Beslut om återkrav av ekonomiskt bistånd" in page


def _advance_order():
    """A paid decision granted as förskott (its condition stated in the decision, 33:2)."""
    condition = repayment_condition(
        kind="forskott", detail="sjukpenning för november", amount=Decimal("5220.00")
    )
    made = decision(motivering={"text": "Test", "repayment_condition": condition})
    order = services.payment_order_create_for_decision(decision_id=made.pk)
    return order


@pytest.mark.parametrize(
    ("ground", "paragraph"), [("33:2", "33 kap. 2 §"), ("33:3", "33 kap. 3 §")]
)
def test_a_ground_under_33_2_or_3_needs_the_condition_in_the_decision(manager, ground, paragraph):
    """33 kap. 2–3 §§: återkrav on these grounds only if the decision stated the condition."""
    with pytest.raises(services.PaymentError, match="villkor om återbetalning"):
        services.recovery_claim_record(
            decision_id=_sent_order().decision_id,
            amount=Decimal("500.00"),
            reason="Förskott på lön som kom senare.",
            ground=ground,
            created_by=manager[1],
        )
    assert not RecoveryClaim.objects.exists()


def test_an_advance_is_reclaimed_citing_its_paragraph_and_the_condition(manager):
    order = _advance_order()
    claim = services.recovery_claim_record(
        decision_id=order.decision_id,
        amount=Decimal("500.00"),
        reason="Sjukpenningen för november har betalats ut.",
        ground="33:2",
        created_by=manager[1],
    )
    assert claim.legal_basis == "Socialtjänstlagen (2025:400) 33 kap. 2 §"
    assert "33 kap. 2 §" in claim.letter_html
    assert "beviljas som förskott på sjukpenning för november" in claim.letter_html


def test_eftergift_and_the_bidragsbrott_assessment_are_decided_by_a_person(manager):
    client, user = manager
    order = _sent_order()
    claim = services.recovery_claim_record(
        decision_id=order.decision_id,
        amount=Decimal("800.00"),
        reason="Sjukpenning redovisades inte.",
        created_by=user,
    )
    url = f"/utbetalningar/aterkrav/{claim.pk}/"
    too_much = client.post(url, {"action": "waive", "amount": "900", "reason": "Saknar medel"})
    assert too_much.status_code == 400
    assert "kan inte vara större än återkravet" in too_much.content.decode()
    assert (
        client.post(url, {"action": "waive", "amount": "300", "reason": "Saknar medel"})["Location"]
        == url
    )
    missing = client.post(url, {"action": "fraud", "report": "yes"})
    assert "Skriv skälet till bedömningen." in missing.content.decode()
    client.post(
        url, {"action": "fraud", "report": "yes", "fraud_reason": "Uppsåt kan inte uteslutas"}
    )
    claim.refresh_from_db()
    assert (claim.waived_amount, claim.waived_by) == (Decimal("300.00"), user)
    assert claim.fraud_assessment == FraudAssessment.REPORT and claim.fraud_assessed_by == user
    page = client.get(url).content.decode()
    assert "Anmäls enligt bidragsbrottslagen" in page and "300\u00a0kr, " in page
    # Once each: a second assessment is refused.
    with pytest.raises(services.PaymentError):
        services.recovery_claim_assess_fraud(
            claim=claim, report=False, reason="x", assessed_by=user
        )


def test_only_money_wrongly_paid_can_be_reported(manager):
    order = _advance_order()
    claim = services.recovery_claim_record(
        decision_id=order.decision_id,
        amount=Decimal("500.00"),
        reason="Förskott.",
        ground="33:2",
        created_by=manager[1],
    )
    with pytest.raises(services.PaymentError):
        services.recovery_claim_assess_fraud(
            claim=claim, report=True, reason="x", assessed_by=manager[1]
        )


def test_the_granskare_reads_the_claim_but_cannot_change_it(manager):
    order = _sent_order()
    claim = services.recovery_claim_record(
        decision_id=order.decision_id, amount=Decimal("100.00"), reason="Fel", created_by=manager[1]
    )
    reviewer, _ = _client(Role.GRANSKARE, "gun")
    url = f"/utbetalningar/aterkrav/{claim.pk}/"
    page = reviewer.get(url)
    assert page.status_code == 200 and "Registrera eftergift" not in page.content.decode()
    assert reviewer.post(url, {"action": "waive", "amount": "1", "reason": "x"}).status_code == 403
    assert _client(Role.SOCIALSEKRETERARE, "sara")[0].get(url).status_code == 403


def test_a_recovery_letter_sent_before_keeps_its_text(manager):
    """Letters of version 1 offered laglighetsprövning; one already sent is never changed: it
    renders again, from its stored values, exactly as sent, and today's version differs."""
    claim = services.recovery_claim_record(
        decision_id=_sent_order().decision_id,
        amount=Decimal("500.00"),
        reason="Lön redovisades inte.",
        created_by=manager[1],
    )
    original = decision_get(decision_id=claim.decision_id)
    assert services.recovery_letter_render(claim, original) == claim.letter_html
    claim.letter_format = 1
    sent_before = services.recovery_letter_render(claim, original)
    assert "Den som är medlem i kommunen kan begära laglighetsprövning" in sent_before
    assert "måste socialnämnden ansöka hos förvaltningsrätten" in sent_before
    RecoveryClaim.objects.filter(pk=claim.pk).update(letter_html=sent_before, letter_format=1)
    claim.refresh_from_db()
    assert services.recovery_letter_render(claim, original) == claim.letter_html
    claim.letter_format = 2
    assert services.recovery_letter_render(claim, original) != claim.letter_html


def test_no_aterkrav_letter_citing_the_new_act_for_bistand_granted_before_it(manager):
    """Övergångsbestämmelse 5 a to SoL 2025:400: återkrav of bistånd granted before 2025-07-01
    follows the repealed act (2001:453), whose paragraphs the law map does not verify. The
    letter cites 2025:400 33 kap., so no such letter is made (ADR 0310)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from bistand.decisions.models import Decision

    order = _sent_order()
    Decision.objects.filter(pk=order.decision_id).update(
        decided_at=datetime(2025, 6, 30, 15, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
    )
    with pytest.raises(services.PaymentError, match="upphävda socialtjänstlagen"):
        services.recovery_claim_record(
            decision_id=order.decision_id,
            amount=Decimal("500.00"),
            reason="Lön redovisades inte.",
            created_by=manager[1],
        )
    assert not RecoveryClaim.objects.exists()
