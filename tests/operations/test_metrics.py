"""/metrics/ (Prometheus text): who may read it, and that the figures are the real ones: queue
length, jobs by status, decision latency p50/p95 over the last 24 hours from case events."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from bistand.accounts.models import Role, User
from bistand.applications import events as application_events
from bistand.applications.models import Application, ApplicationKind, ApplicationStatus
from bistand.cases.models import Case, CaseEvent
from bistand.core.metrics import nearest_rank
from bistand.decisions import events as decision_events
from bistand.jobs.models import Job, JobStatus
from bistand.synthetic import personnummer as pnr

pytestmark = pytest.mark.django_db


def metric_values(text: str) -> dict[str, float]:
    values = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, value = line.rsplit(" ", 1)
            values[name] = float(value)
    return values


def scrape(client: Client, **headers: str) -> dict[str, float]:
    response = client.get(reverse("core:metrics"), **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    return metric_values(response.content.decode())


@pytest.fixture
def staff_client(client: Client) -> Client:
    client.force_login(User.objects.create(username="op", role=Role.ENHETSCHEF))
    return client


def test_anonymous_and_citizens_cannot_read_metrics(client, settings):
    settings.METRICS_TOKEN = "s3cret-token-for-prometheus"
    assert client.get(reverse("core:metrics")).status_code == 401
    wrong = client.get(reverse("core:metrics"), HTTP_AUTHORIZATION="Bearer nope")
    assert wrong.status_code == 401
    client.force_login(User.objects.create(username="c", role=Role.CITIZEN))
    assert client.get(reverse("core:metrics")).status_code == 403


def test_staff_or_the_configured_token_can(client, staff_client, settings):
    settings.METRICS_TOKEN = "s3cret-token-for-prometheus"
    assert "bistand_applications_in_queue" in scrape(staff_client)
    anonymous = Client()
    values = scrape(anonymous, HTTP_AUTHORIZATION="Bearer s3cret-token-for-prometheus")
    assert "bistand_applications_in_queue" in values


def test_no_token_configured_means_no_token_access(settings):
    settings.METRICS_TOKEN = ""
    response = Client().get(reverse("core:metrics"), HTTP_AUTHORIZATION="Bearer ")
    assert response.status_code == 401


def make_application(n: int, status: str) -> Application:
    citizen = User.objects.create(
        username=f"c{n}",
        role=Role.CITIZEN,
        personnummer=pnr.generate(random.Random(n), date(1980, 1, 1) + timedelta(days=n)),
    )
    case = Case.objects.create(number=f"EB-2026-{n:06d}", applicant=citizen)
    return Application.objects.create(
        case=case,
        kind=ApplicationKind.NEW,
        month=date(2026, 11, 1),
        status=status,
        created_by=citizen,
    )


def event(application: Application, kind: str, at) -> None:
    created = CaseEvent.objects.create(case=application.case, application=application, kind=kind)
    CaseEvent.objects.filter(pk=created.pk).update(at=at)


def test_queue_length_and_jobs_by_status(staff_client):
    for n in range(3):
        make_application(n, ApplicationStatus.IN_QUEUE)
    make_application(10, ApplicationStatus.DECIDED)
    now = timezone.now()
    for i, status in enumerate(
        [JobStatus.PENDING, JobStatus.PENDING, JobStatus.FAILED, JobStatus.DONE]
    ):
        Job.objects.create(name=f"t{i}", status=status, run_after=now - timedelta(minutes=5))
    values = scrape(staff_client)
    assert values["bistand_applications_in_queue"] == 3
    assert values['bistand_jobs{status="pending"}'] == 2
    assert values['bistand_jobs{status="failed"}'] == 1
    assert values["bistand_jobs_oldest_pending_seconds"] >= 300


def test_decision_latency_p50_p95_over_the_last_24_hours(staff_client):
    now = timezone.now()
    # Ten decisions today, 1…10 minutes after submission; one decided two days ago (left out).
    for minutes in range(1, 11):
        application = make_application(minutes, ApplicationStatus.DECIDED)
        decided = now - timedelta(hours=1)
        event(application, application_events.SUBMITTED, decided - timedelta(minutes=minutes))
        event(application, decision_events.DECIDED, decided)
    old = make_application(99, ApplicationStatus.DECIDED)
    event(old, application_events.SUBMITTED, now - timedelta(days=5))
    event(old, decision_events.DECIDED, now - timedelta(days=2))
    values = scrape(staff_client)
    assert values["bistand_decision_latency_seconds_count"] == 10
    assert values['bistand_decision_latency_seconds{quantile="0.5"}'] == 5 * 60
    assert values['bistand_decision_latency_seconds{quantile="0.95"}'] == 10 * 60
    assert values["bistand_decision_latency_seconds_sum"] == 55 * 60


def test_without_decisions_the_quantiles_are_nan(staff_client):
    values = scrape(staff_client)
    assert values["bistand_decision_latency_seconds_count"] == 0
    assert math.isnan(values['bistand_decision_latency_seconds{quantile="0.5"}'])


@given(st.lists(st.floats(min_value=0, max_value=1e6), min_size=1, max_size=200))
def test_nearest_rank_is_a_value_and_p50_le_p95(values):
    ordered = sorted(values)
    p50, p95 = nearest_rank(ordered, 0.5), nearest_rank(ordered, 0.95)
    assert p50 in ordered and p95 in ordered
    assert ordered[0] <= p50 <= p95 <= ordered[-1]
    assert sum(v <= p50 for v in ordered) >= len(ordered) / 2


def test_health_and_readiness(client, settings):
    health = client.get(reverse("core:health"))
    assert health.status_code == 200 and health.json() == {"status": "ok"}
    # Anonymous callers learn only ok / not ok; the scraper with its token gets the details.
    assert client.get(reverse("core:ready")).json() == {"status": "ok"}
    settings.METRICS_TOKEN = "scraper-token-for-tests"
    ready = client.get(reverse("core:ready"), HTTP_AUTHORIZATION="Bearer scraper-token-for-tests")
    assert ready.status_code == 200
    body = ready.json()
    assert body["status"] == "ok" and body["checks"]["database"] == "ok"
    assert {"pending", "running", "failed"} <= set(body["jobs"])
    assert "no-cache" in ready["Cache-Control"]
