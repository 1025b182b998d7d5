"""The follow-up dashboard (/uppfoljning/), its CSV exports and the what-if view.

Only the enhetschef and the granskare see them (`FOLLOWUP_ROLES`); everyone else gets 403,
and a visitor who is not logged in is sent to the login. The figures are aggregates: no case is
shown, so nothing here is a read of a case for the access log.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from bistand.core.format import kronor, month_label

from . import forms, selectors, whatif
from .metrics import add_months, month_of
from .navigation import FOLLOWUP_ROLES

DEFAULT_MONTHS = 12


def followup_staff(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    @login_required
    @never_cache
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request.user, "role", None) not in FOLLOWUP_ROLES:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _period(request: HttpRequest) -> tuple[forms.PeriodForm, date, date]:
    form = forms.PeriodForm(request.GET or None)
    end = month_of(timezone.localdate())
    start = add_months(end, -(DEFAULT_MONTHS - 1))
    if form.is_bound and form.is_valid():
        end = form.cleaned_data.get("end") or end
        start = form.cleaned_data.get("start") or add_months(end, -(DEFAULT_MONTHS - 1))
        if start > end:
            start = add_months(end, -(DEFAULT_MONTHS - 1))
    return form, start, end


@followup_staff
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    form, start, end = _period(request)
    data = selectors.dashboard(start=start, end=end)
    # A period that is refused shows the message at the field (and the default period).
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "followup/dashboard.html",
        {
            "form": form,
            "dashboard": data,
            "period_label": f"{month_label(data.start)} – {month_label(data.end)}",
            "query": request.GET.urlencode(),
        },
        status=status,
    )


@followup_staff
@require_GET
def table_csv(request: HttpRequest, slug: str) -> HttpResponse:
    form, start, end = _period(request)
    if form.is_bound and form.errors:
        return HttpResponse(
            "\n".join(str(e) for errors in form.errors.values() for e in errors),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    table = selectors.dashboard(start=start, end=end).table(slug)
    if table is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-{start:%Y-%m}-{end:%Y-%m}.csv"'
    response.write("\ufeff")  # so that Excel reads UTF-8
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    writer.writerows(table.csv_rows())
    return response


@followup_staff
@require_GET
def what_if(request: HttpRequest) -> HttpResponse:
    months = whatif.what_if_months()
    result = None
    if "month" in request.GET:
        form = forms.WhatIfForm(request.GET, months=months)
        if form.is_valid():
            year, month = (int(x) for x in form.cleaned_data["month"].split("-"))
            result = whatif.what_if(
                month=date(year, month, 1),
                norm_percent=form.cleaned_data["norm_percent"],
                caps_percent=form.cleaned_data["caps_percent"],
            )
    else:
        initial = {"norm_percent": "0", "caps_percent": "0"}
        if months:
            initial["month"] = f"{months[0]:%Y-%m}"
        form = forms.WhatIfForm(initial=initial, months=months)
    result_fmt = {}
    if result is not None:
        result_fmt = {
            "baseline": kronor(result.baseline_total),
            "scenario": kronor(result.scenario_total),
            "difference": kronor(result.difference),
            "difference_year": kronor(result.difference_per_year),
        }
    return render(
        request,
        "followup/what_if.html",
        {"form": form, "result": result, "result_fmt": result_fmt, "months": months},
    )
