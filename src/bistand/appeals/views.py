"""Appeal pages. Citizens: /overklaga/… (appeal a decision of their household and follow it).
Staff: /handlaggning/overklaganden/… (rättidsprövning, omprövning, forwarding, court outcome).
Thin: access through `access`, reads through selectors, changes through services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from bistand.applications import selectors as application_selectors
from bistand.cases import selectors as case_selectors
from bistand.core import session
from bistand.decisions import selectors as decision_selectors
from bistand.decisions.services import UTOVER, Post
from bistand.payments.forms import RentToLandlordForm

from . import forms, selectors, services
from .access import (
    HANDLE_ROLES,
    appeal_access,
    citizen_view,
    decision_access_for_appeal,
    decision_access_for_change,
    decision_access_for_review,
    review_access,
    staff_view,
)
from .models import (
    Appeal,
    AppealStatus,
    ChangeInitiative,
    ChangeKind,
    CourtOutcome,
    LateException,
    ReviewOutcome,
    ReviewStatus,
)


def _errors(*forms_: Any) -> list[tuple[str, str]]:
    found = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        found += form.error_links()
    return found


# --- Citizen -----------------------------------------------------------------------------------


@citizen_view
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    readable = set(
        application_selectors.readable_application_ids(user=request.user).values_list(  # type: ignore[arg-type]
            "pk", flat=True
        )
    )
    cases = [
        {
            "case": case,
            "decisions": [
                item
                for item in selectors.appealable_decisions(case_id=case.pk)
                if item.decision.application_id in readable
            ],
        }
        for case in case_selectors.cases_for_citizen(user=request.user)  # type: ignore[arg-type]
    ]
    return render(
        request,
        "appeals/index.html",
        {"cases": cases, "appeals": selectors.appeals_for_citizen(user=request.user)},  # type: ignore[arg-type]
    )


@citizen_view
@require_http_methods(["GET", "POST"])
def appeal_new(request: HttpRequest, decision_id: int) -> HttpResponse:
    item = decision_access_for_appeal(request.user, decision_id)
    if item.decision.only_utover and request.method == "GET" and request.GET.get("skicka") != "1":
        # Bistånd utöver (12 kap. 2 §) only: not appealed to förvaltningsrätten the ordinary way,
        # laglighetsprövning goes to the court directly (ADR 0310). The page says so first; an
        # appeal sent anyway is received and handed to the court, which decides whether it can
        # be tried: the nämnd may refuse one only for being late (förvaltningslagen 45–46 §§).
        return render(
            request,
            "appeals/not_appealable.html",
            {"item": item, "lagrum": item.decision.utover_posts[0].get("legal_source", "")},
        )
    if item.open_appeal is not None:
        return HttpResponseRedirect(reverse("appeals:detail", args=[item.open_appeal.pk]))
    if item.court_appeal is not None:
        # Already at förvaltningsrätten (or decided there): the appeal's page says what to do.
        return HttpResponseRedirect(reverse("appeals:detail", args=[item.court_appeal.pk]))
    # Sent after the session ended (core.session): filled in again for the same citizen, not sent.
    kept = session.typed_post(request)
    if kept is not None:
        messages.info(request, session.KEPT_NOTICE)
    form = forms.AppealForm(request.POST or kept, decision=item.decision)
    if request.method == "POST" and form.is_valid():
        try:
            appeal = services.appeal_submit(
                decision=item.decision,
                by=request.user,  # type: ignore[arg-type]
                wanted_change=form.cleaned_data["wanted_change"],
                reasons=form.cleaned_data["reasons"],
            )
        except services.AlreadyAppealedError:
            existing = selectors.open_appeal_of(decision_id=item.decision.pk)
            if existing is None:
                raise
            appeal = existing
        messages.success(request, _("Ditt överklagande har kommit in till socialnämnden."))
        return HttpResponseRedirect(reverse("appeals:detail", args=[appeal.pk]))
    return render(
        request,
        "appeals/new.html",
        {"item": item, "form": form, "errors": _errors(form), "session_send_page": True},
        status=400 if request.method == "POST" and form.is_bound else 200,
    )


@citizen_view
@require_GET
def detail(request: HttpRequest, appeal_id: int) -> HttpResponse:
    appeal = appeal_access(request.user, appeal_id)
    return render(request, "appeals/detail.html", {"appeal": appeal})


# --- Staff -------------------------------------------------------------------------------------


@staff_view
@require_GET
def staff_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    if status == "open":
        appeals = selectors.open_appeals()
    elif status in AppealStatus.values:
        appeals = selectors.appeals_for_staff(status=status)
    else:
        status, appeals = "", selectors.appeals_for_staff()
    services.appeal_list_read_record(user=request.user, listing=status or "alla")  # type: ignore[arg-type]
    return render(
        request,
        "appeals/staff_list.html",
        {"appeals": appeals, "status": status, "statuses": AppealStatus.choices},
    )


def _rent_form(decision: Any, data: Any = None) -> RentToLandlordForm:
    """The landlord line of the new decision, filled in from the decision it replaces: kept as
    it is unless the case worker changes or removes it (docs/adr/0212)."""
    line = decision.rent_to_landlord or {}
    initial: dict[str, Any] = {"pay_landlord": bool(line)}
    if line:
        initial |= {k: line.get(k, "") for k in ("landlord", "scheme", "account", "ocr", "message")}
        initial["amount"] = Decimal(str(line["amount"]))
    return RentToLandlordForm(data, prefix="hyra", initial=initial)


def _staff_forms(appeal: Appeal, data: Any = None, action: str = "") -> dict[str, Any]:
    initial = {"version": appeal.version}

    def bound(name: str) -> Any:
        return data if action == name else None

    return {
        "timeliness_form": forms.TimelinessForm(bound("timeliness"), initial=initial)
        if appeal.status == AppealStatus.RECEIVED
        else None,
        "change_form": forms.ChangeForm(
            bound("change"), initial=initial, posts=appeal.decision.posts
        )
        if appeal.status == AppealStatus.IN_TIME
        else None,
        "rent_form": _rent_form(appeal.decision, bound("change"))
        if appeal.status == AppealStatus.IN_TIME
        else None,
        "forward_form": forms.ForwardForm(bound("forward"), initial=initial)
        if appeal.status in (AppealStatus.IN_TIME, AppealStatus.CHANGED)
        else None,
        "court_form": forms.CourtForm(bound("court"), initial=initial)
        if appeal.status == AppealStatus.FORWARDED
        else None,
    }


def _apply(
    request: HttpRequest, appeal: Appeal, action: str, form: Any, rent_form: Any = None
) -> None:
    data = form.cleaned_data
    common = {"appeal": appeal, "version": data["version"], "by": request.user}
    if action == "timeliness":
        services.appeal_check_timeliness(
            **common,
            in_time=data["in_time"] != "no",
            late_exception=data["in_time"] if data["in_time"] in LateException.values else "",
            rejection_text=data["rejection_text"],
        )
    elif action == "change":
        posts = [
            Post(
                post=post["post"],
                label=post["label"],
                applied=Decimal(post["applied"]),
                granted=data[f"granted_{index}"],
                reason=data[f"reason_{index}"],
                legal_source=post.get("legal_source", ""),
                # A post of bistånd utöver stays one in the new decision (ADR 0310).
                basis=UTOVER if post.get("basis") == UTOVER else "",
            )
            for index, post in enumerate(appeal.decision.posts)
        ]
        services.appeal_change_decision(
            **common,
            posts=posts,
            motivering=data["motivering"],
            rent_to_landlord=rent_form.rent_to_landlord() if rent_form else services.KEEP_RENT_LINE,
        )
    elif action == "forward":
        services.appeal_forward(**common, forwarded_on=data["forwarded_on"])
    elif action == "court":
        services.appeal_record_court_outcome(
            **common, outcome=CourtOutcome(data["outcome"]), decided_on=data["decided_on"]
        )


DONE = {
    "timeliness": gettext_lazy("Rättidsprövningen är sparad."),
    "change": gettext_lazy("Beslutet är ändrat. Det nya beslutet syns på den enskildes Min sida."),
    "forward": gettext_lazy("Överlämnandet till förvaltningsrätten är sparat."),
    "court": gettext_lazy("Domstolens avgörande är sparat."),
}


@staff_view
@require_http_methods(["GET", "POST"])
def staff_detail(request: HttpRequest, appeal_id: int) -> HttpResponse:
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if request.method == "POST" and action not in DONE:
        raise Http404
    appeal = appeal_access(request.user, appeal_id, handle=bool(action))
    services.appeal_read_record(user=request.user, appeal=appeal)  # type: ignore[arg-type]
    page_forms = _staff_forms(appeal, request.POST, action)
    problem = ""
    if action:
        form = page_forms.get(f"{action}_form")
        rent_form = page_forms.get("rent_form") if action == "change" else None
        if form is None:
            problem = _("Överklagandet har redan hanterats. Sidan visar hur det ser ut nu.")
            page_forms = _staff_forms(appeal)
        elif form.is_valid() & (rent_form is None or rent_form.is_valid()):  # every error shown
            try:
                _apply(request, appeal, action, form, rent_form)
            except services.StaleAppealError:
                problem = _(
                    "Någon annan har hanterat överklagandet medan du hade sidan öppen. "
                    "Sidan visar hur det ser ut nu."
                )
            except services.AppealError as exc:
                problem = str(exc)
            else:
                messages.success(request, DONE[action])
                return HttpResponseRedirect(reverse("appeals:staff_detail", args=[appeal.pk]))
            appeal = appeal_access(request.user, appeal_id)
            if problem.startswith("Någon"):
                page_forms = _staff_forms(appeal)
    can_handle = getattr(request.user, "role", "") in HANDLE_ROLES
    return render(
        request,
        "appeals/staff_detail.html",
        {
            "appeal": appeal,
            "steps": appeal.steps.all(),
            "can_handle": can_handle,
            "problem": problem,
            "errors": _errors(*page_forms.values()),
            **(page_forms if can_handle else {}),
        },
        status=400 if (action and (problem or _errors(*page_forms.values()))) else 200,
    )


# --- Human review of an automated decision (GDPR art. 22(3)) -------------------------------------


@citizen_view
@require_http_methods(["GET", "POST"])
def review_new(request: HttpRequest, decision_id: int) -> HttpResponse:
    item = decision_access_for_review(request.user, decision_id)
    existing = selectors.open_review_of(decision_id=item.decision.pk)
    if existing is not None:
        return HttpResponseRedirect(reverse("appeals:review_detail", args=[existing.pk]))
    # Sent after the session ended (core.session): filled in again for the same citizen, not sent.
    kept = session.typed_post(request)
    if kept is not None:
        messages.info(request, session.KEPT_NOTICE)
    form = forms.ReviewRequestForm(request.POST or kept)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_request_submit(
                decision=item.decision,
                by=request.user,  # type: ignore[arg-type]
                reason=form.cleaned_data["reason"],
            )
        except services.AlreadyRequestedError:
            found = selectors.open_review_of(decision_id=item.decision.pk)
            if found is None:
                raise
            review = found
        messages.success(request, _("Din begäran har kommit in. En handläggare prövar beslutet."))
        return HttpResponseRedirect(reverse("appeals:review_detail", args=[review.pk]))
    return render(
        request,
        "appeals/review_new.html",
        {"item": item, "form": form, "errors": _errors(form), "session_send_page": True},
        status=400 if request.method == "POST" and form.is_bound else 200,
    )


@citizen_view
@require_GET
def review_detail(request: HttpRequest, review_id: int) -> HttpResponse:
    review = review_access(request.user, review_id)
    return render(
        request,
        "appeals/review_detail.html",
        {"review": review, "change": selectors.change_of(review=review)},
    )


@staff_view
@require_http_methods(["GET", "POST"])
def review_staff(request: HttpRequest, review_id: int) -> HttpResponse:
    posting = request.method == "POST"
    review = review_access(request.user, review_id, handle=posting)
    can_handle = getattr(request.user, "role", "") in HANDLE_ROLES
    form = None
    if can_handle and review.status == ReviewStatus.OPEN:
        form = forms.ReviewDecideForm(
            request.POST if posting else None,
            initial={"version": review.version},
            posts=review.decision.posts,
        )
    problem = ""
    if posting:
        if form is None:
            problem = _("Begäran är redan prövad. Sidan visar hur det ser ut nu.")
        elif form.is_valid():
            data = form.cleaned_data
            changed = data["outcome"] == ReviewOutcome.CHANGED
            try:
                services.review_decide(
                    review=review,
                    version=data["version"],
                    by=request.user,  # type: ignore[arg-type]
                    outcome=ReviewOutcome(data["outcome"]),
                    note=data["note"],
                    posts=form.new_posts(data) if changed else None,
                    disadvantage_ground=data.get("disadvantage_ground") or "",
                )
            except services.StaleAppealError:
                problem = _("Någon annan har prövat beslutet medan du hade sidan öppen.")
            except services.AppealError as exc:
                problem = str(exc)
            else:
                messages.success(request, _("Prövningen är sparad."))
                return HttpResponseRedirect(reverse("appeals:review_staff", args=[review.pk]))
    return render(
        request,
        "appeals/review_staff.html",
        {
            "review": review,
            "change": selectors.change_of(review=review),
            "form": form,
            "can_handle": can_handle,
            "problem": problem,
            "errors": _errors(form),
        },
        status=400 if posting and (problem or _errors(form)) else 200,
    )


# --- Rättelse and ändring outside an appeal (FL 36–38 §§) ----------------------------------------


@staff_view
@require_http_methods(["GET", "POST"])
def decision_change(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = decision_access_for_change(request.user, decision_id)
    form = forms.DecisionChangeForm(request.POST or None, posts=decision.posts)
    rent_form = _rent_form(decision, request.POST or None)
    problem = ""
    if request.method == "POST" and form.is_valid() & rent_form.is_valid():
        data = form.cleaned_data
        try:
            change = services.decision_change(
                decision=decision,
                by=request.user,  # type: ignore[arg-type]
                kind=ChangeKind(data["kind"]),
                initiative=ChangeInitiative(data["initiative"]),
                posts=form.new_posts(data),
                motivering=data["motivering"],
                disadvantage_ground=data.get("disadvantage_ground") or "",
                rent_to_landlord=rent_form.rent_to_landlord(),
            )
        except services.AppealError as exc:
            problem = str(exc)
        else:
            messages.success(
                request,
                _("Det nya beslutet är fattat. Den enskilde ser det och brevet på Min sida."),
            )
            return HttpResponseRedirect(reverse("decisions:letter", args=[change.new_decision_id]))
    return render(
        request,
        "appeals/decision_change.html",
        {
            "decision": decision,
            "form": form,
            "rent_form": rent_form,
            "problem": problem,
            "errors": _errors(form, rent_form),
            "superseded": decision_selectors.decision_is_superseded(decision=decision),
        },
        status=400 if (problem or form.errors or rent_form.errors) else 200,
    )
