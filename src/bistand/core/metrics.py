"""/metrics/ in the Prometheus text format (version 0.0.4) for the operations dashboard.

Who may read: a logged-in staff member, or a scraper with "Authorization: Bearer <token>" where
the token is settings.METRICS_TOKEN (compared in constant time). Citizens and anonymous callers
get 403/401. The figures contain no personal data: counts and durations only.

- bistand_applications_in_queue: applications waiting for a case worker (status in_queue)
- bistand_jobs{status=…}: background jobs by status (pending, running, failed …)
- bistand_jobs_oldest_pending_seconds
- bistand_decision_latency_seconds{quantile="0.5"|"0.95"}: from the application's "submitted"
  case event to its "decided" event, for decisions in the last 24 hours (nearest rank), with
  _count.
"""

from __future__ import annotations

import hmac
import math
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from bistand.applications import events as application_events
from bistand.decisions import events as decision_events

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
LATENCY_WINDOW = timedelta(hours=24)


def nearest_rank(sorted_values: list[float], quantile: float) -> float:
    """The nearest-rank percentile of an ascending list (NaN when empty)."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(quantile * len(sorted_values)))
    return sorted_values[rank - 1]


def decision_latencies(*, now: object = None) -> list[float]:
    """Seconds from submission to decision, for each application decided in the last 24 h.

    Read from case events (the follow-up figures' source), not from status fields."""
    from bistand.cases.models import CaseEvent

    now = now or timezone.now()
    decided = dict(
        CaseEvent.objects.filter(
            kind=decision_events.DECIDED,
            at__gte=now - LATENCY_WINDOW,  # type: ignore[operator]
            application_id__isnull=False,
        )
        .order_by("at")
        .values_list("application_id", "at")
    )
    submitted: dict[int, object] = {}
    for application_id, at in (
        CaseEvent.objects.filter(
            kind=application_events.SUBMITTED, application_id__in=list(decided)
        )
        .order_by("-at")
        .values_list("application_id", "at")
    ):
        submitted[application_id] = at  # the earliest submission wins (ordered newest first)
    return sorted(
        (decided[app] - at).total_seconds()  # type: ignore[operator]
        for app, at in submitted.items()
        if decided[app] >= at  # type: ignore[operator]
    )


def applications_in_queue() -> int:
    from bistand.applications.models import Application, ApplicationStatus

    return Application.objects.filter(status=ApplicationStatus.IN_QUEUE).count()


def _number(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    return repr(float(value)) if not float(value).is_integer() else str(int(value))


def render_metrics() -> str:
    from bistand.jobs.selectors import job_queue_summary

    jobs = job_queue_summary()
    lines = [
        "# HELP bistand_applications_in_queue Applications waiting for a case worker.",
        "# TYPE bistand_applications_in_queue gauge",
        f"bistand_applications_in_queue {applications_in_queue()}",
        "# HELP bistand_jobs Background jobs by status.",
        "# TYPE bistand_jobs gauge",
    ]
    for status in ("pending", "running", "failed"):
        lines.append(f'bistand_jobs{{status="{status}"}} {jobs[status]}')
    lines += [
        "# HELP bistand_jobs_oldest_pending_seconds Age of the oldest pending job.",
        "# TYPE bistand_jobs_oldest_pending_seconds gauge",
        f"bistand_jobs_oldest_pending_seconds {jobs['oldest_pending_seconds']}",
    ]
    latencies = decision_latencies()
    lines += [
        "# HELP bistand_decision_latency_seconds Submission to decision, decisions of the "
        "last 24 hours.",
        "# TYPE bistand_decision_latency_seconds summary",
        f'bistand_decision_latency_seconds{{quantile="0.5"}} '
        f"{_number(nearest_rank(latencies, 0.5))}",
        f'bistand_decision_latency_seconds{{quantile="0.95"}} '
        f"{_number(nearest_rank(latencies, 0.95))}",
        f"bistand_decision_latency_seconds_sum {_number(sum(latencies))}",
        f"bistand_decision_latency_seconds_count {len(latencies)}",
    ]
    return "\n".join(lines) + "\n"


def _token_ok(request: HttpRequest) -> bool:
    expected = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if not expected or not given.startswith("Bearer "):
        return False
    return hmac.compare_digest(given.removeprefix("Bearer ").encode(), expected.encode())


@require_GET
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not _token_ok(request):
        if not user.is_authenticated:
            response = HttpResponse("Inloggning krävs.\n", status=401, content_type=CONTENT_TYPE)
            response["WWW-Authenticate"] = 'Bearer realm="metrics"'
            return response
        if not getattr(user, "is_case_staff", False):
            return HttpResponse("Ingen behörighet.\n", status=403, content_type=CONTENT_TYPE)
    return HttpResponse(render_metrics(), content_type=CONTENT_TYPE)
