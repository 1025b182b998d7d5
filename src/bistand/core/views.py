"""Thin views for the public shell: start page, about, accessibility statement, health."""

from datetime import date

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import selectors, session
from .metrics import _token_ok as metrics_token_ok
from .navigation import staff_notices_for


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    municipality = settings.MUNICIPALITY
    return render(
        request,
        "core/start.html",
        {
            "staff_notices": staff_notices_for(request.user),
            "sla_days": municipality.sla_decision_working_days,
            "meeting_hours": municipality.meeting_offer_within_hours,
        },
    )


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "core/about.html")


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@require_GET
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. Used by load balancers; touches nothing else."""
    return JsonResponse({"status": "ok"})


@require_GET
@never_cache
def ready(request: HttpRequest) -> JsonResponse:
    """Readiness: the database answers. Anonymous callers (the load balancer) learn only ok or
    not ok; staff and the metrics scraper (bearer token) also get the checks and the job queue
    figures, which say something about the service's inside (issue 13 item 9).

    For logged-in staff it also shows SSBTEK's connectivity check (testaBastjanstInformation);
    that never changes the status: an unavailable source sends cases to the queue, the service
    itself stays ready."""
    report = selectors.readiness()
    status = 200 if report["status"] == "ok" else 503
    user = request.user
    staff = user.is_authenticated and getattr(user, "is_case_staff", False)
    if not (staff or metrics_token_ok(request)):
        return JsonResponse({"status": report["status"]}, status=status)
    if staff:
        from bistand.registers.services import registers_connectivity

        report["registers"] = registers_connectivity()
    return JsonResponse(report, status=status)


@require_GET
@never_cache
def session_ended(request: HttpRequest) -> HttpResponse:
    """After the session limits logged someone out: why, and for a citizen that the drafts are
    kept (with the month and the last day each is kept). Anyone may open it; without an ended
    session it just says that you are logged out."""
    ended = request.session.get(session.ENDED) or {}
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    drafts = [
        {
            "month": date.fromisoformat(f"{item['month']}-01"),
            "until": date.fromisoformat(item["until"]) if item.get("until") else None,
        }
        for item in ended.get("drafts", [])
        if isinstance(item, dict) and item.get("month")
    ]
    return render(
        request,
        "core/session_ended.html",
        {
            "reason": ended.get("reason", ""),
            "citizen": bool(ended.get("citizen")),
            "typed": bool(ended.get("typed")),
            "drafts": drafts,
            "idle_minutes": session.idle_seconds() // 60,
            "next": target,
        },
    )


# At most a day and a half: a session never lives longer (core/session.py).
_TIMER_MAX = 36 * 3600


@require_GET
def session_timer_css(request: HttpRequest, warn: int, end: int) -> HttpResponse:
    """The stylesheet that warns without JavaScript (core/_session_notice.html, inside
    <noscript>): it shows the warning `warn` seconds after the page loaded and the notice that
    the session has ended after `end` seconds, by CSS animation delays. The content depends only
    on the two numbers (nothing personal), so it may be cached; the strict CSP allows no inline
    style, hence a stylesheet of its own."""
    warn, end = min(warn, _TIMER_MAX), min(end, _TIMER_MAX)
    css = (
        f".session-timed-warning{{animation:session-reveal 1ms linear {warn}s forwards,"
        f"session-hide 1ms linear {end}s forwards}}\n"
        f".session-timed-ended{{animation:session-reveal 1ms linear {end}s forwards}}\n"
    )
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400, immutable"
    return response
