"""The person and the case for staff (issue 14 item 1): one page with who the person is and the
case's whole history. Need-to-know as the case view (ADR 0086); every read is access-logged."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from bistand.audit.models import AccessAction
from bistand.audit.services import access_log_record
from bistand.cases import selectors as case_selectors
from bistand.cases.models import Case
from bistand.casework import access
from bistand.registers import services as register_services

from . import selectors


def _case(request: HttpRequest, case_id: int) -> tuple[Any, Case]:
    user = request.user
    if not access.can_view_case(user):
        raise PermissionDenied  # need-to-know (ADR 0086): the 403 page says so
    case = case_selectors.case_by_id(case_id=case_id)
    if case is None:
        raise Http404
    return user, case


def _log(user: Any, case: Case, reason: str) -> None:
    access_log_record(
        user=user,
        action=AccessAction.READ,
        object_type="person",
        object_id=case.pk,
        reason=reason,
        case_number=case.number,
        subject=case.applicant.personnummer or "",
    )


@login_required
@never_cache
@require_GET
def person(request: HttpRequest, case_id: int) -> HttpResponse:
    user, case = _case(request, case_id)
    _log(user, case, "Handläggning: personen och ärendets historik")
    file = selectors.person_file(case=case)
    return render(
        request,
        "personakt/person.html",
        {
            "case": case,
            "people": file["people"],
            "declared": file["declared"],
            "history": selectors.case_history(case=case),
            "can_refresh": access.can_claim(user),
        },
    )


@login_required
@never_cache
@require_POST
def folkbokforing_refresh(request: HttpRequest, case_id: int) -> HttpResponse:
    """Ask folkbokföring again about the people in the case (logged as every register fetch)."""
    user, case = _case(request, case_id)
    if not access.can_claim(user):
        raise PermissionDenied
    failed = 0
    for person in (case.applicant, case.partner):
        if person is None or not person.personnummer:
            continue
        answer = register_services.folkbokforing_fetch(
            personnummer=person.personnummer,
            case_reference=case.number,
            requested_by=user.display_name or user.username,
        )
        failed += 0 if answer.ok else 1
    if failed:
        messages.error(
            request,
            _("Folkbokföringen svarade inte. Uppgifterna som visas är de senast hämtade."),
        )
    else:
        messages.success(request, _("Uppgifterna från folkbokföringen är hämtade."))
    return HttpResponseRedirect(reverse("personakt:person", args=[case.pk]))
