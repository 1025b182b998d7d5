"""Exactly once when the attestation that makes the file is killed mid-run, when the command
line fetches or finishes the file, and when two generators run at once.

Attests a prepared run in its own process (the test-only runner tests/payments/attest_runner.py),
makes it stop at a checkpoint inside `payment_file_generate`, kills it with SIGKILL there,
attests again and checks the bank would pay every order exactly once. The command line
`bistand payment_file` only fetches (or finishes) the file of an attested run (docs/adr/0210).
"""

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from decimal import Decimal
from importlib.resources import files
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import xmlschema
from django.db import connection, connections

from bistand.accounts.models import Role, User
from bistand.payments import services
from bistand.payments.models import (
    FileStatus,
    OrderStatus,
    PaymentFile,
    PaymentOrder,
    PaymentRun,
)

from . import factories

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"}


REPO = Path(__file__).resolve().parents[2]


def command_env() -> dict[str, str]:
    env = {**os.environ}
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        env.pop("DATABASE_URL", None)
        env["BISTAND_SQLITE_PATH"] = str(db["NAME"])
    else:
        host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or "5432"
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        env["DATABASE_URL"] = f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"
    return env


def run_command(*command: str) -> subprocess.CompletedProcess[str]:
    """`bistand payment_file ...` as the operator runs it."""
    return subprocess.run(
        [sys.executable, "-m", "bistand.cli", "payment_file", *command],
        cwd=REPO,
        env=command_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


def start_attest(run: PaymentRun, username: str, pause: str = "") -> subprocess.Popen[str]:
    """`payment_run_attest` in its own process; with `pause`, it stops at the checkpoint
    `payment_file.<pause>` (production code has no pause of its own)."""
    point = f"payment_file.{pause}" if pause else "-"
    return subprocess.Popen(
        [sys.executable, "-m", "tests.payments.attest_runner", point, str(run.pk), username],
        cwd=REPO,
        env=command_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def prepared(day) -> PaymentRun:
    anna = User.objects.get_or_create(username="anna", role=Role.EKONOMISEKRETERARE)[0]
    User.objects.get_or_create(username="bo", role=Role.EKONOMISEKRETERARE)
    return services.payment_run_prepare(execution_date=day, by=anna)


def kill_when_paused(process: subprocess.Popen[str], point: str) -> None:
    deadline = time.monotonic() + 60
    seen = []
    try:
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            seen.append(line)
            if line.strip() == f"PAUSED payment_file.{point}":
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
                return
        raise AssertionError(f"the generator never reached {point}:\n{''.join(seen)[-3000:]}")
    finally:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def make_orders(count: int):
    made = []
    for i in range(count):
        decision = factories.decision(amount=Decimal("1000.00") + Decimal(i) / 100)
        made.append(services.payment_order_create_for_decision(decision_id=decision.pk))
    return made


def assert_paid_exactly_once(orders) -> None:
    """What the bank would do with every file: each order exactly once, sums exact, valid XML."""
    schema = xmlschema.XMLSchema(str(files("sepaxml") / "schemas" / "pain.001.001.09.xsd"))
    end_to_end: Counter[str] = Counter()
    for payment_file in PaymentFile.objects.all():
        assert payment_file.status == FileStatus.WRITTEN
        schema.validate(payment_file.content)
        root = ET.fromstring(payment_file.content)
        ids = [e.text for e in root.iterfind(".//p:CdtTrfTxInf/p:PmtId/p:EndToEndId", NS)]
        amounts = [Decimal(a.text) for a in root.iterfind(".//p:InstdAmt", NS)]
        control = Decimal(root.findtext("p:CstmrCdtTrfInitn/p:GrpHdr/p:CtrlSum", namespaces=NS))
        in_db = list(payment_file.orders.all())
        assert control == sum(amounts) == sum(o.amount for o in in_db) == payment_file.control_sum
        assert sorted(ids) == sorted(o.end_to_end_id for o in in_db)
        end_to_end.update(ids)
    duplicates = [e2e for e2e, n in end_to_end.items() if n > 1]
    assert not duplicates, f"paid twice: {duplicates}"
    expected = {o.end_to_end_id for o in orders}
    assert set(end_to_end) == expected, "an order was skipped or a stranger was paid"
    assert not PaymentOrder.objects.filter(status=OrderStatus.READY).exists()


@pytest.mark.parametrize("point", ["assign", "assigned", "render"])
def test_an_attestation_killed_mid_file_leaves_nothing_and_attesting_again_pays_once(point):
    made = make_orders(12)
    day = max(o.payment_date for o in made)
    run = prepared(day)

    kill_when_paused(start_attest(run, "bo", pause=point), point)

    # The file is made in the attestation's transaction: killed anywhere, nothing is left.
    run.refresh_from_db()
    assert run.attested_by_id is None and run.file_id is None
    assert not PaymentFile.objects.exists()
    assert not PaymentOrder.objects.filter(file__isnull=False).exists()
    refused = run_command("--date", day.isoformat())
    assert refused.returncode != 0
    assert "Ingen attesterad betalningskörning" in refused.stderr

    again = start_attest(run, "bo")
    output, _ = again.communicate(timeout=120)
    assert again.returncode == 0, output
    assert_paid_exactly_once(made)
    payment_file = PaymentFile.objects.get(execution_date=day)
    # The operator fetches the attested file: the same bytes every time.
    for _ in range(2):
        fetched = run_command("--date", day.isoformat())
        assert fetched.returncode == 0, fetched.stderr
        assert payment_file.sha256 in fetched.stdout
        assert "prepared by anna, attested by bo" in fetched.stdout
    assert PaymentFile.objects.get(pk=payment_file.pk).sha256 == payment_file.sha256


def test_the_command_line_finishes_an_attested_file_whose_xml_was_lost_with_the_same_bytes():
    """Recovery: the orders of the attested file are fixed; the XML is written from exactly
    those orders again, and no order is added or paid twice."""
    made = make_orders(5)
    day = max(o.payment_date for o in made)
    run = services.payment_run_attest(run_id=prepared(day).pk, by=User.objects.get(username="bo"))
    payment_file = run.file
    PaymentFile.objects.filter(pk=payment_file.pk).update(
        content="", sha256="", status=FileStatus.ASSIGNED
    )
    late = make_orders(2)  # due the same day, after the attestation: not in this file
    done = run_command("--date", day.isoformat())
    assert done.returncode == 0, done.stderr
    finished = PaymentFile.objects.get(pk=payment_file.pk)
    assert (finished.sha256, finished.content) == (payment_file.sha256, payment_file.content)
    assert finished.orders.count() == 5
    assert all(o.file_id is None for o in PaymentOrder.objects.filter(pk__in=[o.pk for o in late]))
    # The late orders wait for the next run, which two people prepare and attest again.
    next_day = max(day + timedelta(days=1), *(o.payment_date for o in late))
    assert run_command("--date", next_day.isoformat()).returncode != 0
    services.payment_run_attest(run_id=prepared(next_day).pk, by=User.objects.get(username="bo"))
    assert_paid_exactly_once(made + late)


def test_two_generators_at_once_make_one_file():
    made = make_orders(20)
    day = max(o.payment_date for o in made)
    barrier = threading.Barrier(4)
    results, errors = [], []

    def generate() -> None:
        try:
            barrier.wait()
            results.append(services.payment_file_generate(execution_date=day).pk)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=generate) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert len(set(results)) == 1 and len(results) == 4
    assert PaymentFile.objects.count() == 1
    assert_paid_exactly_once(made)


def test_two_processes_make_the_order_for_one_decision_once():
    decision = factories.decision()
    barrier = threading.Barrier(4)
    results, errors = [], []

    def create() -> None:
        try:
            barrier.wait()
            order = services.payment_order_create_for_decision(decision_id=decision.pk)
            results.append(order.pk)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert len(set(results)) == 1
    assert PaymentOrder.objects.filter(decision_id=decision.pk).count() == 1
