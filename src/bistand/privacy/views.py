"""The citizen's own data (GDPR art. 15): a readable page and a JSON download."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from bistand.registers.selectors import FetchStatus

from . import selectors, services


def citizen_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @never_cache
    @require_GET
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not getattr(request.user, "is_citizen", False):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


# The agencies by name, as the consent page names them: the stored source codes (SSBTEK's AF,
# MIV, SO, TS … and NAVET for folkbokföringen) mean nothing to the citizen. The JSON file keeps
# the codes.
SOURCE_NAMES = {
    "AF": _("Arbetsförmedlingen"),
    "CSN": _("CSN"),
    "FK": _("Försäkringskassan"),
    "SKV": _("Skatteverket"),
    "SO": _("a-kassan"),
    "PM": _("Pensionsmyndigheten"),
    "TS": _("Transportstyrelsen"),
    "MIV": _("Migrationsverket"),
    "NAVET": _("Skatteverket (folkbokföringen)"),
}
# What came back, and why we asked (the purposes the e-service's own fetches are stored with),
# in the page's language; a purpose not listed here is shown as stored, marked Swedish.
STATUS_NAMES = {
    FetchStatus.OK.label: _("svar"),
    FetchStatus.FAILED.label: _("fel"),
    FetchStatus.TIMEOUT.label: _("inget svar i tid"),
}
PURPOSE_NAMES = {
    "Prövning av ansökan om ekonomiskt bistånd": _("Prövning av ansökan om ekonomiskt bistånd"),
    "Namn, folkbokföringsadress och hushåll i ärende om ekonomiskt bistånd": _(
        "Namn, folkbokföringsadress och hushåll i ärende om ekonomiskt bistånd"
    ),
}


@citizen_only
def my_data(request: HttpRequest) -> HttpResponse:
    data = selectors.citizen_data(user=request.user)  # type: ignore[arg-type]
    for case in data["arenden"]:
        for fetch in case["uppgifter_fran_andra_myndigheter"]:
            fetch["kalla_namn"] = SOURCE_NAMES.get(fetch["kalla"], fetch["kalla"])
            fetch["status_namn"] = STATUS_NAMES.get(fetch["status"], fetch["status"].lower())
            fetch["syfte_namn"] = PURPOSE_NAMES.get(fetch["syfte"], "")
    services.citizen_data_export_record(
        user=request.user,  # type: ignore[arg-type]
        request_id=getattr(request, "request_id", ""),
        download=False,
    )
    return render(request, "privacy/my_data.html", {"data": data})


@citizen_only
def my_data_json(request: HttpRequest) -> HttpResponse:
    data = selectors.citizen_data_json(user=request.user)  # type: ignore[arg-type]
    services.citizen_data_export_record(
        user=request.user,  # type: ignore[arg-type]
        request_id=getattr(request, "request_id", ""),
        download=True,
    )
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    name = f"mina-uppgifter-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
