"""The granskare's page: search the access log by person or case and period.

Only the granskare role. The search itself is written to the access log (who searched for whom,
when), before the results are shown. The search is POSTed: a personnummer never goes into the
URL, where the web server's access log, the browser history and the Referer of every asset
request would repeat it (issue 13 item 3)."""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import labels, selectors, services
from .forms import AccessLogSearchForm
from .models import AccessAction

RESULT_LIMIT = 500  # kept for the template's wording
PAGE_SIZE = 50
CSV_LIMIT = 100_000


def _page_number(request: HttpRequest) -> int:
    value = str(request.POST.get("sida", "1"))
    return max(1, min(int(value), 1_000_000)) if value.isdigit() else 1


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
def access_log_search(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not selectors.may_search_access_log(user=user):
        raise PermissionDenied
    form = AccessLogSearchForm(request.POST if request.method == "POST" else None)
    entries: list[dict[str, object]] = []
    total = 0
    searched = False
    page = pages = 1
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        services.access_log_record(
            user=user,  # type: ignore[arg-type]
            action=(
                AccessAction.EXPORT if request.POST.get("format") == "csv" else AccessAction.READ
            ),
            object_type="access_log",
            object_id="search",
            reason=(
                f"Granskning: sökning i åtkomstloggen {data['period_start']:%Y-%m-%d}–"
                f"{data['period_end']:%Y-%m-%d}"
            ),
            subject=data["subject"],
            case_number=data["case_number"],
            request_id=getattr(request, "request_id", ""),
        )
        found = selectors.access_log_search(
            subject=data["subject"],
            case_number=data["case_number"],
            period_start=data["period_start"],
            period_end=data["period_end"],
        )
        if request.POST.get("format") == "csv":
            return _csv(found[:CSV_LIMIT])
        total = found.count()
        pages = max(1, -(-total // PAGE_SIZE))
        page = min(_page_number(request), pages)
        entries = [
            {"entry": entry, **labels.describe(entry)}
            for entry in found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        ]
        searched = True
    errors = form.error_links() if form.is_bound else []
    return render(
        request,
        "audit/search.html",
        {
            "form": form,
            "entries": entries,
            "total": total,
            "searched": searched,
            "limit": RESULT_LIMIT,
            "page": page,
            "pages": pages,
            "previous_page": page - 1,
            "next_page": page + 1,
            "errors": errors,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _csv(entries: object) -> HttpResponse:
    """The hits as a CSV file (semicolon-separated, as Swedish Excel opens it)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="atkomstlogg.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["När", "Vem", "Roll", "Vad", "Ärende", "Varför", "Länk"])
    for entry in entries:  # type: ignore[attr-defined]
        described = labels.describe(entry)
        writer.writerow(
            [
                f"{entry.at:%Y-%m-%d %H:%M:%S}",
                entry.user_label,
                entry.role,
                described["text"],
                entry.case_number,
                entry.reason,
                described["url"],
            ]
        )
    return response
