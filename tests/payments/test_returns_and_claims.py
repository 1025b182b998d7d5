"""Returned payments reach Min sida; återkrav are recorded and never paid."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from bistand.applications import selectors as application_selectors
from bistand.cases import selectors as case_selectors
from bistand.payments import events as payment_events
from bistand.payments import selectors, services
from bistand.payments.models import OrderStatus, PaymentOrder, RecoveryClaim

from . import factories

pytestmark = pytest.mark.django_db


def paid_order(amount="4100.00"):
    decision = factories.decision(amount=amount)
    order = services.payment_order_create_for_decision(decision_id=decision.pk)
    payment_file = services.payment_file_generate(execution_date=order.payment_date)
    services.payment_file_mark_sent(file_id=payment_file.pk)
    order.refresh_from_db()
    return decision, order


def test_a_returned_payment_shows_on_min_sida_and_needs_attention():
    decision, order = paid_order()
    assert order.status == OrderStatus.PAID
    call_command(
        "payment_return",
        "--end-to-end-id",
        order.end_to_end_id,
        "--date",
        "2026-12-04",
        "--reason",
        "Kontot är avslutat",
        "--code",
        "AC04",
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.RETURNED
    assert order in selectors.payment_orders_needing_attention()
    applicant = decision_applicant(decision)
    timeline = list(case_selectors.timeline_for_citizen(user=applicant, case_id=decision.case_id))
    kinds = [e.kind for e in timeline]
    assert payment_events.PAID in kinds and kinds[-1] == payment_events.PAYMENT_RETURNED
    returned = timeline[-1]
    assert returned.data["amount"] == "4100.00"
    assert "4\u00a0100\u00a0kr kom tillbaka" in returned.data["text"]


def test_a_return_is_registered_once():
    _, order = paid_order()
    first = services.payment_return_register(
        end_to_end_id=order.end_to_end_id, returned_on=date(2026, 12, 4), reason="Fel konto"
    )
    second = services.payment_return_register(
        end_to_end_id=order.end_to_end_id, returned_on=date(2026, 12, 5), reason="Igen"
    )
    assert first.pk == second.pk
    assert order.returned.reason == "Fel konto"


def test_an_order_not_yet_sent_cannot_come_back():
    decision = factories.decision()
    order = services.payment_order_create_for_decision(decision_id=decision.pk)
    with pytest.raises(services.PaymentError):
        services.payment_return_register(
            end_to_end_id=order.end_to_end_id, returned_on=date(2026, 12, 4), reason="x"
        )


def test_a_recovery_claim_is_recorded_with_its_legal_basis_and_never_paid():
    decision, _ = paid_order("3000.00")
    claim = services.recovery_claim_record(
        decision_id=decision.pk,
        amount=Decimal("1200.50"),
        reason="Inkomst som inte redovisades",
        created_by=factories.case_worker(),
    )
    assert claim.legal_basis == "Socialtjänstlagen (2025:400) 33 kap. 1 §"
    assert claim.case_id == decision.case_id
    assert PaymentOrder.objects.count() == 1  # the claim made no payment
    assert services.payment_file_generate(execution_date=date(2030, 1, 2)) is None
    with pytest.raises(services.PaymentError):
        services.recovery_claim_record(
            decision_id=decision.pk,
            amount=Decimal("3000.01"),
            reason="Mer än beslutet",
            created_by=factories.case_worker(),
        )
    with pytest.raises(services.PaymentError):
        services.recovery_claim_record(
            decision_id=decision.pk,
            amount=Decimal("10.005"),
            reason="Halva ören",
            created_by=factories.case_worker(),
        )
    assert RecoveryClaim.objects.count() == 1


def decision_applicant(decision):
    return application_selectors.application_by_id(
        application_id=decision.application_id
    ).case.applicant
