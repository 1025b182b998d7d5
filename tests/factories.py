"""Shared test builders: synthetic citizens, staff, clients, applications and decisions.

One place for what every app's tests need, instead of each conftest copying its own (issue 18
item 11). Plain functions that create rows through the apps' own services where there is one;
the conftests wrap them in fixtures with the names their tests use. Personnummer come from
`bistand.synthetic` (month + 20); nothing here is a real person.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.test import Client
from django.utils import timezone

from bistand.accounts.models import Role, User
from bistand.applications import services as application_services
from bistand.applications.models import Application, ApplicationKind, ApplicationStatus
from bistand.cases import services as case_services
from bistand.decisions.models import Calculation, Decision, Delivery
from bistand.decisions.services import Post, decision_make, delivery_record_opened
from bistand.demo.simulator import RunningSimulator
from bistand.jobs import registry
from bistand.jobs.models import Job, JobStatus
from bistand.jobs.runner import run_job
from bistand.synthetic import personnummer as synthetic_personnummer

RNG = random.Random(20261201)
MONTH = date(2026, 11, 1)


def this_month() -> date:
    return timezone.localdate().replace(day=1)


def citizen(
    name: str = "",
    *,
    seed: int | None = None,
    born: date | None = None,
    display_name: str | None = None,
    personnummer: str | None = None,
) -> User:
    """A citizen with a synthetic personnummer: the one given (a scenario's), from `seed` (and
    `born`, default 1990-05-17) when the test needs the same number every run, otherwise a fresh
    unique one."""
    if personnummer is not None:
        pnr = personnummer
    elif seed is not None:
        pnr = synthetic_personnummer.generate(random.Random(seed), born or date(1990, 5, 17))
    else:
        born = born or date(
            1970 + int(RNG.random() * 30), 1 + int(RNG.random() * 12), 1 + int(RNG.random() * 28)
        )
        pnr = synthetic_personnummer.generate(RNG, born)
        while User.objects.filter(personnummer=pnr).exists():
            pnr = synthetic_personnummer.generate(RNG, born)
    return User.objects.create(
        username=name or f"citizen-{uuid.uuid4().hex[:10]}",
        role=Role.CITIZEN,
        personnummer=pnr,
        display_name=display_name
        if display_name is not None
        else (name or "Test").title() + " Testsson",
    )


def staff(role: Role, username: str = "", *, display_name: str = "") -> User:
    """A staff member in `role` (the same one again for the same username)."""
    user, _ = User.objects.get_or_create(
        username=username or f"staff-{role.value}",
        defaults={"role": role, "display_name": display_name or f"{role.label} Test"},
    )
    return user


def client_for(user: User | None) -> Client:
    """A test client logged in as `user` (anonymous for None)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@contextmanager
def job_stand_in(name: str, apply: Callable[..., Any] = lambda **kwargs: None) -> Iterator[None]:
    """While the job `name` is not registered (its app's tests run alone), a no-op stands in, so
    that a service that enqueues it can be tested on its own."""
    added = name not in registry._REGISTRY
    if added:
        registry._REGISTRY[name] = registry.RegisteredJob(name=name, apply=apply)
    try:
        yield
    finally:
        if added:
            registry._REGISTRY.pop(name, None)


def registers_at(settings: Any, simulator: RunningSimulator, **overrides: Any) -> Any:
    """Point the register client at the shared simulator (the `simulator` fixture), its state
    reset, with the `REGISTERS_*` settings a test wants: `retries=0` sets REGISTERS_RETRIES."""
    simulator.state.reset()
    settings.REGISTERS_BASE_URL = simulator.url
    for name, value in overrides.items():
        setattr(settings, f"REGISTERS_{name.upper()}", value)
    return settings


PLAIN_HTTP = {"tls_cert": "", "tls_key": "", "tls_ca": ""}  # the simulator without TLS


def run_pending_jobs(limit: int = 50) -> int:
    """What the background worker does, in this thread: run due jobs (the pipeline, then what it
    enqueues) one by one, oldest first, until none is left or `limit` have run."""
    ran = 0
    for _ in range(limit):
        job = Job.objects.filter(status=JobStatus.PENDING).order_by("run_after").first()
        if job is None:
            break
        run_job(str(job.pk))
        ran += 1
    return ran


def new_application_submitted(
    applicant: User, *, submitted_at: datetime | None = None
) -> Application:
    """A new application for this month, opened and sent in through the apps' services (moved
    back to `submitted_at` in the database when a test needs an earlier time)."""
    case = case_services.case_get_or_open(applicant=applicant)
    application = application_services.application_start(
        case=case, month=this_month(), created_by=applicant, kind=ApplicationKind.NEW
    )
    application = application_services.application_submit(
        application=application, version=application.version, by=applicant
    )
    if submitted_at is not None:
        Application.objects.filter(pk=application.pk).update(submitted_at=submitted_at)
        application.refresh_from_db()
    return application


def decision(
    *,
    applicant: User,
    month: date = MONTH,
    applied: str | None = None,
    granted: str = "5220.00",
    decided_by: User | None = None,
    decided_at: datetime | None = None,
    opened: bool = True,
    posts: list[Post] | None = None,
) -> Decision:
    """A decision on a submitted application of `applicant`'s household (made now, or moved
    back to `decided_at` to test deadlines), opened on Min sida the day it was made unless
    `opened=False`. `posts` replaces the one försörjningsstöd post (e.g. bistånd utöver)."""
    if applied is None:
        # The automated function only grants what was applied for (it never refuses, not even
        # in part: core.delegation); a case worker's decision refuses part by default.
        applied = granted if decided_by is None else "6000.00"
    case = case_services.case_get_or_open(applicant=applicant)
    application = application_services.application_start(
        case=case, month=month, created_by=applicant, kind=ApplicationKind.RECURRING, answers={}
    )
    application_services.application_set_status(
        application=application, status=ApplicationStatus.SUBMITTED
    )
    calculation = Calculation.objects.create(
        application_id=application.pk,
        rules_version="test",
        input={},
        output={"amount": granted, "lines": []},
    )
    made = decision_make(
        application=application,
        calculation=calculation,
        posts=posts
        or [
            Post(
                post="forsorjningsstod",
                label="Försörjningsstöd",
                applied=Decimal(applied),
                granted=Decimal(granted),
                reason="Beräknat enligt riksnormen.",
                legal_source="SoL (2025:400) 12 kap. 1 §",
            )
        ],
        motivering={"text": "Test"},
        decided_by=decided_by,
        delegation_reference="Test delegation",
    )
    if decided_at is not None:
        # Immutable model: move the date in the database only, as if made earlier.
        Decision.objects.filter(pk=made.pk).update(decided_at=decided_at)
        Delivery.objects.filter(decision=made).update(sent_at=decided_at)
        made.refresh_from_db()
    if opened:
        delivery_record_opened(decision=made, now=made.decided_at)
    return made
