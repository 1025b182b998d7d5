"""Shared fixtures for the e-service tests: citizens with synthetic personnummer, staff, and a
stand-in for the decision pipeline's job while it is not registered yet."""

from __future__ import annotations

import random
from datetime import date

import pytest

from bistand.accounts.models import Role, User
from bistand.jobs import registry
from bistand.synthetic import personnummer as pnr

PROCESS_APPLICATION_JOB = "decisions.process_application"


@pytest.fixture(autouse=True)
def _process_application_job_registered():
    """application_submit enqueues decisions.process_application; if the decisions app has not
    registered it (yet), a no-op stands in so the e-service can be tested on its own."""
    added = PROCESS_APPLICATION_JOB not in registry._REGISTRY
    if added:
        registry._REGISTRY[PROCESS_APPLICATION_JOB] = registry.RegisteredJob(
            name=PROCESS_APPLICATION_JOB, apply=lambda **kwargs: None
        )
    yield
    if added:
        registry._REGISTRY.pop(PROCESS_APPLICATION_JOB, None)


def make_citizen(username: str, born: date, seed: int) -> User:
    return User.objects.create(
        username=username,
        role=Role.CITIZEN,
        display_name=username.title(),
        personnummer=pnr.generate(random.Random(seed), born),
    )


@pytest.fixture
def alice(db):
    return make_citizen("alice", date(1991, 4, 17), 1)


@pytest.fixture
def bob(db):
    return make_citizen("bob", date(1984, 9, 3), 2)


@pytest.fixture
def carol(db):
    return make_citizen("carol", date(1986, 1, 28), 3)


@pytest.fixture
def staff(db):
    return User.objects.create(
        username="eva", role=Role.EKONOMISEKRETERARE, display_name="Eva Ekonom"
    )
