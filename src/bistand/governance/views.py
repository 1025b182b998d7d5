"""The nämnd's control (/styrning/): rules approvals and anmälan av delegationsbeslut.

The enhetschef registers what the nämnd decided; the granskare reads. Citizens get 404, other
staff 403 (`bistand.core.access.staff_view_for`).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from bistand.core.access import staff_view_for

from . import forms, selectors, services
from .navigation import READERS, REGISTRARS


@staff_view_for(READERS)
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
