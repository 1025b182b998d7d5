"""Fixtures for the e-service tests (builders in tests/factories.py): citizens with synthetic
personnummer, staff, and a stand-in for the decision pipeline's job while it is not registered."""

from __future__ import annotations

from datetime import date

import pytest

from bistand.accounts.models import Role
from bistand.applications.services import PROCESS_APPLICATION_JOB
from tests import factories


@pytest.fixture(autouse=True)
def _process_application_job_registered():
    """application_submit enqueues decisions.process_application; if the decisions app has not
    registered it (yet), a no-op stands in so the e-service can be tested on its own."""
    with factories.job_stand_in(PROCESS_APPLICATION_JOB):
        yield


@pytest.fixture
def alice(db):
    return factories.citizen("alice", seed=1, born=date(1991, 4, 17))


@pytest.fixture
def bob(db):
    return factories.citizen("bob", seed=2, born=date(1984, 9, 3))


@pytest.fixture
def carol(db):
    return factories.citizen("carol", seed=3, born=date(1986, 1, 28))


@pytest.fixture
def staff(db):
    return factories.staff(Role.EKONOMISEKRETERARE, "eva", display_name="Eva Ekonom")
