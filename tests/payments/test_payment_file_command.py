"""`bistand payment_file --date` respects the two-person rule (docs/adr/0210): the operator can
fetch (or finish) only the file of a run one person prepared and another attested on the
payments desk; without that it refuses and nothing is paid."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from bistand.accounts.models import Role, User
from bistand.audit.models import AccessLogEntry
from bistand.payments import services
from bistand.payments.models import FileStatus, OrderStatus, PaymentFile, PaymentOrder

from . import factories

pytestmark = pytest.mark.django_db


def _staff(name: str) -> User:
    return User.objects.create(username=name, role=Role.EKONOMISEKRETERARE, display_name=name)


def _due_day() -> object:
    made = [
        services.payment_order_create_for_decision(decision_id=factories.decision().pk)
        for _ in range(2)
    ]
    return max(o.payment_date for o in made if o is not None)


def test_without_a_run_the_command_line_makes_no_file():
    day = _due_day()
    with pytest.raises(CommandError, match="Ingen attesterad betalningskörning"):
        call_command("payment_file", "--date", day.isoformat())
    assert not PaymentFile.objects.exists()
    assert set(PaymentOrder.objects.values_list("status", flat=True)) == {OrderStatus.READY}


def test_a_prepared_run_nobody_attested_is_not_paid_from_the_command_line(tmp_path):
    day = _due_day()
    services.payment_run_prepare(execution_date=day, by=_staff("anna"))
    out = tmp_path / "pain.xml"
    with pytest.raises(CommandError, match="en annan attesterar den på betalningsdisken"):
        call_command("payment_file", "--date", day.isoformat(), "--output", str(out))
    assert not out.exists() and not PaymentFile.objects.exists()


def test_the_same_is_true_for_a_run_the_morning_job_prepared():
    day = _due_day()
    services.payment_run_prepare_scheduled(execution_date=day)
    with pytest.raises(CommandError):
        call_command("payment_file", "--date", day.isoformat(), "--mark-sent")
    assert not PaymentFile.objects.exists()


def test_a_file_made_without_attest_before_the_rule_is_not_handed_out():
    day = _due_day()
    services.payment_file_generate(execution_date=day)  # as the old command line did
    with pytest.raises(CommandError, match="gjordes utan attest"):
        call_command("payment_file", "--date", day.isoformat())


def test_an_attested_run_is_fetched_byte_for_byte_logged_and_can_be_marked_sent(tmp_path, capsys):
    day = _due_day()
    anna, bo = _staff("anna"), _staff("bo")
    run = services.payment_run_prepare(execution_date=day, by=anna)
    run = services.payment_run_attest(run_id=run.pk, by=bo)
    out = tmp_path / "pain.xml"
    call_command("payment_file", "--date", day.isoformat(), "--output", str(out))
    assert out.read_text(encoding="utf-8") == run.file.content
    printed = capsys.readouterr().out
    assert "prepared by anna, attested by bo" in printed
    entry = AccessLogEntry.objects.get(object_type="payment_file", user__isnull=True)
    assert entry.action == "export" and entry.user_label.startswith("kommandoraden (")
    call_command("payment_file", "--date", day.isoformat(), "--mark-sent")
    assert PaymentFile.objects.get().status == FileStatus.SENT
    assert set(PaymentOrder.objects.values_list("status", flat=True)) == {OrderStatus.PAID}
    assert PaymentFile.objects.count() == 1
