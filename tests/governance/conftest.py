"""Fixtures for the nämnd's control."""

from __future__ import annotations

import pytest

from bistand.accounts.models import Role, User
from bistand.governance.models import RulesApproval
from tests import factories
from tests.decisions.conftest import citizen, worker  # noqa: F401  (fixtures)
from tests.registers.conftest import (  # noqa: F401  (fixtures)
    _clean_simulator,
    registers_settings,
    scenario,
)


@pytest.fixture
def unapproved_rules(db) -> None:
    """The nämnd has not approved the installed rules version (the suite's default approves it)."""
    RulesApproval.objects.all().delete()


@pytest.fixture
def manager(db) -> User:
    return factories.staff(Role.ENHETSCHEF, "elin", display_name="Elin Chef")


@pytest.fixture
def reviewer(db) -> User:
    return factories.staff(Role.GRANSKARE, "gun", display_name="Gun Granskare")
