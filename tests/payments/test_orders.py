"""A granted decision gives exactly one payment order, to a valid account, on the right day."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.test import override_settings

from bistand.jobs import registry
from bistand.jobs.models import Job
from bistand.payments import selectors, services
from bistand.payments.bankaccount import InvalidBankAccountError, parse_bank_account
from bistand.payments.models import OrderStatus, PaymentOrder

from . import factories

pytestmark = pytest.mark.django_db


def test_a_granted_decision_gives_one_order_however_often_it_is_asked():
    decision = factories.decision(amount="5220.00")
    first = services.payment_order_create_for_decision(decision_id=decision.pk)
    second = services.payment_order_create_for_decision(decision_id=decision.pk)
    assert first is not None and first.pk == second.pk
    assert PaymentOrder.objects.filter(decision_id=decision.pk).count() == 1
    assert first.status == OrderStatus.READY
    assert first.amount == Decimal("5220.00")
    assert first.end_to_end_id == f"BIS-D{decision.pk}"
    assert first.payment_date == decision.payment_date


def test_the_database_refuses_a_second_order_for_a_decision():
    decision = factories.decision()
    order = services.payment_order_create_for_decision(decision_id=decision.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentOrder.objects.create(
            decision_id=decision.pk,
            case_id=order.case_id,
            application_id=order.application_id,
            amount=order.amount,
            payment_date=order.payment_date,
            end_to_end_id="OTHER",
            creditor_name="x",
            remittance="x",
            status=OrderStatus.READY,
        )


def test_a_rejection_gives_no_order():
    decision = factories.decision(amount="0.00")
    assert services.payment_order_create_for_decision(decision_id=decision.pk) is None
    assert not PaymentOrder.objects.exists()


def test_without_a_valid_account_the_order_is_held_and_needs_attention():
    missing = factories.decision(payment=None)
    wrong = factories.decision(payment={"clearing": "5000", "account": "1234567"})
    for decision in (missing, wrong):
        services.payment_order_create_for_decision(decision_id=decision.pk)
    attention = list(selectors.payment_orders_needing_attention())
    assert {o.decision_id for o in attention} == {missing.pk, wrong.pk}
    assert all(o.status == OrderStatus.HELD and o.hold_reason for o in attention)
    assert "saknas" in PaymentOrder.objects.get(decision_id=missing.pk).hold_reason


def test_a_case_worker_gives_the_account_and_the_held_order_is_released():
    decision = factories.decision(payment=None)
    order = services.payment_order_create_for_decision(decision_id=decision.pk)
    account = factories.synthetic_account()
    with pytest.raises(InvalidBankAccountError):
        services.payment_order_set_account(
            order_id=order.pk, clearing="5000", account="1", by=factories.case_worker()
        )
    order = services.payment_order_set_account(
        order_id=order.pk, by=factories.case_worker(), **account
    )
    assert order.status == OrderStatus.READY and order.account == account["account"]


def test_the_job_makes_the_order_once_and_is_keyed_by_decision():
    decision = factories.decision()
    with transaction.atomic():
        services.payment_order_enqueue_for_decision(decision_id=decision.pk)
        services.payment_order_enqueue_for_decision(decision_id=decision.pk)
    job = Job.objects.get(key=f"decision-{decision.pk}-payment")
    apply = registry.get("payments.order_for_decision").apply
    apply(**job.payload)
    apply(**job.payload)
    assert PaymentOrder.objects.filter(decision_id=decision.pk).count() == 1


@pytest.mark.parametrize(
    ("clearing", "account", "bank"),
    [
        ("5000", "100 000-4", "SEB"),  # type 1, 7 digits; spaces and dashes are ignored
        ("6000", "000000019", "Handelsbanken"),  # type 2, 9 digits
        ("6000", "19", "Handelsbanken"),  # leading zeros may be left out in type 2
        ("8327-9", "123 456 789-7", "Swedbank"),  # five-digit clearing; four in the BBAN
    ],
)
def test_valid_swedish_account_numbers(clearing, account, bank):
    parsed = parse_bank_account(clearing, account)
    assert parsed.bank == bank
    assert parsed.bban == f"{parsed.clearing[:4]}{parsed.account}"
    assert parsed.masked().endswith(parsed.account[-4:])


@pytest.mark.parametrize(
    ("clearing", "account", "message"),
    [
        ("", "1234567", "Clearingnummer saknas"),
        ("5000", "", "Kontonummer saknas"),
        ("0999", "1234567", "hör inte till någon svensk bank"),
        ("5000", "123456", "ska ha 7 siffror"),
        ("5000", "1000005", "kontrollsiffran"),
    ],
)
def test_invalid_account_numbers_get_a_swedish_message(clearing, account, message):
    with pytest.raises(InvalidBankAccountError, match=message):
        parse_bank_account(clearing, account)


@pytest.mark.parametrize(
    ("decision_date", "fixed", "expected"),
    [
        (date(2026, 12, 2), [], date(2026, 12, 2)),
        (date(2026, 12, 5), [], date(2026, 12, 7)),  # Saturday → Monday
        (date(2026, 12, 2), [25], date(2026, 12, 23)),  # 24–25 Dec are days off
        (date(2026, 12, 28), [25], date(2027, 1, 25)),
        (date(2027, 4, 20), [25], date(2027, 4, 23)),  # 25 April 2027 is a Sunday
        (date(2027, 2, 26), [10, 30], date(2027, 2, 26)),  # 30 → end of February
    ],
)
def test_payment_date_is_a_banking_day_or_the_fixed_day(decision_date, fixed, expected):
    assert (
        services.payment_date_for(decision_payment_date=decision_date, fixed_days=fixed) == expected
    )


@override_settings(PAYMENT_FIXED_DAYS=[25])
def test_fixed_payment_days_from_settings():
    decision = factories.decision()
    order = services.payment_order_create_for_decision(decision_id=decision.pk)
    assert order.payment_date >= decision.payment_date
    assert order.payment_date.day <= 25
