"""The citizen e-service: apply for a month (nyansökan or fortsatt ansökan), check your answers,
submit, the receipt, the partner's confirmation and Min sida. Thin: state changes go through
services, reads through selectors. A citizen reaches only their own household's applications;
anything else is 404."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bistand.cases import selectors as case_selectors
from bistand.cases import services as case_services
from bistand.core import minsida, session
from bistand.core.access import citizen_view
from bistand.core.format import citizen_day, citizen_moment
from bistand.core.format import citizen_month as month_label
from bistand.core.forms import posted_version
from bistand.core.workdays import decision_due_day

from . import answers as a
from . import form_step, forms, presenters, preview, selectors, services
from .models import Application, ApplicationKind, ApplicationStatus
from .steps import (
    BY_SLUG,
    CHANGES,
    Step,
    applicant_age,
    carried_summary_steps,
    missing_sections,
    missing_steps,
    pages_after,
    steps_for,
    summary_steps,
)

FROM_CHECK = "kontroll"


# --- Access ------------------------------------------------------------------------------------


def _user(request: HttpRequest) -> Any:
    """The logged-in citizen (an accounts User; checked by `citizen_view`)."""
    return request.user


def _own_application(request: HttpRequest, pk: int) -> Application:
    """An application the applicant edits and submits: only the case's applicant reaches it
    (a partner, even the one it names, gets 404: the partner confirms or declines, never edits)."""
    application = selectors.application_for_applicant(user=_user(request), application_id=pk)
    if application is None:
        raise Http404
    return application


def _readable_application(request: HttpRequest, pk: int) -> Application:
    """An application the citizen may read: the applicant's, or one that names them."""
    application = selectors.application_for_citizen(user=_user(request), application_id=pk)
    if application is None:
        raise Http404
    return application


def _session_context(request: HttpRequest) -> dict[str, Any]:
    # A page with a form: the session notice (core/_session_notice.html, also without
    # JavaScript) tells the citizen to save before the session ends.
    return {**session.notice_context(request), "session_form_page": True}


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


# --- Start ---------------------------------------------------------------------------------------


def _month_window() -> list[date]:
    """The months a citizen may apply for: this month and the next."""
    this = timezone.localdate().replace(day=1)
    return [this, _next_month(this)]


def _joined(labels: list[str]) -> str:
    """``december 2026 och januari 2027``."""
    if len(labels) < 2:
        return "".join(labels)
    return _("%(first)s och %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}


@citizen_view
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """Choose the month; a new draft (pre-filled from the last application if there is one).
    Only months that can still be applied for are offered: a month already sent in (in the
    queue, decided …) is left out and named, so nobody picks it and lands on Min sida."""
    user = _user(request)
    window = _month_window()
    error = ""
    chosen = request.POST.get("month", "") if request.method == "POST" else ""
    if request.method == "POST":
        if chosen not in {f"{m:%Y-%m}" for m in window}:
            error = _("Välj vilken månad du söker för.")
        else:
            month = date.fromisoformat(f"{chosen}-01")
            case = case_services.case_get_or_open(applicant=user)
            existing = selectors.live_application_for_month(case=case, month=month)
            if existing is not None and existing.status == ApplicationStatus.DRAFT:
                return HttpResponseRedirect(_resume_url(existing))
            if existing is not None:
                messages.info(
                    request,
                    _("Du har redan skickat en ansökan för %(month)s.")
                    % {"month": month_label(month)},
                )
                return HttpResponseRedirect(reverse("applications:min_sida"))
            previous = selectors.latest_earlier_application(case=case, month=month)
            application = services.application_start(
                case=case,
                month=month,
                created_by=user,
                kind=ApplicationKind.RECURRING if previous else ApplicationKind.NEW,
                answers=a.carried_over(previous.answers) if previous else None,
            )
            first = steps_for(application, a.Answers.from_json(application.answers))[0]
            return HttpResponseRedirect(_step_url(application, first.slug))
    open_case = case_selectors.open_case_for_applicant(user=user)
    far_month = _next_month(window[-1])
    has_previous = (
        open_case is not None
        and selectors.latest_earlier_application(case=open_case, month=far_month) is not None
    )
    live = (
        selectors.live_applications_for_months(case=open_case, months=window) if open_case else {}
    )
    sent = [m for m in window if m in live and live[m].status != ApplicationStatus.DRAFT]
    choices = [
        (
            f"{m:%Y-%m}",
            month_label(m),
            m in live,  # a draft: choosing the month continues it
        )
        for m in window
        if m not in sent
    ]
    return render(
        request,
        "applications/start.html",
        {
            "choices": choices,
            "sent_months": _joined([month_label(m) for m in sent]),
            "next_open_month": month_label(far_month),
            "next_open_day": citizen_day(window[-1]),
            "chosen": chosen,
            "error": error,
            "errors": [("month_0", error)] if error else [],
            "has_previous": has_previous,
            **_session_context(request),
        },
        status=400 if error else 200,
    )


def _step_url(application: Application, slug: str, *, from_check: bool = False) -> str:
    url = reverse("applications:step", args=[application.pk, slug])
    return f"{url}?fran={FROM_CHECK}" if from_check else url


def _check_url(application: Application) -> str:
    return reverse("applications:check", args=[application.pk])


def _resume_url(application: Application) -> str:
    """Where to continue a draft: the first page with something missing, else the check page."""
    answers = a.Answers.from_json(application.answers)
    steps = steps_for(application, answers)
    if application.kind == ApplicationKind.RECURRING and answers.recurring.nothing_changed is None:
        return _step_url(application, CHANGES.slug)
    missing = set(
        missing_steps(answers, application.answers, application.month, applicant_age(application))
    )
    typed = set(application.typed_pages or {})
    for step in steps:
        if step.slug in missing or step.form.section in typed:
            return _step_url(application, step.slug)
    return _check_url(application)


def _after_save(application: Application, step: Step, *, from_check: bool) -> str:
    following = pages_after(application, step.slug)
    if from_check:
        # A change to the household may open pages for new children or adults.
        answers = a.Answers.from_json(application.answers)
        missing = set(
            missing_steps(
                answers, application.answers, application.month, applicant_age(application)
            )
        )
        for slug in following:
            if slug in missing or (step.slug == "hushall" and slug in ("barn", "andra-vuxna")):
                return _step_url(application, slug, from_check=True)
        return _check_url(application)
    return _step_url(application, following[0]) if following else _check_url(application)


# --- One page of the application ---------------------------------------------------------------


class CitizenStepPage(form_step.StepPage):
    """The e-service's page: the applicant's own draft, "Spara och fortsätt senare", and back to
    the check page when the page was opened from it."""

    template = "applications/step.html"
    save_later = True

    def __init__(self, request: HttpRequest) -> None:
        super().__init__(request)
        self.from_check = request.GET.get("fran") == FROM_CHECK

    def application(self, pk: int) -> Application:
        return _own_application(self.request, pk)

    def closed_url(self, application: Application) -> str:
        return reverse("applications:receipt", args=[application.pk])

    def step_url(self, application: Application, slug: str) -> str:
        return _step_url(application, slug)

    def saved_url(self, application: Application, step: Step) -> str:
        return _after_save(application, step, from_check=self.from_check)

    def saved_for_later(self, outcome: form_step.StepOutcome, step: Step) -> HttpResponse:
        _saved_for_later_message(self.request, outcome.application, step, kept=outcome.kept)
        return HttpResponseRedirect(reverse("applications:min_sida"))

    def not_asked(self, application: Application, step: Step) -> HttpResponse:
        # A page this household does not have (any more): where to continue instead.
        return HttpResponseRedirect(_resume_url(application))

    def unbound_form(
        self, application: Application, form_class: type[forms.StepForm], kwargs: dict[str, Any]
    ) -> forms.StepForm:
        typed = session.typed_answers(self.request)
        if typed is not None:
            # Sent after the session ended (bistand.core.session): filled in again, to save now.
            messages.info(
                self.request,
                _(
                    "Du loggades ut innan sidan sparades. Det du skrev är ifyllt igen: "
                    "kontrollera och spara."
                ),
            )
            return form_class(form_step.as_posted(typed), **kwargs)
        form, typed_before = form_step.page_form(application, form_class, kwargs)
        if typed_before:
            messages.info(
                self.request,
                _(
                    "Det här skrev du när du sparade förra gången. Det är inte sparat i "
                    "ansökan ännu: rätta det som är fel och tryck på Spara och fortsätt."
                ),
            )
        return form

    def previous_url(self, application: Application, steps: list[Step], position: int) -> str:
        if self.from_check:
            return _check_url(application)
        return super().previous_url(application, steps, position)

    def context(
        self, application: Application, answers: a.Answers, step: Step, form: forms.StepForm
    ) -> dict[str, Any]:
        return {
            "from_check": self.from_check,
            "last_month": (
                presenters.summary(answers, steps=carried_summary_steps(answers))
                if step is CHANGES
                else None
            ),
            **_session_context(self.request),
        }


@citizen_view
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    """One page of the application (the one form-step view, applications.form_step)."""
    return form_step.step_page(CitizenStepPage(request), pk, slug)


def _saved_for_later_message(
    request: HttpRequest, application: Application, step: Step, *, kept: bool
) -> None:
    until = citizen_day(application.draft_expires_at) if application.draft_expires_at else ""
    if kept:
        text = _(
            "Vi har sparat det du skrev på sidan ”%(title)s”. Några svar behöver rättas innan de "
            "räknas: du ser dem när du fortsätter. Ansökan finns kvar till och med %(until)s."
        )
    else:
        text = _("Vi har sparat din ansökan. Du kan fortsätta när du vill, till och med %(until)s.")
    messages.success(request, text % {"title": step.title, "until": until})


# --- Check your answers and submit -------------------------------------------------------------


@citizen_view
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own_application(request, pk)
    if application.status != ApplicationStatus.DRAFT:
        return HttpResponseRedirect(reverse("applications:receipt", args=[application.pk]))
    answers = a.Answers.from_json(application.answers)
    missing = missing_sections(
        answers, application.answers, application.month, applicant_age(application)
    )
    errors: list[tuple[str, str]] = []
    stale = False
    if request.method == "POST":
        if missing:
            errors = [
                (
                    f"section-{slug}",
                    _("Svara på frågorna under ”%(title)s”.") % {"title": BY_SLUG[slug].title},
                )
                for slug in missing
            ]
        else:
            version = posted_version(request.POST)
            try:
                application = services.application_submit_checked(
                    application=application,
                    version=version,
                    by=_user(request),
                    has_partner=bool(answers.has_partner),
                    partner_personnummer=answers.household.partner_personnummer,
                )
            except services.StaleApplicationError:
                application.refresh_from_db()
                if application.status != ApplicationStatus.DRAFT:
                    return HttpResponseRedirect(
                        reverse("applications:receipt", args=[application.pk])
                    )
                answers = a.Answers.from_json(application.answers)
                stale = True
            except services.ApplicationStateError:
                errors = [
                    (
                        "section-hushall",
                        _(
                            "Vi kan inte använda personnumret du skrev för din sambo. "
                            "Kontrollera det."
                        ),
                    )
                ]
            else:
                return HttpResponseRedirect(reverse("applications:receipt", args=[application.pk]))
    rules_input = a.to_rules_input(application)
    context = {
        "application": application,
        "month_label": month_label(application.month),
        "sections": presenters.summary(
            answers, steps=summary_steps(answers, applicant_age=applicant_age(application))
        ),
        "missing": missing,
        "errors": errors,
        "stale": stale,
        "preview": preview.preliminary_calculation(preview.with_municipality(rules_input)),
        "has_partner": answers.has_partner,
        "partner_declined": application.partner_declined_at is not None,
        "own_households": answers.young_adults_out_of_school(application.month),
        # The applicant is one household in a home shared with others (a young adult at the
        # parents', a lodger …): what is and is not counted, said before sending.
        "shared_home": answers.others_in_home() > 0,
        "young_adult": _young_adult_notice(application, answers),
        **_session_context(request),
    }
    status = 409 if stale else (400 if errors else 200)
    return render(request, "applications/check.html", context, status=status)


def _young_adult_notice(application: Application, answers: a.Answers) -> str:
    """For an applicant 18–20: "own" (out of school: an own household, also at the parents'),
    "in_school" (the parents' duty of support comes first; a case worker tries it) or ""."""
    if not answers.applicant_young_adult(applicant_age(application)):
        return ""
    if answers.household.applicant_in_school is True:
        return "in_school"
    return "own" if answers.household.applicant_in_school is False else ""


@citizen_view
@require_GET
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    application = _readable_application(request, pk)
    if application.status == ApplicationStatus.DRAFT:
        if application.case.applicant_id != _user(request).pk:
            raise Http404
        return HttpResponseRedirect(_resume_url(application))
    return render(
        request,
        "applications/receipt.html",
        {
            **_receipt_copy(application),
            "awaiting_partner": application.status == ApplicationStatus.AWAITING_PARTNER,
            "is_applicant": application.case.applicant_id == _user(request).pk,
            "is_new": application.kind == ApplicationKind.NEW,
            "with_case_worker": application.status == ApplicationStatus.IN_QUEUE,
            "decided": application.status == ApplicationStatus.DECIDED,
            "decision_due": _decision_due_label(application),
        },
    )


def _receipt_copy(application: Application) -> dict[str, Any]:
    """What a receipt worth keeping shows (issue 15 item 4): the case and reference numbers, when
    the application came in, and a readable copy of every answer and komplettering."""
    answers = a.Answers.from_json(application.answers)
    return {
        "application": application,
        "month_label": month_label(application.month),
        "reference": selectors.application_reference(application),
        "received": citizen_moment(application.submitted_at) if application.submitted_at else "",
        "sections": presenters.summary(answers, steps=summary_steps(answers)),
        "supplements": [
            {"at": citizen_moment(s.added_at), "text": s.text}
            for s in selectors.supplements_for_application(application_id=application.pk)
        ],
        # In the reader's language where the municipality has translated it (ADR 0217).
        "municipality_name": settings.MUNICIPALITY.name.in_language(get_language()),
    }


@citizen_view
@require_GET
def receipt_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The receipt as a tagged PDF (PDF/UA-1), made like the decision letters."""
    from bistand.decisions.letters import letter_pdf  # the letters' WeasyPrint set-up

    application = _readable_application(request, pk)
    if application.status == ApplicationStatus.DRAFT:
        raise Http404
    html = render_to_string("applications/receipt_document.html", _receipt_copy(application))
    response = HttpResponse(letter_pdf(html), content_type="application/pdf")
    name = f"kvitto-{application.case.number}-{application.month:%Y-%m}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _decision_due_label(application: Application) -> str:
    """``6 mars 2026``: the day the application is to be decided by (the municipality's SLA),
    counted from when it came in; empty before it is sent or once it is decided."""
    if application.submitted_at is None or application.status not in (
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.IN_QUEUE,
    ):
        return ""
    received = timezone.localtime(application.submitted_at).date()
    return citizen_day(decision_due_day(received, settings.MUNICIPALITY.sla_decision_working_days))


@citizen_view
@require_http_methods(["GET", "POST"])
def partner_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The partner the application names reads it and confirms it with their own login, or
    declines it (it goes back to the applicant). Nobody else reaches this page: not the
    applicant, not a partner named by another application of the case."""
    application = _readable_application(request, pk)
    user = _user(request)
    if application.partner_id != user.pk:
        raise Http404
    if application.status != ApplicationStatus.AWAITING_PARTNER:
        return HttpResponseRedirect(reverse("applications:receipt", args=[application.pk]))
    answers = a.Answers.from_json(application.answers)
    if request.method == "POST" and request.POST.get("action") == "decline":
        try:
            services.application_decline_by_partner(application=application, partner=user)
        except services.ApplicationStateError:
            return HttpResponseRedirect(reverse("applications:receipt", args=[application.pk]))
        messages.info(
            request,
            _(
                "Du godkände inte ansökan för %(month)s. Den har gått tillbaka till den som "
                "ansökte, som kan ändra den och skicka den igen."
            )
            % {"month": month_label(application.month)},
        )
        return HttpResponseRedirect(reverse("applications:min_sida"))
    form = forms.PartnerConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_confirm_by_partner(
                application=application, partner=user
            )
        except services.ApplicationStateError:
            pass
        else:
            services.application_record_partner_consent(
                application=application,
                partner=user,
                registers=bool(form.cleaned_data["registers"]),
            )
        return HttpResponseRedirect(reverse("applications:receipt", args=[application.pk]))
    return render(
        request,
        "applications/partner_confirm.html",
        {
            "application": application,
            "month_label": month_label(application.month),
            "sections": presenters.summary(answers, steps=summary_steps(answers)),
            "form": form,
            "errors": form.error_links() if form.is_bound else [],
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# --- Withdraw and komplettering (issue 15 item 5) -------------------------------------------


def _open_own_application(request: HttpRequest, pk: int) -> Application | None:
    """The applicant's own application if it is still open (not decided or withdrawn)."""
    application = _own_application(request, pk)
    return application if application.status in services.OPEN_STATUSES else None


@citizen_view
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Återkalla: the applicant withdraws an application that is not decided yet, after saying
    so on a page of its own (works without JavaScript)."""
    application = _open_own_application(request, pk)
    if application is None:
        messages.info(request, _("Ansökan är redan beslutad eller återkallad."))
        return HttpResponseRedirect(reverse("applications:min_sida"))
    form = forms.WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(application=application, by=_user(request))
        except services.ApplicationStateError:
            messages.info(request, _("Ansökan hann beslutas innan den återkallades."))
        else:
            messages.success(
                request,
                _("Du har återkallat ansökan för %(month)s. Den prövas inte.")
                % {"month": month_label(application.month)},
            )
        return HttpResponseRedirect(reverse("applications:min_sida"))
    return render(
        request,
        "applications/withdraw.html",
        {
            "application": application,
            "month_label": month_label(application.month),
            "form": form,
            "errors": form.error_links() if form.is_bound else [],
            **_session_context(request),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@citizen_view
@require_http_methods(["GET", "POST"])
def supplement(request: HttpRequest, pk: int) -> HttpResponse:
    """Komplettera: the applicant adds information to a sent application that is not decided
    yet; it reaches the case worker through the shared queue."""
    application = _open_own_application(request, pk)
    if application is None:
        messages.info(
            request,
            _(
                "Ansökan är redan beslutad eller återkallad. Skriv ett meddelande till oss om du "
                "vill berätta något nytt."
            ),
        )
        return HttpResponseRedirect(reverse("applications:min_sida"))
    limits = {
        "max_mb": settings.POST_CHECK_UPLOAD_MAX_MB,
        "max_files": settings.SUPPLEMENT_UPLOAD_MAX_FILES,
    }
    if request.method == "POST":
        form = forms.SupplementForm(request.POST, request.FILES, **limits)
    else:
        typed = session.typed_answers(request)
        if typed is not None:
            # Sent after the session ended (bistand.core.session): the text is filled in again.
            posted = QueryDict(mutable=True)
            for key, values in typed.items():
                posted.setlist(key, [str(v) for v in values])
            form = forms.SupplementForm(posted, **limits)
            messages.info(
                request,
                _(
                    "Du loggades ut innan kompletteringen skickades. Det du skrev är ifyllt "
                    "igen. Filer behöver du välja igen."
                ),
            )
        else:
            form = forms.SupplementForm(**limits)
    if request.method == "POST" and form.is_valid():
        uploads = form.cleaned_data["documents"]
        try:
            services.supplement_add(
                application=application,
                by=_user(request),
                text=form.cleaned_data["text"],
                files=[(upload.name, upload.chunks()) for upload in uploads],
            )
        except services.SupplementFileError as exc:
            form.add_error("documents", str(exc))
        except services.ApplicationStateError:
            messages.info(request, _("Ansökan hann beslutas innan kompletteringen kom in."))
            return HttpResponseRedirect(reverse("applications:min_sida"))
        else:
            messages.success(
                request,
                _(
                    "Tack. Din komplettering till ansökan för %(month)s har kommit in. En "
                    "handläggare läser den innan ansökan beslutas."
                )
                % {"month": month_label(application.month)},
            )
            return HttpResponseRedirect(reverse("applications:min_sida"))
    return render(
        request,
        "applications/supplement.html",
        {
            "application": application,
            "month_label": month_label(application.month),
            "form": form,
            "errors": form.error_links() if form.is_bound else [],
            "earlier": selectors.supplements_for_application(application_id=application.pk),
            **_session_context(request),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# --- Min sida ----------------------------------------------------------------------------------


@citizen_view
@require_GET
def min_sida(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    # Reads that several panels need are made once for the page (issue 16 item 5).
    name, value = minsida.FULL_HISTORY_PARAMETER
    with minsida.composing(full_history=request.GET.get(name) == value):
        return _min_sida(request, user)


def _min_sida(request: HttpRequest, user: Any) -> HttpResponse:
    cases = []
    citizen_cases = list(case_selectors.cases_for_citizen(user=user).order_by("-opened_at"))
    selectors.cases_read_for_minsida(user=user, cases=citizen_cases)
    for case in citizen_cases:
        # Only what the timeline shows: not each event's data.
        events = list(
            case_selectors.timeline_for_citizen(user=user, case_id=case.pk).only("pk", "at", "kind")
        )
        events, events_hidden = minsida.newest_last(events)
        cases.append(
            {
                "case": case,
                "events": events,
                "events_hidden": events_hidden,
                "events_total": len(events) + events_hidden,
                "events_all_url": minsida.full_history_url(f"historik-{case.pk}"),
                "is_applicant": case.applicant_id == user.pk,
                "panels": minsida.panels_for_case(user, case),
            }
        )
    # Not the answers of every month (read again only for a draft's resume link); one read for
    # the list and the panels.
    applications = selectors.applications_for_minsida(user=user)
    this_month = timezone.localdate().replace(day=1)
    next_month = _next_month(this_month)
    has_next = any(
        app.month == next_month and app.status != ApplicationStatus.WITHDRAWN
        for app in applications
        if app.case.applicant_id == user.pk
    )
    # The newest applications; a draft or one still being handled is always listed.
    listed, applications_hidden = minsida.newest(
        [app for app in applications if app.status != ApplicationStatus.WITHDRAWN],
        keep=lambda app: (
            app.status == ApplicationStatus.DRAFT or app.status in services.OPEN_STATUSES
        ),
    )
    return render(
        request,
        "applications/min_sida.html",
        {
            "cases": cases,
            "applications": [
                {
                    "application": app,
                    "month_label": month_label(app.month),
                    "resume_url": _resume_url(app)
                    if app.status == ApplicationStatus.DRAFT and app.case.applicant_id == user.pk
                    else "",
                    "is_applicant": app.case.applicant_id == user.pk,
                    "decision_due": _decision_due_label(app)
                    if app.status == ApplicationStatus.IN_QUEUE
                    else "",
                    "partner_declined": app.status == ApplicationStatus.DRAFT
                    and app.partner_declined_at is not None,
                    "open": app.status in services.OPEN_STATUSES
                    and app.case.applicant_id == user.pk,
                }
                for app in listed
            ],
            "applications_hidden": applications_hidden,
            "applications_total": len(listed) + applications_hidden,
            "applications_all_url": minsida.full_history_url("ansokningar"),
            "to_confirm": [
                {"application": app, "month_label": month_label(app.month)}
                for app in selectors.awaiting_partner_confirmation_for_minsida(user=user)
            ],
            "next_month_label": month_label(next_month),
            "has_next": has_next,
            "page_panels": minsida.panels_for_page(user),
        },
    )
