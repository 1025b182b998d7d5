"""A payment run: one person prepares, a second person attests, then the pain.001 is made once
(two-person rule, docs/adr/0125-payment-run-attest.md). Stop and release an order with a reason."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, connections, transaction

from bistand.accounts.models import Role, User
from bistand.audit.models import AccessLogEntry
from bistand.payments import services
from bistand.payments.models import OrderStatus, PaymentFile, PaymentOrder, PaymentRun

from . import factories


def _staff(name: str, role: str = Role.EKONOMISEKRETERARE) -> User:
    return User.objects.create(username=name, role=role, display_name=name.title())


def _orders(n: int = 2) -> list[PaymentOrder]:
    made = []
    for _ in range(n):
        order = services.payment_order_create_for_decision(decision_id=factories.decision().pk)
        assert order is not None
        made.append(order)
    return made


@pytest.mark.django_db
def test_prepared_by_one_attested_by_another_makes_the_file_with_both_recorded():
    made = _orders(2)
    day = max(o.payment_date for o in made)
    anna, bo = _staff("anna"), _staff("bo")
    run = services.payment_run_prepare(execution_date=day, by=anna)
    assert run.number_of_orders == 2
    assert run.control_sum == sum((o.amount for o in made), Decimal("0.00"))
    assert not PaymentFile.objects.exists()  # nothing is paid before attestation
    run = services.payment_run_attest(run_id=run.pk, by=bo)
    run.refresh_from_db()
    assert (run.prepared_by, run.attested_by) == (anna, bo) and run.attested_at
    assert run.file is not None and run.file.number_of_transactions == 2
    assert "pain.001" in run.file.content and run.file.sha256
    assert set(run.file.orders.values_list("pk", flat=True)) == {o.pk for o in made}
    reasons = set(
        AccessLogEntry.objects.filter(object_type="payment_run").values_list("user", "reason")
    )
    assert (anna.pk, f"Förberedde betalningskörning {day:%Y-%m-%d}") in reasons
    assert (bo.pk, f"Attesterade betalningskörning {day:%Y-%m-%d}") in reasons


@pytest.mark.django_db
def test_the_preparer_cannot_attest_and_the_database_refuses_it_too():
    made = _orders(1)
    anna = _staff("anna")
    run = services.payment_run_prepare(execution_date=made[0].payment_date, by=anna)
    with pytest.raises(services.PaymentError, match="En annan person måste attestera"):
        services.payment_run_attest(run_id=run.pk, by=anna)
    assert not PaymentFile.objects.exists()
    run.refresh_from_db()
    assert run.attested_by is None
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentRun.objects.filter(pk=run.pk).update(attested_by=anna, attested_at=run.prepared_at)


@pytest.mark.django_db
def test_double_click_and_back_button_change_nothing():
    made = _orders(2)
    day = max(o.payment_date for o in made)
    anna, bo = _staff("anna"), _staff("bo")
    first = services.payment_run_prepare(execution_date=day, by=anna)
    again = services.payment_run_prepare(execution_date=day, by=anna)
    assert first.pk == again.pk and PaymentRun.objects.count() == 1
    attested = services.payment_run_attest(run_id=first.pk, by=bo)
    repeated = services.payment_run_attest(run_id=first.pk, by=bo)
    assert attested.file_id == repeated.file_id
    # Back to the preparation form after attestation: the attested run stands, no new file.
    assert services.payment_run_prepare(execution_date=day, by=anna).attested_by == bo
    assert PaymentFile.objects.count() == 1
    assert PaymentOrder.objects.filter(status=OrderStatus.IN_FILE).count() == 2


@pytest.mark.django_db
def test_a_second_attester_after_the_first_is_refused():
    made = _orders(1)
    run = services.payment_run_prepare(execution_date=made[0].payment_date, by=_staff("anna"))
    services.payment_run_attest(run_id=run.pk, by=_staff("bo"))
    with pytest.raises(services.PaymentError, match="redan attesterad"):
        services.payment_run_attest(run_id=run.pk, by=_staff("cia"))
    run.refresh_from_db()
    assert run.attested_by.username == "bo"


@pytest.mark.django_db
def test_attestation_is_refused_when_the_due_payments_changed_since_preparation():
    made = _orders(2)
    day = max(o.payment_date for o in made)
    run = services.payment_run_prepare(execution_date=day, by=_staff("anna"))
    bo = _staff("bo")
    services.payment_order_stop(order_id=made[0].pk, reason="Dubbel ansökan utreds", by=bo)
    with pytest.raises(services.PaymentError, match="Förbered den igen"):
        services.payment_run_attest(run_id=run.pk, by=bo)
    assert not PaymentFile.objects.exists()
    run = services.payment_run_prepare(execution_date=day, by=_staff("cia"))
    run = services.payment_run_attest(run_id=run.pk, by=bo)
    assert run.file.number_of_transactions == 1


@pytest.mark.django_db
def test_nothing_due_cannot_be_prepared():
    with pytest.raises(services.PaymentError, match="Inga utbetalningar"):
        services.payment_run_prepare(execution_date=factories.MONTH, by=_staff("anna"))


@pytest.mark.django_db
def test_stop_and_release_with_a_reason_once():
    order = _orders(1)[0]
    bo = _staff("bo")
    stopped = services.payment_order_stop(order_id=order.pk, reason="Kontrollera hyran", by=bo)
    assert stopped.status == OrderStatus.HELD and stopped.hold_reason == "Kontrollera hyran"
    services.payment_order_stop(order_id=order.pk, reason="Kontrollera hyran", by=bo)  # again
    with pytest.raises(services.PaymentError, match="Skriv varför"):
        services.payment_order_release(order_id=order.pk, reason="  ", by=bo)
    released = services.payment_order_release(order_id=order.pk, reason="Hyran stämmer", by=bo)
    assert released.status == OrderStatus.READY and released.hold_reason == ""
    services.payment_order_release(order_id=order.pk, reason="Hyran stämmer", by=bo)  # again
    reasons = list(
        AccessLogEntry.objects.filter(object_id=str(order.pk), object_type="payment_order")
        .order_by("pk")
        .values_list("reason", flat=True)
    )
    assert reasons == [
        "Stoppade utbetalning: Kontrollera hyran",
        "Släppte utbetalning: Hyran stämmer",
    ]


@pytest.mark.django_db
def test_an_order_in_a_file_cannot_be_stopped_and_one_without_account_cannot_be_released():
    order = _orders(1)[0]
    bo = _staff("bo")
    services.payment_file_generate(execution_date=order.payment_date)
    with pytest.raises(services.PaymentError, match="kan inte stoppas"):
        services.payment_order_stop(order_id=order.pk, reason="För sent", by=bo)
    held = services.payment_order_create_for_decision(
        decision_id=factories.decision(payment=None).pk
    )
    with pytest.raises(services.PaymentError, match="Kontonummer saknas"):
        services.payment_order_release(order_id=held.pk, reason="Klart", by=bo)


@pytest.mark.django_db(transaction=True)
def test_two_attesters_at_once_make_one_file():
    if connection.vendor == "sqlite":
        pytest.skip("row locks need PostgreSQL")
    made = _orders(3)
    day = max(o.payment_date for o in made)
    run = services.payment_run_prepare(execution_date=day, by=_staff("anna"))
    attesters = [_staff("bo"), _staff("cia")]
    barrier = threading.Barrier(2)
    results: list[str] = []
    errors: list[Exception] = []

    def attest(user: User) -> None:
        try:
            barrier.wait()
            services.payment_run_attest(run_id=run.pk, by=user)
            results.append(user.username)
        except services.PaymentError as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attest, args=(u,)) for u in attesters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(results) == 1 and len(errors) == 1
    assert "redan attesterad" in str(errors[0])
    run.refresh_from_db()
    assert run.attested_by.username == results[0]
    assert PaymentFile.objects.count() == 1
    assert PaymentOrder.objects.filter(status=OrderStatus.IN_FILE, file=run.file).count() == 3
