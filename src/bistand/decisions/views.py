"""The decision letter as a web page and as a tagged PDF."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bistand.core.access import citizen_view
from bistand.core.format import citizen_month

from . import print_batch, selectors
from .access import decision_readable, standalone_readable
from .letters import letter_article, letter_pdf
from .models import Decision, DeliveryChannel, PrintBatch, PrintBatchSend
from .print_service import PrintServiceError, print_service_client
from .services import (
    DeliveryError,
    delivery_record_opened,
    delivery_record_received,
    letter_preference_set,
    standalone_record_opened,
    standalone_record_received,
)
from .summary import decision_summary, utover_scope


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
    last_day = selectors.appeal_last_day(received_on=received_on) if received_on else None
    if decision.only_utover:
        last_day = None  # only laglighetsprövning: no FL 44 § period runs (ADR 0310)
    superseded = selectors.decision_is_superseded(decision=decision)
    return render(
        request,
        "decisions/letter_page.html",
        {
            "decision": decision,
            "received_on": received_on,
            "last_day": last_day,
            "superseded": superseded,
            # In English or Arabic: what was decided, in that language, above the Swedish letter.
            "summary": decision_summary(
                outcome=decision.outcome,
                amount=decision.amount,
                period_start=decision.period_start,
                payment_date=decision.payment_date,
                last_day=last_day,
                superseded=superseded,
                utover=utover_scope(decision),
            ),
            "deliveries": selectors.deliveries_of(decision=decision),
            "article": letter_article(decision.letter_html),
            "period_label": citizen_month(decision.period_start),
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
            "last_day": selectors.appeal_last_day(received_on=received_on)
            if received_on and letter.appealable
            else None,
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


# --- The print batch (issue 12 item 3; docs/adr/0152) ------------------------------------------


def _print_staff(request: HttpRequest) -> Any:
    """Staff who send letters by post: the roles that record post deliveries."""
    user = request.user
    if getattr(user, "role", "") not in DELIVERY_RECORDERS:
        raise PermissionDenied
    return user


def _batch(batch_id: int) -> PrintBatch:
    batch = PrintBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        raise Http404
    return batch


def _batch_read(request: HttpRequest, batch: PrintBatch, purpose: str) -> None:
    print_batch.print_batch_read_record(
        user=request.user,  # type: ignore[arg-type]
        batch_id=batch.pk,
        reason=purpose,
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def print_batches(request: HttpRequest) -> HttpResponse:
    """Letters waiting for post and the print batches made; POST makes a new batch."""
    user = _print_staff(request)
    if request.method == "POST":
        try:
            batch = print_batch.print_batch_create(by=user)
        except print_batch.PrintBatchError as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(reverse("decisions:print_batches"))
        messages.success(
            request,
            _("Utskriftsbunt %(number)s är skapad med %(count)s brev.")
            % {"number": batch.pk, "count": batch.letter_count},
        )
        return HttpResponseRedirect(reverse("decisions:print_batch", args=[batch.pk]))
    waiting = [
        (letter, print_batch.route_for(letter.addressee))
        for letter in print_batch.letters_waiting_for_print()
    ]
    print_batch.print_batch_read_record(
        user=user, batch_id=None, reason="Lista brev som väntar på utskrift"
    )
    return render(
        request,
        "decisions/print_batches.html",
        {
            "waiting": waiting,
            "printable": sum(
                1 for _letter, route in waiting if not route.problem or route.not_asked
            ),
            "batches": PrintBatch.objects.defer("pdf")[:50],
        },
    )


@login_required
@never_cache
@require_GET
def print_batch_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    _print_staff(request)
    batch = _batch(batch_id)
    _batch_read(request, batch, "Läsa utskriftsbunt")
    items = list(batch.items.select_related("delivery", "standalone_delivery"))
    rows = []
    for item in items:
        delivery = item.delivery or item.standalone_delivery
        if item.delivery is not None:
            url = reverse("decisions:letter", args=[item.delivery.decision_id])
        else:
            assert item.standalone_delivery is not None
            url = reverse("decisions:standalone_letter", args=[item.standalone_delivery.letter_id])
        presumed = print_batch.presumed_delivery_day(item.posted_on) if item.posted_on else None
        rows.append({"item": item, "delivery": delivery, "url": url, "presumed": presumed})
    send = PrintBatchSend.objects.filter(batch=batch).first()
    return render(
        request,
        "decisions/print_batch_page.html",
        {
            "batch": batch,
            "rows": rows,
            "send": send,
            "service": settings.MUNICIPALITY.print_service,
            "has_service": print_service_client() is not None,
            "presumed_days": settings.MUNICIPALITY.print_service.delivery_working_days,
        },
    )


@login_required
@never_cache
@require_POST
def print_batch_send(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Send the batch to the print service, exactly once."""
    user = _print_staff(request)
    batch = _batch(batch_id)
    try:
        print_batch.print_batch_send(batch_id=batch.pk, by=user)
    except print_batch.PrintBatchError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Bunten är skickad till tryckeriet."))
    return HttpResponseRedirect(reverse("decisions:print_batch", args=[batch.pk]))


@login_required
@never_cache
@require_POST
def print_batch_receipt(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Read the print service's receipt: from the service, or a receipt file staff upload."""
    user = _print_staff(request)
    batch = _batch(batch_id)
    upload = request.FILES.get("receipt")
    try:
        if upload is not None:
            if upload.size is not None and upload.size > 2_000_000:
                raise PrintServiceError(_("Kvittofilen är för stor (högst 2 MB)."))
            text: str | None = upload.read().decode("utf-8-sig")
        else:
            client = print_service_client()
            send = PrintBatchSend.objects.filter(batch=batch, state="sent").first()
            if client is None or send is None:
                raise PrintServiceError(
                    _("Bunten är inte skickad till en tryckeritjänst. Välj kvittofilen.")
                )
            text = client.receipt(
                name=print_batch.print_batch_name(batch), reference=send.reference
            )
        if text is None:
            messages.info(request, _("Tryckeriet har inget kvitto för bunten än."))
        else:
            counts = print_batch.print_receipt_import(batch=batch, text=text, by=user)
            messages.success(
                request,
                _(
                    "Kvittot är inläst: %(posted)s brev lämnade till posten, %(returned)s kom "
                    "tillbaka. %(received)s brev räknas nu som framme."
                )
                % counts,
            )
    except UnicodeDecodeError:
        messages.error(request, _("Kvittofilen ska vara text i UTF-8."))
    except PrintServiceError as exc:
        messages.error(request, str(exc))
    return HttpResponseRedirect(reverse("decisions:print_batch", args=[batch.pk]))


@login_required
@never_cache
@require_GET
def print_batch_pdf(request: HttpRequest, batch_id: int) -> HttpResponse:
    _print_staff(request)
    batch = _batch(batch_id)
    _batch_read(request, batch, "Hämta utskriftsbunt som PDF")
    response = HttpResponse(bytes(batch.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="utskriftsbunt-{batch.pk}.pdf"'
    return response


@login_required
@never_cache
@require_GET
def print_batch_csv(request: HttpRequest, batch_id: int) -> HttpResponse:
    _print_staff(request)
    batch = _batch(batch_id)
    _batch_read(request, batch, "Hämta utskriftsbuntens lista")
    response = HttpResponse(
        print_batch.manifest_csv(batch).encode("utf-8-sig"), content_type="text/csv"
    )
    response["Content-Disposition"] = f'attachment; filename="utskriftsbunt-{batch.pk}.csv"'
    return response
