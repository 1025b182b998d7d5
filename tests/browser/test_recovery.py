"""The återkrav pages in Chromium (issue 12 item 13): axe, no JavaScript, 320 px, and the
ekonomisekreterare decides an återkrav, an eftergift and the bidragsbrott assessment."""

from __future__ import annotations

import pytest

from bistand.accounts.models import Role
from bistand.payments.models import FraudAssessment, RecoveryClaim
from tests.payments.test_pages import _sent_order
from tests.payments.test_recovery_decision import _advance_order

from .conftest import assert_no_horizontal_scroll, check_axe
from .test_governance import _login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_recovery_decision_eftergift_and_assessment_without_javascript(
    live_server, page, no_js_page, narrow_page
):
    p = no_js_page
    _login(p.context, live_server, Role.EKONOMISEKRETERARE)

    def claim_as_advance(reference: str) -> None:
        p.goto(live_server.url + "/utbetalningar/aterkrav/")
        p.get_by_label("Förskott, arbetskonflikt", exact=False).check()
        p.get_by_label("Betalningsreferens för beslutet").fill(reference)
        p.get_by_label("Belopp att betala tillbaka (kr)").fill("1200")
        p.get_by_label("Skäl till återkravet").fill("Förskott i väntan på lön.")
        p.get_by_role("button", name="Registrera återkravet").click()

    # 33 kap. 2 §: only a grant whose decision stated the condition can be reclaimed so.
    claim_as_advance(_sent_order().end_to_end_id)
    assert "innehåller inget villkor om återbetalning" in p.locator("main").inner_text()
    assert p.get_by_label("Skäl till återkravet").input_value() == "Förskott i väntan på lön."
    assert not RecoveryClaim.objects.exists()
    claim_as_advance(_advance_order().end_to_end_id)
    main = p.locator("main").inner_text()
    assert "Beslutet om återkrav är fattat" in main
    assert "Beslut om återkrav av ekonomiskt bistånd" in main
    assert "33 kap. 2 §" in main and "Kan jag överklaga?" in main
    assert "Sista dagen" not in main  # no förvaltningsbesvär for återkrav (35 kap. 1 §)
    # Förskott (33 kap. 2 §) is not money wrongly paid: no bidragsbrott assessment offered.
    assert "bidragsbrottslagen" not in main.lower()
    p.get_by_label("Belopp som nämnden avstår från (kr)").fill("200")
    p.get_by_label("Skäl till eftergiften").fill("Saknar medel till försörjningen.")
    p.get_by_role("button", name="Registrera eftergift").click()
    assert "Eftergiften är registrerad." in p.locator("main").inner_text()
    claim = RecoveryClaim.objects.get()
    assert str(claim.waived_amount) == "200.00" and claim.ground == "33:2"

    # A claim for money wrongly paid: a person decides whether to report it.
    wrongly = RecoveryClaim.objects.create(
        case_id=claim.case_id,
        decision_id=claim.decision_id,
        amount="100.00",
        reason="Lön",
        legal_basis="Socialtjänstlagen (2025:400) 33 kap. 1 §",
        created_by=claim.created_by,
        letter_html=claim.letter_html,
    )
    url = f"{live_server.url}/utbetalningar/aterkrav/{wrongly.pk}/"
    p.goto(url)
    p.get_by_label("Nej, anmäl inte").check()
    p.get_by_label("Skäl till bedömningen").fill("Uppgiften lämnades sent men utan uppsåt.")
    p.get_by_role("button", name="Registrera bedömningen").click()
    wrongly.refresh_from_db()
    assert wrongly.fraud_assessment == FraudAssessment.NO_REPORT

    for other in (page, narrow_page):
        _login(other.context, live_server, Role.EKONOMISEKRETERARE)
        for target in (f"/utbetalningar/aterkrav/{claim.pk}/", "/utbetalningar/aterkrav/"):
            response = other.goto(live_server.url + target)
            assert response is not None and response.status == 200
            assert other.locator("main > h1").count() == 1  # the letter has its own
            if other is page:
                check_axe(other)
            else:
                assert_no_horizontal_scroll(other)
