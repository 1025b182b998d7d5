"""The nämnd's control (/styrning/): rules approvals and anmälan av delegationsbeslut.

The enhetschef registers what the nämnd decided; the granskare reads. Citizens get 404, other
staff 403 (`bistand.core.access.staff_view_for`).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bistand.core.access import staff_view_for
from bistand.core.format import month_label

from . import forms, reports, selectors, services
from .navigation import READERS, REGISTRARS


@staff_view_for(READERS)
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    version = selectors.installed_rules_version()
    return render(
        request,
        "governance/overview.html",
        {
            "rules_version": version,
            "approval": selectors.rules_approval_for(rules_version=version),
        },
    )


@staff_view_for(READERS)
@require_http_methods(["GET", "POST"])
def rules(request: HttpRequest) -> HttpResponse:
    version = selectors.installed_rules_version()
    approval = selectors.rules_approval_for(rules_version=version)
    may_register = request.user.role in REGISTRARS and approval is None  # type: ignore[union-attr]
    form = forms.NamndDecisionForm(request.POST or None)
    if request.method == "POST":
        if not may_register:
            return render(request, "core/forbidden.html", status=403)
        if form.is_valid():
            try:
                services.rules_approval_register(
                    rules_version=version,
                    approved_on=form.cleaned_data["decided_on"],
                    reference=form.cleaned_data["reference"],
                    registered_by=request.user,  # type: ignore[arg-type]
                )
            except services.AlreadyRegisteredError:
                messages.info(request, _("Godkännandet var redan registrerat."))
            else:
                messages.success(
                    request,
                    _(
                        "Nämndens godkännande är registrerat. Den automatiska beslutsfunktionen "
                        "använder nu regelversion %(version)s."
                    )
                    % {"version": version},
                )
            return HttpResponseRedirect(reverse("governance:rules"))
    return render(
        request,
        "governance/rules.html",
        {
            "rules_version": version,
            "approval": approval,
            "approvals": selectors.rules_approvals(),
            "form": form if may_register else None,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _month(value: str) -> date:
    try:
        return datetime.strptime(value, "%Y-%m").date()  # noqa: DTZ007 (a calendar month)
    except ValueError:
        raise Http404 from None


def _report(month: str, key: str) -> reports.DelegateReport:
    report = reports.delegation_report(month=_month(month), key=key)
    if report is None:
        raise Http404
    return report


@staff_view_for(READERS)
@require_GET
def delegation_reports(request: HttpRequest) -> HttpResponse:
    """Anmälan av delegationsbeslut: the month's delegates, their counts and documents."""
    this_month = timezone.localdate().replace(day=1)
    default = (this_month - timedelta(days=1)).replace(day=1)  # last month is the one to report
    form = forms.MonthForm(request.GET or None)
    month = form.cleaned_data["month"] if form.is_bound and form.is_valid() else default
    if not form.is_bound:
        form = forms.MonthForm(initial={"month": f"{default:%Y-%m}"})
    return render(
        request,
        "governance/delegation_reports.html",
        {
            "form": form,
            "month": month,
            "month_slug": f"{month:%Y-%m}",
            "month_label": month_label(month),
            "reports": reports.delegation_reports(month=month),
            "may_register": request.user.role in REGISTRARS,  # type: ignore[union-attr]
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@staff_view_for(READERS)
@require_GET
def delegation_report_pdf(request: HttpRequest, month: str, key: str) -> HttpResponse:
    report = _report(month, key)
    response = HttpResponse(reports.report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="delegationsbeslut-{month}-{key}.pdf"'
    return response


@staff_view_for(READERS)
@require_GET
def delegation_report_csv(request: HttpRequest, month: str, key: str) -> HttpResponse:
    report = _report(month, key)
    response = HttpResponse(reports.presented_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="delegationsbeslut-{month}-{key}.csv"'
    return response


@staff_view_for(REGISTRARS)
@require_http_methods(["GET", "POST"])
def delegation_report_present(request: HttpRequest, month: str, key: str) -> HttpResponse:
    """Mark one delegate's report for the month as presented to the nämnd (date, §)."""
    report = _report(month, key)
    back = reverse("governance:delegation_reports") + f"?month={month}"
    if report.presentation is not None:
        messages.info(request, _("Rapporten är redan markerad som anmäld till nämnden."))
        return HttpResponseRedirect(back)
    form = forms.NamndDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.delegation_report_presented(
                month=report.month,
                delegate_key=report.key,
                delegate_label=report.label,
                decision_count=len(report.rows),
                presented_on=form.cleaned_data["decided_on"],
                reference=form.cleaned_data["reference"],
                registered_by=request.user,  # type: ignore[arg-type]
                document=lambda presentation: reports.presented_documents(report, presentation),
            )
        except services.AlreadyRegisteredError:
            messages.info(request, _("Rapporten är redan markerad som anmäld till nämnden."))
        else:
            messages.success(
                request,
                _("Rapporten för %(delegate)s är markerad som anmäld till nämnden.")
                % {"delegate": report.label},
            )
        return HttpResponseRedirect(back)
    return render(
        request,
        "governance/delegation_present.html",
        {"report": report, "form": form, "back": back},
        status=400 if form.is_bound and form.errors else 200,
    )
