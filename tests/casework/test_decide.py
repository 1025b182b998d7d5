"""The manual decision: per post (norm, rent, each livsföring-i-övrigt need), recalculated with
the rules engine, made with the case worker named under the role's delegation. Two workers
cannot both decide (optimistic locking + the unique decision constraint)."""

from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from bistand.applications.models import ApplicationStatus
from bistand.cases.models import CaseEvent
from bistand.casework import services
from bistand.core.delegation import NotDelegatedError, delegation_reference
from bistand.decisions import events as decision_events
from bistand.decisions.models import Decision
from bistand.demo import casework as demo
from bistand.payments.models import PaymentOrder
from tests import factories
from tests.factories import client_for, this_month


def decision_data(application, **overrides):
    data = {
        "version": str(application.version),
        "norm_direction": "up",
        "norm_amount": "300",
        "norm_reason": "Särskild kostnad för kost enligt läkarintyg.",
        "rent_choice": "radrum",
        "radrum_until": f"{timezone.localdate() + timedelta(days=60):%Y-%m-%d}",
        "need_n1_decision": "granted",
        "need_n1_amount": "1 000",
        "need_n1_reason": "Glasögon behövs för arbetssökande; skäligt belopp 1 000 kr.",
        "motivering": "Du har rätt till bistånd för din försörjning.",
        "action": "decide",
    }
    data.update(overrides)
    return data


def test_case_worker_decides_per_post_with_the_rules_engine_and_is_named(eva, routed):
    response = client_for(eva).post(
        reverse("casework:decide", args=[routed.pk]), decision_data(routed)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    decision = Decision.objects.get(application_id=routed.pk)
    assert decision.decided_by == eva
    assert decision.decided_by_label == "Eva Ekonom"
    assert decision.delegation_reference == delegation_reference(
        role="ekonomisekreterare", on=timezone.localdate()
    )
    calculation_input = decision.calculation.input
    assert calculation_input["norm_adjustments"] == [
        {"amount": "300.00", "reason": "Särskild kostnad för kost enligt läkarintyg."}
    ]
    assert calculation_input["assessed_needs"][0]["decision"] == "granted"
    assert calculation_input["costs"]["rent_radrum_until"]
    posts = {p["post"]: p for p in decision.posts}
    assert posts["livsforing_n1"]["granted"] == "1000.00"
    assert posts["livsforing_n1"]["applied"] == "1200.00"
    assert posts["livsforing_n1"]["outcome"] == "partly_granted"
    # The posts add up to what the rules engine calculated.
    total = sum(Decimal(p["granted"]) for p in decision.posts)
    assert total == decision.amount == Decimal(decision.calculation.output["amount"])
    routed.refresh_from_db()
    assert routed.status == ApplicationStatus.DECIDED
    event = CaseEvent.objects.get(application=routed, kind=decision_events.DECIDED)
    assert event.actor == eva
    assert PaymentOrder.objects.filter(decision_id=decision.pk).count() == 1  # same transaction
    assert "Eva Ekonom" in decision.letter_html


def test_recalculate_shows_the_new_amount_without_deciding(eva, routed):
    response = client_for(eva).post(
        reverse("casework:decide", args=[routed.pk]), decision_data(routed, action="calculate")
    )
    assert response.status_code == 200
    assert "Bistånd enligt din bedömning" in response.content.decode()
    assert not Decision.objects.filter(application_id=routed.pk).exists()


def test_bad_input_gets_a_swedish_message_at_the_field_and_nothing_is_lost(eva, routed):
    data = decision_data(routed, norm_reason="", need_n1_amount="5 000", radrum_until="31/12")
    response = client_for(eva).post(reverse("casework:decide", args=[routed.pk]), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_norm_reason_error"' in page
    assert "Skriv varför normen höjs eller sänks." in page
    assert "Du kan inte bevilja mer än det sökta beloppet." in page
    assert "Skriv datumet som ÅÅÅÅ-MM-DD" in page
    assert 'value="5 000"' in page and 'value="31/12"' in page
    assert "Du har rätt till bistånd för din försörjning." in page
    assert not Decision.objects.exists()


def test_a_worker_deciding_from_a_stale_page_gets_a_clear_message(eva, erik, routed):
    stale_version = routed.version
    first = client_for(eva).post(
        reverse("casework:decide", args=[routed.pk]), decision_data(routed)
    )
    assert first.status_code == 302
    routed.refresh_from_db()
    second = services.DecisionConflictError
    with pytest.raises(second):
        services.decision_make_manual(
            user=erik,
            application=routed,
            version=stale_version,
            assessment=services.Assessment(motivering="Avslag."),
        )
    assert Decision.objects.filter(application_id=routed.pk).count() == 1


def test_stale_version_on_the_page_is_refused_with_409(eva, routed):
    data = decision_data(routed, version=str(routed.version - 1))
    response = client_for(eva).post(reverse("casework:decide", args=[routed.pk]), data)
    assert response.status_code == 409
    assert "Inget beslut fattades" in response.content.decode()
    assert not Decision.objects.exists()


def test_a_case_claimed_by_another_worker_cannot_be_decided(eva, erik, routed):
    services.claim_take(user=eva, application=routed)
    response = client_for(erik).post(
        reverse("casework:decide", args=[routed.pk]), decision_data(routed)
    )
    assert response.status_code == 403
    assert not Decision.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_workers_deciding_the_same_case_at_once_make_exactly_one_decision():
    from bistand.accounts.models import Role

    citizen = factories.citizen(f"citizen-{61}", seed=61)
    application = demo.routed_application(applicant=citizen, month=this_month())
    workers = [
        factories.staff(
            Role.EKONOMISEKRETERARE, f"staff-{Role.EKONOMISEKRETERARE.value}-{n}", display_name=n
        )
        for n in ("Eva", "Erik")
    ]
    version = application.version
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(worker):
        try:
            barrier.wait(timeout=10)
            services.decision_make_manual(
                user=worker,
                application=type(application).objects.get(pk=application.pk),
                version=version,
                assessment=services.Assessment(motivering="Beviljas enligt norm."),
            )
            outcomes.append("decided")
        except services.DecisionConflictError as exc:
            assert "Inget" in exc.message
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["decided", "refused"]
    assert Decision.objects.filter(application_id=application.pk).count() == 1


def test_a_role_without_delegation_cannot_decide():
    with pytest.raises(NotDelegatedError):
        delegation_reference(role="granskare", on=timezone.localdate())
    with pytest.raises(NotDelegatedError):
        delegation_reference(role="ekonomisekreterare", on=timezone.localdate().replace(year=2025))


@settings(max_examples=200, deadline=None)
@given(
    amount=st.decimals(min_value=0, max_value=50000, places=2),
    asked=st.lists(st.decimals(min_value=1, max_value=9000, places=2), max_size=4),
    data=st.data(),
)
def test_decision_posts_always_add_up_to_the_calculated_amount(amount, asked, data):
    granted = [
        data.draw(st.one_of(st.none(), st.decimals(min_value=0, max_value=a, places=2)))
        for a in asked
    ]
    needs = [
        {"id": f"n{i}", "label": "Behov", "amount": str(a), "amount_display": ""}
        for i, a in enumerate(asked, start=1)
    ]
    assessment = services.Assessment(
        needs=tuple(
            services.NeedAssessment(
                need=f"n{i}", granted=g is not None, amount=g or Decimal(0), reason="Skäl"
            )
            for i, g in enumerate(granted, start=1)
        )
    )
    needs_granted = sum((g for g in granted if g is not None), Decimal("0"))
    output = {"amount": f"{amount:.2f}", "livsforing_i_ovrigt_granted": f"{needs_granted:.2f}"}
    posts = services.decision_posts(
        output=output, robot_amount=None, needs=needs, assessment=assessment
    )
    assert sum(p.granted for p in posts) == amount
    for post in posts:
        assert Decimal("0") <= post.granted <= post.applied


def test_a_rent_assessed_above_the_guideline_is_respected(eva, routed):
    """The guideline (data in the municipality directory) is the default, not a ceiling on the
    case worker's individual assessment of a skälig rent (12 kap. 7 § SoL)."""
    url = reverse("casework:decide", args=[routed.pk])
    page = client_for(eva).get(url).content.decode()
    assert "Kommunens riktlinje för hushållet: högst 4\u00a0474\u00a0kr" in page
    above = decision_data(
        routed,
        rent_choice="cap",
        rent_cap="6 000",
        rent_reason="Bostaden är anpassad för rullstol.",
        action="calculate",
    )
    preview = client_for(eva).post(url, above)
    assert preview.status_code == 200
    lines = preview.context["result"]["lines"]
    rent = [line for line in lines if line["rule"] == "kostnader.assessed_rent"]
    assert [line["amount"] for line in rent] == ["6000.00", "500.00"]
    assert not [line for line in lines if line["rule"] == "kostnader.guideline_cap"]
    assert client_for(eva).post(url, {**above, "action": "decide"}).status_code == 302
    decision = Decision.objects.get(application_id=routed.pk)
    costs = decision.calculation.input["costs"]
    assert costs["rent"] == "6500.00"  # the actual rent stays; the assessment caps it
    assert costs["rent_assessed_max"] == "6000.00"
    assert "rent_radrum_until" not in costs
    assert "Hyran räknas med högst 6\u00a0000\u00a0kr per månad" in decision.letter_html


def test_radrum_followed_by_a_cap_is_entered_with_dates(eva, routed):
    url = reverse("casework:decide", args=[routed.pk])
    until = routed.month.replace(day=28) + timedelta(days=40)
    data = decision_data(
        routed,
        rent_choice="radrum",
        radrum_until=f"{until:%Y-%m-%d}",
        rent_cap="5 000",
        rent_reason="Skälig hyra för hushållet efter flytt.",
    )
    assert client_for(eva).post(url, data).status_code == 302
    decision = Decision.objects.get(application_id=routed.pk)
    costs = decision.calculation.input["costs"]
    assert costs["rent_radrum_until"] == f"{until:%Y-%m-%d}"
    assert costs["rent_assessed_max"] == "5000.00"
    radrum = [
        line for line in decision.calculation.output["lines"] if line["rule"] == "kostnader.radrum"
    ]
    assert radrum and radrum[0]["amount"] == "6500.00"
    assert "Efter rådrummet räknas högst 5\u00a0000\u00a0kr" in radrum[0]["text"]
    assert "Därefter räknas hyran med högst 5\u00a0000\u00a0kr per månad" in decision.letter_html


@pytest.mark.django_db(transaction=True)
def test_two_workers_pressing_next_case_at_once_get_different_applications():
    from bistand.accounts.models import Role

    for seed in (81, 82):
        demo.routed_application(
            applicant=factories.citizen(f"citizen-{seed}", seed=seed), month=this_month()
        )
    workers = [
        factories.staff(
            Role.EKONOMISEKRETERARE, f"staff-{Role.EKONOMISEKRETERARE.value}-{n}", display_name=n
        )
        for n in ("Eva", "Erik")
    ]
    barrier = threading.Barrier(2)
    taken: list[int | None] = []

    def take(worker):
        try:
            barrier.wait(timeout=10)
            application = services.queue_take_next(user=worker)
            taken.append(application.pk if application else None)
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(taken) == 2 and None not in taken
    assert len(set(taken)) == 2


def test_a_grant_as_förskott_states_its_condition_and_lagrum_in_the_letter(eva, routed):
    """SoL (2025:400) 33 kap. 2 §: only a condition stated in the decision allows a later
    återkrav on that ground; the letter says so with its lagrum."""
    url = reverse("casework:decide", args=[routed.pk])
    missing = client_for(eva).post(url, decision_data(routed, repayment_condition="forskott"))
    text = missing.content.decode()
    assert "Skriv vilken förmån eller vilka tillgångar det gäller." in text
    assert "Du har rätt till bistånd för din försörjning." in text  # nothing entered is lost
    assert not Decision.objects.filter(application_id=routed.pk).exists()
    response = client_for(eva).post(
        url,
        decision_data(
            routed,
            repayment_condition="forskott",
            repayment_detail="sjukpenning från Försäkringskassan för november",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    decision = Decision.objects.get(application_id=routed.pk)
    condition = decision.motivering["repayment_condition"]
    assert condition["ground"] == "33:2"
    assert "Socialtjänstlagen (2025:400) 33 kap. 2 §" in decision.motivering["legal_sources"]
    letter = decision.letter_html
    assert "Villkor: biståndet ska betalas tillbaka" in letter
    assert (
        "beviljas som förskott på sjukpenning från Försäkringskassan för november. När du får "
        "sjukpenning från Försäkringskassan för november ska du betala tillbaka" in letter
    )
    assert "Lagrum: Socialtjänstlagen (2025:400) 33 kap. 2 §." in letter
