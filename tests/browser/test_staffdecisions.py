"""Nödprövning, återkrav letters and aktivitetskrav in Chromium, as staff and as the citizen:
axe, no JavaScript, 320 px, and the letters read field by field (issue 12 items 12–13, issue 14
item 9)."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from bistand.accounts.models import Role, User
from bistand.cases.models import Case
from bistand.decisions.models import EmergencyDecision, StandaloneLetter
from bistand.payments import services as payment_services
from bistand.payments.models import EmergencyPayment
from bistand.synthetic import personnummer
from tests.payments.test_pages import _sent_order

from .conftest import assert_no_horizontal_scroll, check_axe
from .test_governance import _login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login_user(context, live_server, user: User) -> None:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    context.add_cookies(
        [{"name": "sessionid", "value": session.session_key, "url": live_server.url}]
    )


def test_a_nödprövning_as_staff_then_the_letter_as_the_citizen(
    live_server, page, no_js_page, narrow_page
):
    number = personnummer.generate(random.Random(31), date(1984, 2, 11))
    p = no_js_page
    _login(p.context, live_server, Role.EKONOMISEKRETERARE)
    p.goto(live_server.url + "/handlaggning/nodprovning/")
    p.get_by_label("Personnummer").fill(number)
    p.get_by_label("Mat (högst 1 500 kr enligt riktlinjen)").check()
    p.get_by_label("Sökt belopp").fill("500")
    p.get_by_label("Uppgifter om situationen").fill("Inga pengar till mat förrän på fredag.")
    p.get_by_label("Beviljas", exact=True).check()
    p.get_by_label("Beviljat belopp").fill("400")
    p.get_by_label("Skäl för beslutet").fill("Du har inga pengar till mat i dag.")
    # Forgot how it is paid: told at the field, nothing typed is lost.
    p.get_by_role("button", name="Fatta beslut och betala ut").click()
    main = p.locator("main").inner_text()
    assert "Välj hur pengarna betalas ut." in main
    assert p.get_by_label("Beviljat belopp").input_value() == "400"
    assert not EmergencyDecision.objects.exists()
    p.get_by_label("Kontant i kassan").check()
    p.get_by_label("Kvittots, kortets eller rekvisitionens nummer").fill("KV-2026-118")
    p.get_by_role("button", name="Fatta beslut och betala ut").click()
    main = p.locator("main").inner_text()
    assert "Beslutet är fattat och brevet finns på Min sida." in main
    assert "Kontant i kassan" in main and "KV-2026-118" in main
    emergency = EmergencyDecision.objects.get()
    payment = EmergencyPayment.objects.get()
    assert (payment.amount, payment.means) == (Decimal("400.00"), "kontant")
    # The letter on the staff page, as the person gets it.
    letter = p.locator("article.letter").inner_text()
    today = f"{timezone.localdate():%Y-%m-%d}"
    case = Case.objects.get(pk=emergency.case_id)
    assert "Beslut om ekonomiskt bistånd efter nödprövning" in letter
    assert f"Ärende\t{case.number}" in letter
    assert "Beslutet är fattat av\tElin Chef" in letter
    assert "Du sökte\tMat, 500" in letter
    assert f"Du beviljas 400 kr till mat i dag, {today}. Ansökan avslås delvis: 100 kr avslås." in (
        letter.replace("\u00a0", " ")
    )
    assert "Du får pengarna kontant i vår reception i dag, mot kvitto." in letter
    assert "Socialtjänstlagen (2025:400) 12 kap. 1 §" in letter
    assert "Om du inte är nöjd med beslutet" in letter and "tre veckor" in letter
    for other, width_check in ((page, False), (narrow_page, True)):
        _login(other.context, live_server, Role.EKONOMISEKRETERARE)
        for url in ("/handlaggning/nodprovning/", f"/handlaggning/nodprovning/{emergency.pk}/"):
            response = other.goto(live_server.url + url)
            assert response is not None and response.status == 200
            if width_check:
                assert_no_horizontal_scroll(other)
            else:
                check_axe(other)

    # The citizen, who had never applied, finds the letter on Min sida.
    person = User.objects.get(personnummer=number)
    published = StandaloneLetter.objects.get(kind="nodprovning", object_id=emergency.pk)
    for citizen_page, width_check in ((no_js_page, False), (narrow_page, True), (page, None)):
        citizen_page.context.clear_cookies()
        _login_user(citizen_page.context, live_server, person)
        citizen_page.goto(live_server.url + "/min-sida/")
        assert f"Beslut efter nödprövning {today}" in citizen_page.locator("main").inner_text()
        citizen_page.goto(live_server.url + f"/brev/{published.pk}/")
        text = citizen_page.locator("main").inner_text()
        assert "Sista dag att överklaga" in text
        if width_check:
            assert_no_horizontal_scroll(citizen_page)
        elif width_check is None:
            check_axe(citizen_page)


def test_the_återkrav_letter_on_min_sida(live_server, page, narrow_page):
    order = _sent_order()
    manager = User.objects.create(username="elin", role=Role.ENHETSCHEF, display_name="Elin Chef")
    claim = payment_services.recovery_claim_record(
        decision_id=order.decision_id,
        amount=Decimal("750.00"),
        reason="Lön i november redovisades inte.",
        created_by=manager,
    )
    citizen = Case.objects.get(pk=claim.case_id).applicant
    letter = StandaloneLetter.objects.get(kind="aterkrav", object_id=claim.pk)
    for p, width_check in ((page, False), (narrow_page, True)):
        _login_user(p.context, live_server, citizen)
        p.goto(live_server.url + "/min-sida/")
        main = p.locator("main").inner_text()
        assert "Andra beslut: återkrav och nödprövning" in main
        p.get_by_role("link", name=f"Läs beslutet: {letter.title}").click()
        text = p.locator("main").inner_text().replace("\u00a0", " ")
        assert "Socialnämnden kräver tillbaka 750 kr" in text
        assert "Med stöd av delegation" in text and "punkt 4.5" in text
        assert "Socialtjänstlagen (2025:400) 33 kap. 1 §" in text
        # Återkrav is not in SoL 35 kap. 1 §: no appeal period, the review there is instead.
        assert "Sista dag att överklaga" not in text
        assert "Kan jag överklaga?" in text
        assert "Ett beslut om återkrav kan inte överklagas till förvaltningsrätten." in text
        # 33 kap. 4 §: the nämnd "får" apply to the court; laglighetsprövning of an återkrav
        # decision is not verified, so the letter (version 2) does not offer it (ADR 0310).
        assert "Om du inte betalar frivilligt får socialnämnden ansöka" in text
        assert "laglighetsprövning" not in text
        if width_check:
            assert_no_horizontal_scroll(p)
        else:
            check_axe(p)


def test_the_aktivitetskrav_pages_as_staff(live_server, page, no_js_page, narrow_page):
    from bistand.demo import scenarios
    from bistand.planning import services as planning_services

    worker = User.objects.create(username="eva", role=Role.EKONOMISEKRETERARE, display_name="Eva")
    citizen = User.objects.create(
        username="c1",
        role=Role.CITIZEN,
        display_name="Alva Test",
        personnummer=personnummer.generate(random.Random(41), date(1990, 4, 2)),
    )
    month = timezone.localdate().replace(day=1)
    back = month
    for _ in range(3):
        back = scenarios.previous_month(back)
        scenarios.decided_month(
            applicant=citizen, month=back, answers=scenarios.routine_answers(), decided_by=worker
        )
    case = Case.objects.get(applicant=citizen)
    planner = User.objects.create(
        username="ali", role=Role.ARBETSMARKNADSSEKRETERARE, display_name="Ali"
    )
    planning_services.activity_hours_record(
        case=case,
        person=citizen,
        month=month,
        planned=Decimal("100"),
        attended=Decimal("60"),
        exemption="",
        has_child_under_8=False,
        note="",
        by=planner,
    )
    p = no_js_page
    _login(p.context, live_server, Role.EKONOMISEKRETERARE)
    p.goto(live_server.url + "/planering/aktivitetskrav/")
    main = p.locator("main").inner_text()
    assert "Omfattas och deltog mindre än planerat." in main and case.number in main
    p.get_by_role("link", name=case.number).click()
    p.get_by_role("button", name="Förbered beslut för Alva Test").click()
    main = p.locator("main").inner_text()
    assert "Beslutsunderlaget är förberett." in main
    assert "deltog 60 timmar (40 timmar mindre än planerat)" in main
    for other, width_check in ((page, False), (narrow_page, True)):
        _login(other.context, live_server, Role.ARBETSMARKNADSSEKRETERARE)
        for url in ("/planering/aktivitetskrav/", f"/planering/arenden/{case.pk}/aktivitet/"):
            response = other.goto(live_server.url + url)
            assert response is not None and response.status == 200
            if width_check:
                assert_no_horizontal_scroll(other)
            else:
                check_axe(other)
