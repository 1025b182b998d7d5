"""Shared fixtures: log capture as production writes it, and whole flows for two households."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bistand.accounts.models import Role, User
from bistand.applications.models import Application
from bistand.core.logging import JsonFormatter, RedactPersonnummerFilter, RequestIdFilter
from bistand.demo.simulator import RunningSimulator
from tests import factories
from tests.applications.helpers import fill_alone, start_application


@dataclass
class CapturedLogs:
    production: io.StringIO  # through the JSON formatter and the redaction filter
    raw: list[logging.LogRecord]  # every record as the code emitted it, before redaction

    def production_text(self) -> str:
        return self.production.getvalue()

    def raw_text(self) -> str:
        parts = []
        for record in self.raw:
            parts.append(record.getMessage())
            parts.extend(str(v) for v in vars(record).values())
        return "\n".join(parts)


class _KeepRaw(logging.Handler):
    def __init__(self, sink: list[logging.LogRecord]) -> None:
        super().__init__(level=logging.DEBUG)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        # A copy with the message rendered now, before any other handler's filters touch it.
        copy = logging.makeLogRecord(vars(record))
        copy.msg, copy.args = record.getMessage(), None
        self.sink.append(copy)


@pytest.fixture
def captured_logs() -> Iterator[CapturedLogs]:
    """Every log record of every logger at DEBUG level, kept twice: raw, and as the production
    handler writes it (settings.LOGGING: request id, redaction, JSON)."""
    root = logging.getLogger()
    raw: list[logging.LogRecord] = []
    keep = _KeepRaw(raw)
    stream = io.StringIO()
    production = logging.StreamHandler(stream)
    production.setLevel(logging.DEBUG)
    production.addFilter(RequestIdFilter())
    production.addFilter(RedactPersonnummerFilter())
    production.setFormatter(JsonFormatter())
    old_level = root.level
    disabled = logging.root.manager.disable
    logging.disable(logging.NOTSET)
    root.setLevel(logging.DEBUG)
    root.handlers.insert(0, keep)  # first: sees the record before anyone changes it
    root.addHandler(production)
    try:
        yield CapturedLogs(production=stream, raw=raw)
    finally:
        root.removeHandler(keep)
        root.removeHandler(production)
        root.setLevel(old_level)
        logging.disable(disabled)


@pytest.fixture
def registers_settings(settings: Any, simulator: RunningSimulator) -> Any:
    return factories.registers_at(
        settings, simulator, connect_timeout=1.0, read_timeout=3.0, retries=1, backoff=0.01
    )


@dataclass
class Household:
    citizen: User
    client: Client
    application: Application


def apply_online(citizen: User, month: str) -> Household:
    client = Client()
    client.force_login(citizen)
    application = start_application(client, month)
    fill_alone(client, application)
    application.refresh_from_db()
    response = client.post(
        reverse("applications:check", args=[application.pk]), {"version": application.version}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    application.refresh_from_db()
    return Household(citizen=citizen, client=client, application=application)


@pytest.fixture
def two_households(db: Any, registers_settings: Any) -> tuple[Household, Household]:
    """Alice and Bob each apply online for this month; the pipeline job runs for both."""
    alice = factories.citizen("alice", seed=1, born=date(1991, 4, 17))
    bob = factories.citizen("bob", seed=2, born=date(1984, 9, 3))
    month = f"{timezone.localdate():%Y-%m}"
    households = (apply_online(alice, month), apply_online(bob, month))
    factories.run_pending_jobs()
    for household in households:
        household.application.refresh_from_db()
        if household.application.status == "in_queue":
            decide_by_hand(household.application)
    factories.run_pending_jobs()  # payment orders
    for household in households:
        household.application.refresh_from_db()
    return households


def decide_by_hand(application: Application) -> None:
    """A case worker grants 1 000 kr on the robot's stored calculation."""
    from bistand.decisions.models import Calculation
    from bistand.decisions.services import Post, decision_make

    worker = factories.staff(Role.EKONOMISEKRETERARE, "eva", display_name="Eva Ekonom")
    calculation = Calculation.objects.filter(application_id=application.pk).latest("pk")
    post = Post(
        post="forsorjningsstod",
        label="Försörjningsstöd",
        applied=Decimal("1000.00"),
        granted=Decimal("1000.00"),
        reason="Beviljas enligt beräkningen.",
        legal_source="SoL (2025:400)",
    )
    decision_make(
        application=application,
        calculation=calculation,
        posts=[post],
        motivering={"text": "Test"},
        decided_by=worker,
        delegation_reference="Delegationsordning punkt 1 (test)",
    )


@pytest.fixture
def granskare(db: Any) -> User:
    return factories.staff(Role.GRANSKARE, "gun", display_name="Gun Granskare")
