"""Thin views for the public shell: start page, about, accessibility statement, health."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import selectors
from .navigation import staff_notices_for


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "core/start.html", {"staff_notices": staff_notices_for(request.user)})


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
    """Readiness: the database answers and the background worker has been seen recently."""
    report = selectors.readiness()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
