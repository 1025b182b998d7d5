"""The decision letter as a web page and as a tagged PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .access import decision_readable
from .letters import letter_article, letter_pdf
from .services import period_label


@login_required
@never_cache
@require_GET
def letter(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = decision_readable(request.user, decision_id, purpose="Läsa beslutsbrev")
    return render(
        request,
        "decisions/letter_page.html",
        {
            "decision": decision,
            "article": letter_article(decision.letter_html),
            "period_label": period_label(decision.period_start),
        },
    )


@login_required
@never_cache
@require_GET
def letter_as_pdf(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = decision_readable(request.user, decision_id, purpose="Hämta beslutsbrev som PDF")
    response = HttpResponse(letter_pdf(decision.letter_html), content_type="application/pdf")
    name = f"beslut-{decision.period_start:%Y-%m}-{decision.pk}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
