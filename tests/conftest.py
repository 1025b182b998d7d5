"""Shared fixtures for the whole suite."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# The suite runs its SQLite and PostgreSQL parts at the same time on a shared machine
# (ADR 0290): a property test's example may take longer than hypothesis' default 200 ms
# deadline there without anything being wrong, and hypothesis would call the test flaky.
# Timing is for bench/, never a test's verdict; the examples and their checks are unchanged.
settings.register_profile("bistand", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("bistand")

DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


@pytest.fixture(autouse=True)
def _namnd_approved_rules_version(request: pytest.FixtureRequest) -> None:
    """In every test with a database, the socialnämnd has approved the installed rules version,
    as in any municipality where the automated decision function runs (docs/adr/0115).

    Without it the robot sends every application to the queue. A test of that behaviour takes
    the approval away with `unapproved_rules` (tests/governance)."""
    if request.node.get_closest_marker("django_db") is None and not (
        DB_FIXTURES & set(request.fixturenames)
    ):
        return
    request.getfixturevalue("_django_db_helper")
    from bistand import rules
    from bistand.governance.models import RulesApproval

    if RulesApproval.objects.filter(rules_version=rules.RULES_VERSION).exists():
        return
    RulesApproval.objects.create(
        rules_version=rules.RULES_VERSION,
        approved_on="2026-01-01",
        reference="Socialnämnden § 1 (test)",
        registered_by_label="Testsviten",
    )


@pytest.fixture(scope="session")
def simulator() -> Iterator[Any]:
    """The register simulator (SSBTEK, folkbokföring, Arbetsförmedlingen, ...) in a thread on a
    free port, one for the whole run. Who uses it resets its state (factories.registers_at)."""
    from bistand.demo.simulator import start_simulator

    running = start_simulator(port=0)
    yield running
    running.stop()
