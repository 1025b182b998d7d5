"""Exactly once when the generator is killed mid-run, and when two generators run at once.

Starts the real management command `bistand payment_file` against the test database, makes it
stop at a checkpoint (through the test-only runner tests/payments/pause_runner.py), kills it with
SIGKILL there, runs it again and checks the bank would pay every order exactly once.
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

from bistand.payments import services
from bistand.payments.models import FileStatus, OrderStatus, PaymentFile, PaymentOrder

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


def start_generator(day, pause: str = "") -> subprocess.Popen[str]:
    """`bistand payment_file`; with `pause`, run by the test-only runner that stops at the
    checkpoint `payment_file.<pause>` (production code has no pause of its own)."""
    command = ["payment_file", "--date", day.isoformat()]
    runner = ["-m", "tests.payments.pause_runner", f"payment_file.{pause}"] if pause else []
    return subprocess.Popen(
        [sys.executable, *(runner or ["-m", "bistand.cli"]), *command],
        cwd=REPO,
        env=command_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


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


@pytest.mark.parametrize(
    ("point", "file_survives"),
    [
        ("assign", False),  # inside the assigning transaction: nothing is left
        ("assigned", True),  # after the assignment committed, before the XML is written
        ("render", True),  # inside the writing transaction, the XML rendered, not stored
    ],
)
def test_a_generator_killed_mid_run_leaves_no_duplicate_and_no_gap(point, file_survives):
    made = make_orders(12)
    day = max(o.payment_date for o in made)

    kill_when_paused(start_generator(day, pause=point), point)

    survivor = PaymentFile.objects.filter(execution_date=day).first()
    assert (survivor is not None) == file_survives
    if survivor is not None:
        assert survivor.content == ""
        assert survivor.orders.count() == 12  # the assignment is whole or not there
    else:
        assert not PaymentOrder.objects.filter(file__isnull=False).exists()

    rerun = start_generator(day)
    output, _ = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, output
    assert_paid_exactly_once(made)
    payment_file = PaymentFile.objects.get(execution_date=day)
    if survivor is not None:
        assert payment_file.msg_id == survivor.msg_id
        assert payment_file.created_at == survivor.created_at
    # And once more: the same bytes.
    again = start_generator(day)
    output, _ = again.communicate(timeout=120)
    assert again.returncode == 0, output
    assert PaymentFile.objects.get(pk=payment_file.pk).sha256 == payment_file.sha256


def test_orders_made_after_a_killed_assignment_go_in_the_next_file():
    made = make_orders(5)
    day = max(o.payment_date for o in made)
    kill_when_paused(start_generator(day, pause="assigned"), "assigned")
    later = make_orders(3)
    services.payment_file_generate(execution_date=day)
    next_day = max(day + timedelta(days=1), *(o.payment_date for o in later))
    services.payment_file_generate(execution_date=next_day)
    assert_paid_exactly_once(made + later)
    assert PaymentFile.objects.get(execution_date=day).orders.count() == 5


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
