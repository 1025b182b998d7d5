"""Message pages. Citizens: /meddelanden/… (threads with the unit, the satisfaction question).
Staff: /handlaggning/meddelanden/… (answer as the unit). Thin: access through `access`, reads
through selectors, changes through services. Text is escaped by the templates, never marked safe."""

from __future__ import annotations

import contextlib
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bistand.cases import selectors as case_selectors
from bistand.core import session

from . import forms, selectors, services
from .access import (
    WRITE_ROLES,
    case_access_for_message,
    citizen_view,
    decision_access_for_satisfaction,
    staff_view,
    thread_access,
)


def _errors(form: Any) -> list[tuple[str, str]]:
    if form is None or not form.is_bound:
        return []
    return list(form.error_links())


def satisfaction_prefix(decision_id: int) -> str:
    return f"nojd{decision_id}"


# --- Citizen -----------------------------------------------------------------------------------


@citizen_view
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    threads = selectors.threads_for_citizen(user=request.user)  # type: ignore[arg-type]
    return render(request, "messaging/index.html", {"threads": threads})


@citizen_view
@require_http_methods(["GET", "POST"])
def thread_new(request: HttpRequest) -> HttpResponse:
    cases = list(case_selectors.cases_for_citizen(user=request.user))  # type: ignore[arg-type]
    if not cases:
        messages.info(request, _("Du kan skriva till oss när du har ett ärende."))
        return HttpResponseRedirect(reverse("applications:min_sida"))
    initial = {}
    arende = request.GET.get("arende", "")
    # ASCII digits that fit a database id: "²" or 25 digits would be a server error, not a 404.
    if arende.isascii() and arende.isdigit() and len(arende) <= 18:
        case = case_access_for_message(request.user, int(arende))
        initial["case"] = str(case.pk)
    # Sent after the session ended (core.session): filled in again for the same citizen, not sent.
    kept = session.typed_post(request)
    if kept is not None:
        messages.info(request, session.KEPT_NOTICE)
    form = forms.NewThreadForm(request.POST or kept, cases=cases, initial=initial)
    if request.method == "POST" and form.is_valid():
        thread = services.thread_start(
            case=case_access_for_message(request.user, form.chosen_case().pk),
            by=request.user,  # type: ignore[arg-type]
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
        )
        messages.success(request, _("Ditt meddelande är skickat. Vi svarar så snart vi kan."))
        return HttpResponseRedirect(reverse("messaging:thread", args=[thread.pk]))
    # The case the message is about (the only one, or the one chosen): whose contact it goes to.
    picked = str(form["case"].value()) if "case" in form.fields else ""
    chosen = next((c for c in cases if str(c.pk) == picked), cases[0])
    return render(
        request,
        "messaging/new.html",
        {
            "form": form,
            "errors": _errors(form),
            "contact": chosen.contact,
            "session_send_page": True,
        },
        status=400 if request.method == "POST" and form.is_bound else 200,
    )


@citizen_view
@require_http_methods(["GET", "POST"])
def thread(request: HttpRequest, thread_id: int) -> HttpResponse:
    found = thread_access(request.user, thread_id, write=request.method == "POST")
    kept = session.typed_post(request)
    if kept is not None:
        messages.info(request, session.KEPT_NOTICE)
    form = forms.ReplyForm(request.POST or kept)
    if request.method == "POST" and form.is_valid():
        services.message_send(
            thread=found,
            by=request.user,  # type: ignore[arg-type]
            body=form.cleaned_data["body"],
            from_unit=False,
        )
        messages.success(request, _("Ditt meddelande är skickat."))
        return HttpResponseRedirect(reverse("messaging:thread", args=[found.pk]))
    services.thread_mark_read(thread=found, by_unit=False)
    return render(
        request,
        "messaging/thread.html",
        {
            "thread": found,
            "thread_messages": selectors.messages_in(thread=found),
            "form": form,
            "errors": _errors(form),
            "staff": False,
            "contact": found.case.contact,
            "session_send_page": True,
        },
        status=400 if request.method == "POST" and form.is_bound else 200,
    )


@citizen_view
@require_http_methods(["GET", "POST"])
def satisfaction(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = decision_access_for_satisfaction(request.user, decision_id)
    if selectors.satisfaction_question_for(case_id=decision.case_id) != decision:
        messages.info(request, _("Frågan om beslutet är redan besvarad. Tack!"))
        return HttpResponseRedirect(reverse("applications:min_sida"))
    skipping = "skip" in request.POST
    form = forms.SatisfactionForm(
        request.POST or None, skipping=skipping, prefix=satisfaction_prefix(decision.pk)
    )
    if request.method == "POST" and form.is_valid():
        with contextlib.suppress(services.AlreadyAnsweredError):  # a double click
            services.satisfaction_answer(
                decision=decision,
                by=request.user,  # type: ignore[arg-type]
                score=None if skipping else form.cleaned_data["score"],
                comment=form.cleaned_data.get("comment", ""),
            )
        messages.success(
            request,
            _("Du hoppade över frågan.") if skipping else _("Tack för ditt svar!"),
        )
        return HttpResponseRedirect(reverse("applications:min_sida"))
    return render(
        request,
        "messaging/satisfaction.html",
        {"form": form, "decision": decision, "errors": _errors(form)},
        status=400 if form.is_bound else 200,
    )


# --- Staff -------------------------------------------------------------------------------------


@staff_view
@require_GET
def staff_list(request: HttpRequest) -> HttpResponse:
    awaiting_only = request.GET.get("visa") != "alla"
    services.thread_list_read_record(
        user=request.user,  # type: ignore[arg-type]
        listing="vantar" if awaiting_only else "alla",
    )
    return render(
        request,
        "messaging/staff_list.html",
        {
            "threads": selectors.threads_for_staff(awaiting_only=awaiting_only),
            "awaiting_only": awaiting_only,
        },
    )


@staff_view
@require_http_methods(["GET", "POST"])
def staff_thread(request: HttpRequest, thread_id: int) -> HttpResponse:
    found = thread_access(request.user, thread_id, write=request.method == "POST")
    services.thread_read_record(user=request.user, thread=found)  # type: ignore[arg-type]
    can_write = getattr(request.user, "role", "") in WRITE_ROLES
    form = forms.ReplyForm(request.POST or None) if can_write else None
    if request.method == "POST" and form is not None and form.is_valid():
        services.message_send(
            thread=found,
            by=request.user,  # type: ignore[arg-type]
            body=form.cleaned_data["body"],
            from_unit=True,
        )
        messages.success(request, _("Svaret är skickat. Den enskilde ser det på Min sida."))
        return HttpResponseRedirect(reverse("messaging:staff_thread", args=[found.pk]))
    if can_write:
        services.thread_mark_read(thread=found, by_unit=True)
    return render(
        request,
        "messaging/thread.html",
        {
            "thread": found,
            "thread_messages": selectors.messages_in(thread=found),
            "form": form,
            "errors": _errors(form),
            "staff": True,
        },
        status=400 if form is not None and form.is_bound else 200,
    )
