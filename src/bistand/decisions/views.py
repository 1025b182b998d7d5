"""The decision letter as a web page and as a tagged PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from bistand.core.format import month_label

from . import selectors
from .access import decision_readable
from .letters import letter_article, letter_pdf
from .models import Decision
from .services import delivery_record_opened


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
