"""The decision letter as a web page and as a tagged PDF."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from bistand.core.access import citizen_view
from bistand.core.format import month_label

from . import selectors
from .access import decision_readable, standalone_readable
from .letters import letter_article, letter_pdf
from .models import Decision, DeliveryChannel
from .services import (
    DeliveryError,
    delivery_record_opened,
    delivery_record_received,
    letter_preference_set,
    standalone_record_opened,
    standalone_record_received,
)


def _received(request: HttpRequest, decision: Decision) -> None:
    """A citizen of the household opened the letter: the day they got it (FL 44 §)."""
    if getattr(request.user, "is_citizen", False):
        delivery_record_opened(decision=decision)


@login_required
@never_cache
@require_GET
def letter(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = decision_readable(request.user, decision_id, purpose="Läsa beslutsbrev")
    _received(request, decision)
    received_on = selectors.decision_received_on(decision=decision)
    return render(
        request,
        "decisions/letter_page.html",
        {
            "decision": decision,
            "received_on": received_on,
            "last_day": selectors.appeal_last_day(received_on=received_on) if received_on else None,
            "superseded": selectors.decision_is_superseded(decision=decision),
            "deliveries": selectors.deliveries_of(decision=decision),
            "article": letter_article(decision.letter_html),
            "period_label": month_label(decision.period_start),
        },
    )


@login_required
@never_cache
@require_GET
def letter_as_pdf(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = decision_readable(request.user, decision_id, purpose="Hämta beslutsbrev som PDF")
    _received(request, decision)
    response = HttpResponse(letter_pdf(decision.letter_html), content_type="application/pdf")
    name = f"beslut-{decision.period_start:%Y-%m}-{decision.pk}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


DELIVERY_RECORDERS = frozenset({"ekonomisekreterare", "enhetschef"})


@login_required
@never_cache
@require_POST
def delivery_record(request: HttpRequest, decision_id: int) -> HttpResponse:
    """Staff record the day a letter sent by post reached the citizen (a delivery receipt, or
    her own word); the appeal period may run from it (FL 44 §)."""
    if getattr(request.user, "role", "") not in DELIVERY_RECORDERS:
        raise Http404
    decision = decision_readable(request.user, decision_id, purpose="Registrera leverans")
    raw = request.POST.get("received_on", "").strip()
    try:
        received_on = date.fromisoformat(raw)
    except ValueError:
        messages.error(request, _("Skriv datumet som ÅÅÅÅ-MM-DD."))
    else:
        try:
            delivery_record_received(
                decision=decision,
                channel=DeliveryChannel.POST,
                received_on=received_on,
                by=request.user,  # type: ignore[arg-type]
            )
        except DeliveryError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Leveransen med post är registrerad."))
    return HttpResponseRedirect(reverse("decisions:letter", args=[decision.pk]))


@citizen_view
@require_POST
def letter_preference(request: HttpRequest) -> HttpResponse:
    """Min sida: also get decision letters by post (issue 12 item 3)."""
    by_post = request.POST.get("by_post") == "on"
    letter_preference_set(user=request.user, by_post=by_post)  # type: ignore[arg-type]
    messages.success(
        request,
        _("Du får dina beslut med post också, från nästa beslut.")
        if by_post
        else _("Du får dina beslut bara på Min sida."),
    )
    return HttpResponseRedirect(reverse("applications:min_sida") + "#beslut")


# --- Återkrav and nödprövning letters ------------------------------------------------------------


@login_required
@never_cache
@require_GET
def standalone_letter(request: HttpRequest, letter_id: int) -> HttpResponse:
    letter = standalone_readable(request.user, letter_id, purpose="Läsa beslutsbrev")
    if getattr(request.user, "is_citizen", False):
        standalone_record_opened(letter=letter)
    received_on = selectors.standalone_received_on(letter=letter)
    return render(
        request,
        "decisions/standalone_letter_page.html",
        {
            "letter": letter,
            "received_on": received_on,
            "last_day": selectors.appeal_last_day(received_on=received_on) if received_on else None,
            "deliveries": selectors.standalone_deliveries_of(letter=letter),
            "article": letter_article(letter.html),
        },
    )


@login_required
@never_cache
@require_GET
def standalone_letter_pdf(request: HttpRequest, letter_id: int) -> HttpResponse:
    letter = standalone_readable(request.user, letter_id, purpose="Hämta beslutsbrev som PDF")
    if getattr(request.user, "is_citizen", False):
        standalone_record_opened(letter=letter)
    response = HttpResponse(letter_pdf(letter.html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{letter.kind}-{letter.pk}.pdf"'
    return response


@login_required
@never_cache
@require_POST
def standalone_delivery_record(request: HttpRequest, letter_id: int) -> HttpResponse:
    """Staff record the day the letter sent by post reached the citizen (FL 44 §)."""
    if getattr(request.user, "role", "") not in DELIVERY_RECORDERS:
        raise Http404
    letter = standalone_readable(request.user, letter_id, purpose="Registrera leverans")
    try:
        received_on = date.fromisoformat(request.POST.get("received_on", "").strip())
    except ValueError:
        messages.error(request, _("Skriv datumet som ÅÅÅÅ-MM-DD."))
    else:
        try:
            standalone_record_received(letter=letter, received_on=received_on)
        except DeliveryError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Leveransen med post är registrerad."))
    return HttpResponseRedirect(reverse("decisions:standalone_letter", args=[letter.pk]))
