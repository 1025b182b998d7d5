"""Staff pages for payments (/utbetalningar/) and stickprov. Thin: reads through selectors,
changes through services. Every case shown is written to the access log."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bistand.cases import selectors as case_selectors
from bistand.core.access import citizen_view
from bistand.core.format import citizen_month
from bistand.core.workdays import next_working_day
from bistand.decisions.letters import letter_article

from . import forms, selectors, services
from .minsida import POST_CHECK_DAYS
from .models import BankStatus, OrderStatus, PostCheck, PostCheckOutcome, RecoveryGround
from .navigation import PAYMENT_CHANGE_ROLES, PAYMENT_ROLES


def _can_change(request: HttpRequest) -> bool:
    return getattr(request.user, "role", None) in PAYMENT_CHANGE_ROLES


def payment_staff(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    @login_required
    @never_cache
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request.user, "role", None) not in PAYMENT_ROLES:
            raise PermissionDenied
        if request.method == "POST" and not _can_change(request):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _log_reads(
    request: HttpRequest, items: Iterable[Any], numbers: dict[int, str], why: str
) -> None:
    ids = {item.case_id for item in items}
    services.case_reads_record(
        user=request.user,  # type: ignore[arg-type]
        case_numbers={case_id: numbers.get(case_id, "") for case_id in ids},
        reason=why,
    )


@payment_staff
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    orders = list(selectors.payment_orders_needing_attention()[:200])
    numbers = selectors.case_numbers(case_ids=[o.case_id for o in orders])
    _log_reads(request, orders, numbers, "Utbetalningar som behöver åtgärdas")
    return render(
        request,
        "payments/overview.html",
        {
            "orders": [(o, numbers.get(o.case_id, "")) for o in orders],
            "files": selectors.payment_files_recent(),
            "can_change": _can_change(request),
        },
    )


def _form_page(
    request: HttpRequest,
    form_class: type[Any],
    template: str,
    handle: Callable[[Any], str],
) -> HttpResponse:
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            message = handle(form)
        except (services.PaymentError, LookupError) as exc:
            form.add_error("reference" if isinstance(exc, LookupError) else None, str(exc))
        else:
            messages.success(request, message)
            return HttpResponseRedirect(reverse("payments:overview"))
    return render(request, template, {"form": form})


def _order(reference: str) -> Any:
    order = selectors.payment_order_by_reference(end_to_end_id=reference)
    if order is None:
        raise LookupError(_("Vi hittar ingen utbetalning med den referensen. Kontrollera den."))
    return order


@payment_staff
@require_http_methods(["GET", "POST"])
def register_return(request: HttpRequest) -> HttpResponse:
    def handle(form: forms.ReturnForm) -> str:
        order = _order(form.cleaned_data["reference"])
        services.payment_return_register(
            end_to_end_id=order.end_to_end_id,
            returned_on=form.cleaned_data["returned_on"],
            reason=form.cleaned_data["reason"],
            registered_by=request.user,  # type: ignore[arg-type]
        )
        return _("Den returnerade utbetalningen är registrerad. Den sökande ser det på Min sida.")

    return _form_page(request, forms.ReturnForm, "payments/return_form.html", handle)


@payment_staff
@require_http_methods(["GET", "POST"])
def record_claim(request: HttpRequest) -> HttpResponse:
    form = forms.ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            order = _order(form.cleaned_data["reference"])
            claim = services.recovery_claim_record(
                decision_id=order.decision_id,
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
                ground=form.cleaned_data["ground"],
                created_by=request.user,  # type: ignore[arg-type]
            )
        except (services.PaymentError, LookupError) as exc:
            form.add_error("reference" if isinstance(exc, LookupError) else None, str(exc))
        else:
            messages.success(
                request,
                _("Beslutet om återkrav är fattat och brevet är skrivet. Det betalas aldrig ut."),
            )
            return HttpResponseRedirect(reverse("payments:claim", args=[claim.pk]))
    return render(request, "payments/claim_form.html", {"form": form})


@payment_staff
@require_http_methods(["GET", "POST"])
def claim(request: HttpRequest, claim_id: int) -> HttpResponse:
    """One återkrav decision: its letter, eftergift and the bidragsbrott assessment (a person)."""
    found = selectors.recovery_claim_by_id(claim_id=claim_id)
    if found is None:
        raise Http404
    numbers = selectors.case_numbers(case_ids=[found.case_id])
    _log_reads(request, [found], numbers, "Återkrav")
    action = request.POST.get("action", "")
    waiver = forms.WaiverForm(request.POST if action == "waive" else None)
    fraud = forms.FraudAssessmentForm(request.POST if action == "fraud" else None)
    bound = waiver if action == "waive" else fraud if action == "fraud" else None
    if bound is not None and bound.is_valid():
        try:
            if bound is waiver:
                services.recovery_claim_waive(
                    claim=found,
                    amount=waiver.cleaned_data["amount"],
                    reason=waiver.cleaned_data["reason"],
                    waived_by=request.user,  # type: ignore[arg-type]
                )
                messages.success(request, _("Eftergiften är registrerad."))
            else:
                services.recovery_claim_assess_fraud(
                    claim=found,
                    report=fraud.cleaned_data["report"] == "yes",
                    reason=fraud.cleaned_data["fraud_reason"],
                    assessed_by=request.user,  # type: ignore[arg-type]
                )
                messages.success(request, _("Bedömningen är registrerad."))
        except services.PaymentError as exc:
            bound.add_error(None, str(exc))
        else:
            return HttpResponseRedirect(reverse("payments:claim", args=[found.pk]))
    return render(
        request,
        "payments/claim.html",
        {
            "claim": found,
            "case_number": numbers.get(found.case_id, ""),
            "letter": letter_article(found.letter_html),
            "waiver": waiver,
            "fraud": fraud,
            "may_change": _can_change(request),
            "may_report": found.ground == RecoveryGround.WRONGLY_PAID,
        },
        status=400 if bound is not None and bound.errors else 200,
    )


@payment_staff
@require_GET
def post_checks(request: HttpRequest) -> HttpResponse:
    checks = list(selectors.post_checks_for_staff()[:300])
    numbers = selectors.case_numbers(case_ids=[c.case_id for c in checks])
    _log_reads(request, checks, numbers, "Lista över stickprov")
    return render(
        request,
        "payments/post_checks.html",
        {
            "open": [(c, numbers.get(c.case_id, "")) for c in checks if not c.outcome],
            "done": [(c, numbers.get(c.case_id, "")) for c in checks if c.outcome],
        },
    )


@payment_staff
@require_http_methods(["GET", "POST"])
def post_check(request: HttpRequest, post_check_id: int) -> HttpResponse:
    check = selectors.post_check_by_id(post_check_id=post_check_id)
    if check is None:
        raise Http404
    number = selectors.case_numbers(case_ids=[check.case_id]).get(check.case_id, "")
    _log_reads(request, [check], {check.case_id: number}, "Stickprov")
    form = forms.PostCheckForm(request.POST or None)
    if request.method == "POST" and not check.outcome and form.is_valid():
        data = form.cleaned_data
        try:
            services.post_check_record_outcome(
                post_check_id=check.pk,
                outcome=PostCheckOutcome(data["outcome"]),
                checked_by=request.user,  # type: ignore[arg-type]
                amount_difference=data.get("amount_difference"),
                note=data.get("note") or "",
                recovery_amount=data.get("recovery_amount"),
                recovery_reason=data.get("recovery_reason") or "",
            )
        except services.PaymentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Resultatet av stickprovet är sparat."))
            return HttpResponseRedirect(reverse("payments:post_checks"))
    return render(
        request,
        "payments/post_check.html",
        {
            "check": check,
            "case_number": number,
            "application_id": check.draw.application_id,
            "asked_for": services.post_check_asked_for(check),
            "amounts": selectors.post_check_amounts(check=check),
            "documents": selectors.post_check_documents(post_check_id=check.pk),
            "form": form,
            "errors": form.error_links() if form.is_bound else [],
            "can_change": _can_change(request),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@payment_staff
@require_GET
def post_check_document(request: HttpRequest, post_check_id: int, document_id: int) -> HttpResponse:
    """A document the citizen uploaded, shown to staff in the browser; the read is logged."""
    document = selectors.post_check_document_by_id(
        post_check_id=post_check_id, document_id=document_id
    )
    if document is None:
        raise Http404
    path = services.post_check_document_open(document=document, by=request.user)  # type: ignore[arg-type]
    if not path.is_file():
        raise Http404
    # At most POST_CHECK_UPLOAD_MAX_MB: read whole, so the response is one simple body.
    response = HttpResponse(path.read_bytes(), content_type=document.content_type)
    response["Content-Disposition"] = f'inline; filename="underlag-{document.pk}.{path.suffix[1:]}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _asked_for_reader(check: PostCheck) -> dict[str, object]:
    """What the citizen was asked to show, in her language when it is the standard request (the
    stored Swedish text is the record; docs/adr/0245); an older or other stored text is shown as
    it is, marked Swedish."""
    asked = services.post_check_asked_for(check)
    if asked == services.post_check_request_text(month=check.month):
        return {
            "asked_for": _(
                "Visa underlag för %(month)s: kvitton för det du fick pengar till, lönebesked "
                "och andra besked om inkomster, och kontoutdrag för alla dina konton för "
                "månaden. Ladda upp dem på Min sida (PDF, JPEG eller PNG) eller lämna dem på "
                "socialkontoret."
            )
            % {"month": citizen_month(check.month)}
        }
    return {"asked_for": asked, "asked_for_swedish": True}


@citizen_view
@require_http_methods(["GET", "POST"])
def citizen_post_check(request: HttpRequest, post_check_id: int) -> HttpResponse:
    """Min sida: what the citizen is asked to show for a stickprov, what she has sent, and the
    upload (type and size checked, stored outside the web root, docs/adr/0176)."""
    check = selectors.post_check_by_id(post_check_id=post_check_id)
    household = case_selectors.cases_for_citizen(user=request.user)  # type: ignore[arg-type]
    if check is None or not household.filter(pk=check.case_id).exists():
        raise Http404
    max_mb = settings.POST_CHECK_UPLOAD_MAX_MB
    form = forms.PostCheckUploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        max_mb=max_mb,
    )
    if request.method == "POST" and not check.outcome and form.is_valid():
        upload = form.cleaned_data["document"]
        try:
            services.post_check_document_upload(
                post_check_id=check.pk,
                by=request.user,  # type: ignore[arg-type]
                chunks=upload.chunks(),
                original_name=upload.name,
            )
        except services.PaymentError as exc:
            form.add_error("document", str(exc))
        else:
            messages.success(
                request, _("Tack! Filen %(name)s har kommit in.") % {"name": upload.name}
            )
            return HttpResponseRedirect(reverse("payments:citizen_post_check", args=[check.pk]))
    return render(
        request,
        "payments/citizen_post_check.html",
        {
            "check": check,
            **_asked_for_reader(check),
            "due": (check.requested_at + timedelta(days=POST_CHECK_DAYS)).date(),
            "documents": selectors.post_check_documents(post_check_id=check.pk),
            "form": form,
            "errors": form.error_links() if form.is_bound else [],
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# --- The payments desk: what is due, payment runs (two people), stop and release -------------


@payment_staff
@require_http_methods(["GET", "POST"])
def desk(request: HttpRequest) -> HttpResponse:
    """What is due and when; prepare a run (POST); the runs with their preparer and attester."""
    form = forms.PrepareRunForm(
        request.POST or None, initial={"execution_date": next_working_day(timezone.localdate())}
    )
    if request.method == "POST" and form.is_valid():
        try:
            run = services.payment_run_prepare(
                execution_date=form.cleaned_data["execution_date"],
                by=request.user,  # type: ignore[arg-type]
            )
        except services.PaymentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Körningen för %(day)s är förberedd. En annan person ska nu attestera den.")
                % {"day": f"{run.execution_date:%Y-%m-%d}"},
            )
            return HttpResponseRedirect(reverse("payments:desk"))
    orders = list(selectors.payment_orders_due())
    numbers = selectors.case_numbers(case_ids=[o.case_id for o in orders])
    _log_reads(request, orders, numbers, "Utbetalningar att betala")
    return render(
        request,
        "payments/desk.html",
        {
            "form": form,
            "days": selectors.payment_due_by_day(),
            "orders": [(o, numbers.get(o.case_id, "")) for o in orders],
            "runs": selectors.payment_runs_recent(),
            "can_change": _can_change(request),
        },
    )


@payment_staff
@require_POST
def run_attest(request: HttpRequest, run_id: int) -> HttpResponse:
    if selectors.payment_run_by_id(run_id=run_id) is None:
        raise Http404
    try:
        run = services.payment_run_attest(run_id=run_id, by=request.user)  # type: ignore[arg-type]
    except services.PaymentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Körningen för %(day)s är attesterad och betalfilen är skapad.")
            % {"day": f"{run.execution_date:%Y-%m-%d}"},
        )
    return HttpResponseRedirect(reverse("payments:desk"))


@payment_staff
@require_GET
def run_file(request: HttpRequest, run_id: int) -> HttpResponse:
    """The attested run's pain.001, as made by payment_file_generate. Only staff who may change
    payments download it (it holds account numbers); each download is logged."""
    if not _can_change(request):
        raise PermissionDenied
    run = selectors.payment_run_by_id(run_id=run_id)
    if run is None or run.file is None or not run.file.content:
        raise Http404
    services.payment_run_file_downloaded(run=run, by=request.user)  # type: ignore[arg-type]
    response = HttpResponse(run.file.content, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{run.file.msg_id}.xml"'
    return response


@payment_staff
@require_POST
def run_sent(request: HttpRequest, run_id: int) -> HttpResponse:
    """The attested run's file has been delivered to the bank: its payments are marked paid
    (once; a repeat changes nothing). Only staff who may change payments."""
    if not _can_change(request):
        raise PermissionDenied
    run = selectors.payment_run_by_id(run_id=run_id)
    if run is None or run.file is None or not run.file.content:
        raise Http404
    try:
        paid = services.payment_run_file_sent(run=run, by=request.user)  # type: ignore[arg-type]
    except services.PaymentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Betalfilen för %(day)s är markerad som skickad till banken.")
            % {"day": f"{run.execution_date:%Y-%m-%d}"}
            if paid
            else _("Betalfilen var redan markerad som skickad. Inget ändrades."),
        )
    return HttpResponseRedirect(reverse("payments:desk"))


@payment_staff
@require_http_methods(["GET", "POST"])
def order(request: HttpRequest, order_id: int) -> HttpResponse:
    """One payment order: stop it (ready, not in a file) or release it (stopped), with a reason."""
    item = selectors.payment_order_by_id(order_id=order_id)
    if item is None:
        raise Http404
    number = selectors.case_numbers(case_ids=[item.case_id]).get(item.case_id, "")
    _log_reads(request, [item], {item.case_id: number}, "Utbetalning")
    form = forms.OrderReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action")
        user = request.user
        try:
            if action == "stoppa":
                services.payment_order_stop(
                    order_id=item.pk,
                    reason=form.cleaned_data["reason"],
                    by=user,  # type: ignore[arg-type]
                )
                done = _("Utbetalningen är stoppad.")
            elif action == "slapp":
                services.payment_order_release(
                    order_id=item.pk,
                    reason=form.cleaned_data["reason"],
                    by=user,  # type: ignore[arg-type]
                )
                done = _("Utbetalningen är släppt och betalas i nästa körning.")
            else:
                raise services.PaymentError(_("Välj om utbetalningen ska stoppas eller släppas."))
        except services.PaymentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, done)
            return HttpResponseRedirect(reverse("payments:order", args=[item.pk]))
    return render(
        request,
        "payments/order.html",
        {
            "order": item,
            "case_number": number,
            "form": form,
            "can_change": _can_change(request),
            "can_stop": item.status == OrderStatus.READY and item.file_id is None,
            "can_release": item.status == OrderStatus.HELD,
        },
    )


@payment_staff
@require_http_methods(["GET", "POST"])
def status_import(request: HttpRequest) -> HttpResponse:
    """Upload the bank's file, a pain.002 status report or a camt.054 notification; the page then
    shows each payment it named with its state now. The result is shown on the redirected page
    (POST–redirect–GET), so reloading it imports nothing again."""
    form = forms.StatusReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.payment_bank_file_import(
                content=form.cleaned_data["report"].read(),
                by=request.user,  # type: ignore[arg-type]
            )
        except services.PaymentError as exc:
            form.add_error("report", str(exc))
        else:
            request.session["payments_status_import"] = {
                "msg_id": result.msg_id,
                "updated": result.updated,
                "unknown": result.unknown,
            }
            messages.success(
                request,
                _("Bankens fil (%(msg)s) är inläst: %(n)s betalningar.")
                % {"msg": result.msg_id, "n": len(result.updated)},
            )
            return HttpResponseRedirect(reverse("payments:status_import"))
    last = request.session.get("payments_status_import")
    labels = {**dict(BankStatus.choices), **dict(OrderStatus.choices)}
    updated = (last or {}).get("updated", [])
    orders = selectors.payment_orders_by_reference(end_to_end_ids=[ref for ref, _code in updated])
    numbers = selectors.case_numbers(case_ids=[o.case_id for o in orders.values()])
    _log_reads(request, orders.values(), numbers, "Bankens besked om utbetalningar")
    rows = [
        {
            "ref": ref,
            "said": labels.get(code, code),
            "order": orders.get(ref),
            "case_number": numbers.get(orders[ref].case_id, "") if ref in orders else "",
        }
        for ref, code in updated
    ]
    return render(
        request,
        "payments/status_import.html",
        {"form": form, "last": last, "rows": rows},
    )
