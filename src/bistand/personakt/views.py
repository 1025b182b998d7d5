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

from bistand.cases import selectors as case_selectors
from bistand.casework import access

from . import selectors, services


def _case(request: HttpRequest, case_id: int) -> tuple[Any, Any]:
    user = request.user
    if not access.can_view_case(user):
        raise PermissionDenied  # need-to-know (ADR 0086): the 403 page says so
    case = case_selectors.case_by_id(case_id=case_id)
    if case is None:
        raise Http404
    return user, case


@login_required
@never_cache
@require_GET
def person(request: HttpRequest, case_id: int) -> HttpResponse:
    user, case = _case(request, case_id)
    services.person_read_record(
        user=user, case=case, reason="Handläggning: personen och ärendets historik"
    )
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
    if services.folkbokforing_refresh(user=user, case=case):
        messages.error(
            request,
            _("Folkbokföringen svarade inte. Uppgifterna som visas är de senast hämtade."),
        )
    else:
        messages.success(request, _("Uppgifterna från folkbokföringen är hämtade."))
    return HttpResponseRedirect(reverse("personakt:person", args=[case.pk]))
