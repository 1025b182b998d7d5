"""The staff pages under /handlaggning/: the shared queue, the case view, the manual decision,
completion, journal and paper intake. Thin: access through casework.access, reads through
selectors, changes through services. Every read of a case is written to the access log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bistand import rules
from bistand.applications import answers as a
from bistand.applications import form_step, presenters, steps
from bistand.applications import selectors as application_selectors
from bistand.applications import services as application_services
from bistand.cases import selectors as case_selectors
from bistand.core.access import citizen_view
from bistand.core.format import citizen_month, kronor
from bistand.core.forms import posted_version
from bistand.decisions.legal import legal_basis
from bistand.payments.forms import RentToLandlordForm

from . import access, forms, selectors, services, staff_voice
from .corrections import CorrectionError

Check = Callable[[Any], bool]


def staff_view(
    check: Check,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Logged in (else to the login page), never cached, and allowed by `check` (else 403 with
    a Swedish page)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @never_cache
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user):
                return forbidden(request)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def forbidden(request: HttpRequest, message: str = "") -> HttpResponse:
    return render(
        request,
        "casework/forbidden.html",
        {"message": message or _("Du har inte behörighet till den här sidan.")},
        status=403,
    )


def _user(request: HttpRequest) -> Any:
    return request.user


def _application(pk: int) -> Any:
    try:
        return application_selectors.application_by_id(application_id=pk)
    except ObjectDoesNotExist:
        raise Http404 from None


def _case_url(pk: int) -> str:
    return reverse("casework:case", args=[pk])


# --- The queue ---------------------------------------------------------------------------------


@staff_view(access.can_view_queue)
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    filters = selectors.QueueFilters.from_query(request.GET, user_id=user.pk)
    can_assign = access.can_assign(user)
    page = selectors.queue_page(filters=filters, with_workers=can_assign)
    services.queue_read_record(user=user)
    sort_links = [
        (code, label, "?" + filters.query(sortera=code if code != "frist" else "", sida=""))
        for code, label in selectors.SORT_CHOICES
    ]
    return render(
        request,
        "casework/queue.html",
        {
            "page": page,
            "filters": filters,
            "filtered": filters.active,
            "sort_links": sort_links,
            "age_choices": selectors.AGE_CHOICES,
            "household_choices": list(selectors.HOUSEHOLD_LABELS.items()),
            "previous_query": filters.query(sida=page.page - 1 if page.page > 2 else ""),
            "next_query": filters.query(sida=page.page + 1),
            "can_claim": access.can_claim(user),
            "can_assign": can_assign,
            # The enhetschef's page has the same list with each worker's load: asked once.
            "worker_choices": [
                (str(pk), label)
                for pk, label in (
                    [(w.user_id, w.label) for w in page.workers]
                    if can_assign
                    else selectors.decider_choices()
                )
            ],
            "escalations": (selectors.escalations() if access.can_see_escalations(user) else None),
        },
    )


@staff_view(access.can_assign)
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(pk)
    to = selectors.decider_by_id(str(request.POST.get("handlaggare", "")))
    if to is None:
        messages.error(request, _("Välj en handläggare."))
    else:
        try:
            services.claim_assign(user=_user(request), application=application, to=to)
        except services.CaseworkError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Ärende %(number)s är fördelat till %(name)s.")
                % {"number": application.case.number, "name": to.display_name or to.username},
            )
    return HttpResponseRedirect(reverse("casework:queue"))


@staff_view(access.can_claim)
@require_POST
def take_next(request: HttpRequest) -> HttpResponse:
    application = services.queue_take_next(user=_user(request))
    if application is None:
        messages.info(request, _("Det finns inga ärenden kvar att ta i kön."))
        return HttpResponseRedirect(reverse("casework:queue"))
    return HttpResponseRedirect(_case_url(application.pk))


@staff_view(access.can_claim)
@require_POST
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(pk)
    try:
        services.claim_take(user=_user(request), application=application)
    except services.CaseworkError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Du har tagit ärendet."))
    return HttpResponseRedirect(_case_url(pk))


@staff_view(access.can_claim)
@require_POST
def release(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(pk)
    try:
        services.claim_release(user=_user(request), application=application)
    except services.CaseworkError as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(_case_url(pk))
    messages.success(request, _("Ärendet är tillbaka i kön."))
    return HttpResponseRedirect(reverse("casework:queue"))


@staff_view(access.can_claim)
@require_POST
def supplement_read(request: HttpRequest, pk: int, supplement_id: int) -> HttpResponse:
    """The case worker has read the applicant's komplettering: it leaves the queue."""
    supplement = application_selectors.supplement_by_id(supplement_id=supplement_id)
    if supplement is None or supplement.application_id != pk:
        raise Http404
    application_services.supplement_mark_read(supplement=supplement, by=_user(request))
    messages.success(request, _("Kompletteringen är markerad som läst."))
    return HttpResponseRedirect(_case_url(pk) + "#kompletteringar")


@staff_view(access.can_view_case)
@require_GET
def supplement_document(
    request: HttpRequest, pk: int, supplement_id: int, document_id: int
) -> HttpResponse:
    """A file the applicant attached to a komplettering, shown in the browser to staff with the
    need-to-know for the case; every read is in the access log (docs/adr/0216)."""
    document = application_selectors.supplement_document_by_id(
        application_id=pk, supplement_id=supplement_id, document_id=document_id
    )
    if document is None:
        raise Http404
    path = application_services.supplement_document_open(document=document, by=_user(request))
    if not path.is_file():
        raise Http404
    response = HttpResponse(path.read_bytes(), content_type=document.content_type)
    response["Content-Disposition"] = f'inline; filename="bilaga-{document.pk}.{path.suffix[1:]}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


# --- The case view -----------------------------------------------------------------------------


def _case_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    case_file = selectors.case_file(application_id=pk)
    if case_file is None:
        raise Http404
    user = _user(request)
    claim = case_file.claim
    claimed_by_id = claim.claimed_by_id if claim else None
    status = case_file.application.status
    calculation = case_file.robot_calculation
    answers = a.Answers.from_json(case_file.application.answers)  # read once, not twice
    return {
        "file": case_file,
        "application": case_file.application,
        "month_label": citizen_month(case_file.application.month),
        "lines": selectors.calculation_lines(calculation.output) if calculation else [],
        "nothing_missing": [],
        "declared": presenters.summary(answers, steps=steps.summary_steps(answers)),
        "robot_amount": kronor(calculation.output["amount"]) if calculation else "",
        "channel_label": selectors.CHANNEL_LABELS.get(case_file.application.channel, ""),
        "kind_label": selectors.KIND_LABELS.get(case_file.application.kind, ""),
        "due_at": (
            selectors.sla_due(case_file.application.submitted_at)
            if case_file.application.submitted_at
            else None
        ),
        "can_claim": access.can_claim(user) and claim is None and status == "in_queue",
        "can_release": access.can_release(user, claimed_by_id, status=status),
        "can_decide": access.can_decide(user, status=status, claimed_by_id=claimed_by_id),
        "can_request_completion": access.can_request_completion(user, status=status),
        "can_write_journal": access.can_write_journal(user),
        "kommuniceringar": selectors.kommuniceringar_for_application(application_id=pk),
        "supplements": application_selectors.supplements_for_application(application_id=pk),
        "can_mark_read": access.can_claim(user),
        "ledger": selectors.jobbstimulans_ledger_view(application=case_file.application),
    }


@staff_view(lambda user: access.can_view_case(user) or access.can_break_glass(user))
@require_http_methods(["GET", "POST"])
def case(request: HttpRequest, pk: int) -> HttpResponse:
    """The case view. A role without the need-to-know (ADR 0086) gets a 403 page where they may
    break the glass: POSTing a reason opens the case once and writes the reason to the access
    log."""
    user = _user(request)
    if not access.can_view_case(user):
        application = _application(pk)
        form = forms.BreakGlassForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            context = _case_context(request, pk)
            services.case_read_record(
                user=user,
                application=context["application"],
                purpose=f"{services.PURPOSE_BREAK_GLASS}: {form.cleaned_data['reason']}",
            )
            context["journal_form"] = forms.JournalForm()
            context["break_glass"] = True
            return render(request, "casework/case.html", context)
        return render(
            request,
            "casework/break_glass.html",
            {
                "application": application,
                "form": form,
                "errors": form.error_links() if form.is_bound else [],
            },
            status=400 if form.is_bound else 403,
        )
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    context = _case_context(request, pk)
    services.case_read_record(user=user, application=context["application"])
    context["journal_form"] = forms.JournalForm()
    return render(request, "casework/case.html", context)


def _application_form_page(
    request: HttpRequest,
    application: Any,
    form: Any,
    *,
    save: Callable[[dict[str, Any]], object],
    error_field: str,
    success: str,
    done_url: str,
    what: str,
    template: str,
    **context: Any,
) -> HttpResponse:
    """A staff form about one application: a valid POST goes to `save` (the service, given the
    cleaned data), whose CaseworkError is shown at `error_field`; done, a message and back to
    `done_url`. Otherwise the page, its read written to the access log as `what`."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except services.CaseworkError as exc:
            form.add_error(error_field, exc.message)
        else:
            messages.success(request, success)
            return HttpResponseRedirect(done_url)
    services.case_read_record(user=_user(request), application=application, what=what)
    return render(
        request,
        template,
        {
            "application": application,
            "form": form,
            "errors": form.error_links() if form.is_bound else [],
            **context,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@staff_view(access.can_write_journal)
@require_http_methods(["GET", "POST"])
def journal(request: HttpRequest, pk: int) -> HttpResponse:
    """Write a journal entry, or an amendment to one (?tillagg=<entry id>)."""
    application = _application(pk)
    entries = {e.pk: e for e in selectors.journal_for_case(case_id=application.case_id)}
    amends_id = request.POST.get("amends") or request.GET.get("tillagg") or ""
    # ASCII digits only, at most 18 (int() refuses "²" and over 4 300 digits: a 500).
    valid_id = amends_id.isascii() and amends_id.isdigit() and len(amends_id) <= 18
    amends = entries.get(int(amends_id)) if valid_id else None
    if amends_id and amends is None:
        raise Http404
    form = forms.JournalForm(
        request.POST if request.method == "POST" else None,
        initial={"amends": amends.pk if amends else None},
    )
    return _application_form_page(
        request,
        application,
        form,
        save=lambda data: services.journal_entry_add(
            author=_user(request), application=application, text=data["text"], amends=amends
        ),
        error_field="text",
        success=_("Anteckningen är sparad i journalen."),
        done_url=_case_url(pk) + "#journal",
        what="journal",
        template="casework/journal.html",
        amends=amends,
    )


@staff_view(access.can_claim)
@require_http_methods(["GET", "POST"])
def completion(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(pk)
    user = _user(request)
    if not access.can_request_completion(user, status=application.status):
        return forbidden(request, _("Ansökan finns inte längre i kön."))
    form = forms.CompletionForm(request.POST if request.method == "POST" else None)
    return _application_form_page(
        request,
        application,
        form,
        save=lambda data: services.completion_request(
            user=user, application=application, text=data["text"], due_date=data["due_date"]
        ),
        error_field="due_date",
        success=_("Begäran om komplettering syns nu på den sökandes Min sida."),
        done_url=_case_url(pk),
        what="completion",
        template="casework/completion.html",
    )


# --- Manual decision ---------------------------------------------------------------------------


@staff_view(access.can_claim)
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Adjust per post, recalculate with the rules engine ("Räkna om"), then decide."""
    context = _case_context(request, pk)
    application = context["application"]
    user = _user(request)
    if not context["can_decide"]:
        if application.status == "decided":
            messages.info(request, _("Ansökan är redan beslutad."))
            return HttpResponseRedirect(_case_url(pk))
        return forbidden(request, _("En annan handläggare har tagit ärendet."))
    needs = context["file"].needs
    base = services.base_rules_input(application)
    declared_rent = base.get("costs", {}).get("rent")
    calculation = context["file"].robot_calculation
    guideline_rent = selectors.guideline_rent_max(base)
    form = forms.DecisionForm(
        request.POST if request.method == "POST" else None,
        initial=forms.rent_initial(base, application.month),
        needs=needs,
        declared_rent=Decimal(str(declared_rent)) if declared_rent else None,
        rules_input=base,
        register_totals=selectors.register_income_totals(
            dict(calculation.register_snapshot) if calculation is not None else {}
        ),
        guideline_rent=guideline_rent,
        month=application.month,
    )
    # Rent straight to the landlord as its own payment line, when the decision says so.
    rent_form = RentToLandlordForm(
        request.POST if request.method == "POST" else None,
        prefix="hyra",
        initial={"amount": declared_rent},
    )
    version = application.version
    conflict = ""
    result = None
    status = 200
    if request.method == "POST":
        version = posted_version(request.POST)
        if form.is_valid() & rent_form.is_valid():  # both, so that every error is shown
            assessment = form.assessment()
            try:
                if request.POST.get("action") == "decide":
                    decision = services.decision_make_manual(
                        user=user,
                        application=application,
                        version=version,
                        assessment=assessment,
                        rent_to_landlord=rent_form.rent_to_landlord(),
                    )
                    messages.success(
                        request,
                        _("Beslutet är fattat och skickat till den sökande (%(amount)s).")
                        % {"amount": kronor(decision.amount)},
                    )
                    return HttpResponseRedirect(_case_url(pk))
                result = services.decision_calculate(
                    application=application, assessment=assessment
                ).output
            except services.CaseworkError as exc:
                conflict = exc.message
                status = 409
            except rules.InputError as exc:
                for error in exc.errors:
                    form.add_error(None, error.message)
                status = 400
            except CorrectionError as exc:
                form.add_error(None, str(exc))
                status = 400
        else:
            status = 400
    services.case_read_record(user=user, application=application, what="decision_form")
    context.update(
        {
            "form": form,
            "version": version,
            "conflict": conflict,
            "result": result,
            "result_lines": selectors.calculation_lines(result or {}),
            "result_amount": kronor(result["amount"]) if result else "",
            "corrections": form.corrections if form.is_bound and not form.errors else [],
            "guideline_rent": kronor(guideline_rent) if guideline_rent is not None else "",
            "rent_form": rent_form,
            "prepared": selectors.prepared_decision_material(application=application),
            "errors": form.error_links() + rent_form.error_links() if form.is_bound else [],
            # "levnadskostnader i övrigt" from 2025-07-01, "livsföring i övrigt" before
            "ovrigt_term": legal_basis(application.month).ovrigt_term,
        }
    )
    return render(request, "casework/decide.html", context, status=status)


# --- Paper intake ------------------------------------------------------------------------------


def _month_choices() -> list[tuple[str, str]]:
    this = timezone.localdate().replace(day=1)
    following = (this + timedelta(days=32)).replace(day=1)
    previous = (this - timedelta(days=1)).replace(day=1)
    return [(f"{m:%Y-%m}", citizen_month(m)) for m in (previous, this, following)]


def _paper_application(pk: int) -> Any:
    application = _application(pk)
    if application.channel != "paper":
        raise Http404
    return application


def _paper_step_url(application: Any, slug: str) -> str:
    return reverse("casework:paper_step", args=[application.pk, slug])


def _paper_next_url(application: Any, after: str | None = None) -> str:
    """The page after `after` (after a save), or the first page with something missing (a new
    paper application); else the check page."""
    if after is not None:
        following = steps.pages_after(application, after)
        if following:
            return _paper_step_url(application, following[0])
    else:
        answers = a.Answers.from_json(application.answers)
        missing = set(
            steps.missing_steps(
                answers, application.answers, application.month, steps.applicant_age(application)
            )
        )
        for step in steps.steps_for(application, answers):
            if step.slug in missing:
                return _paper_step_url(application, step.slug)
    return reverse("casework:paper_check", args=[application.pk])


@staff_view(access.can_register_paper)
@require_http_methods(["GET", "POST"])
def paper_start(request: HttpRequest) -> HttpResponse:
    months = _month_choices()
    form = forms.PaperStartForm(request.POST if request.method == "POST" else None, months=months)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.paper_application_start(
                staff=_user(request),
                personnummer=form.cleaned_data["personnummer"],
                month=date.fromisoformat(f"{form.cleaned_data['month']}-01"),
                received_on=form.cleaned_data["received_on"],
            )
        except (services.CaseworkError, application_services.ApplicationStateError) as exc:
            form.add_error(
                "personnummer", getattr(exc, "message", _("Personnumret går inte att använda."))
            )
        else:
            if application.kind == "recurring":
                return HttpResponseRedirect(_paper_step_url(application, steps.CHANGES.slug))
            return HttpResponseRedirect(_paper_next_url(application))
    return render(
        request,
        "casework/paper_start.html",
        {"form": form, "errors": form.error_links() if form.is_bound else []},
        status=400 if form.is_bound and form.errors else 200,
    )


class PaperStepPage(form_step.StepPage):
    """The e-service's page filled in by staff from a paper application: the same fields and
    validation in the case worker's voice (issue 14 item 5), every showing access-logged."""

    template = "casework/paper_step.html"

    def application(self, pk: int) -> Any:
        return _paper_application(pk)

    def closed_url(self, application: Any) -> str:
        return _case_url(application.pk)

    def step_url(self, application: Any, slug: str) -> str:
        return _paper_step_url(application, slug)

    def saved_url(self, application: Any, step: steps.Step) -> str:
        return _paper_next_url(application, after=step.slug)

    def form_class(self, step: steps.Step) -> Any:
        return staff_voice.staff_form(step.form)

    def context(
        self, application: Any, answers: a.Answers, step: steps.Step, form: Any
    ) -> dict[str, Any]:
        return {
            "title": staff_voice.STEP_TITLES.get(step.slug, step.title),
            "groups": [
                (staff_voice.group_title(str(title)), fields)
                for title, fields in (form.groups() if hasattr(form, "groups") else [])
            ],
        }

    def shown(self, application: Any) -> None:
        services.case_read_record(
            user=_user(self.request), application=application, what="paper_application"
        )


@staff_view(access.can_register_paper)
@require_http_methods(["GET", "POST"])
def paper_step(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    """One page of the e-service's own form, filled in by staff from the paper application (the
    one form-step view, applications.form_step)."""
    return form_step.step_page(PaperStepPage(request), pk, slug)


@staff_view(access.can_register_paper)
@require_http_methods(["GET", "POST"])
def paper_check(request: HttpRequest, pk: int) -> HttpResponse:
    application = _paper_application(pk)
    if application.status != "draft":
        return HttpResponseRedirect(_case_url(pk))
    answers = a.Answers.from_json(application.answers)
    missing = steps.missing_sections(
        answers, application.answers, application.month, steps.applicant_age(application)
    )
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        if missing:
            errors = [
                (
                    f"section-{slug}",
                    _("Fyll i sidan ”%(title)s”.") % {"title": steps.BY_SLUG[slug].title},
                )
                for slug in missing
            ]
        else:
            version = posted_version(request.POST)
            try:
                application_services.application_submit_checked(
                    application=application,
                    version=version,
                    by=_user(request),
                    has_partner=bool(answers.has_partner),
                    partner_personnummer=answers.household.partner_personnummer,
                    on_paper=True,
                )
            except application_services.StaleApplicationError:
                errors = [("", _("Ansökan ändrades av någon annan. Kontrollera och skicka igen."))]
                application.refresh_from_db()
            except application_services.ApplicationStateError:
                errors = [("section-hushall", _("Personnumret för sambon går inte att använda."))]
            else:
                messages.success(
                    request,
                    _(
                        "Pappersansökan för ärende %(number)s är registrerad. Den kommer till kön "
                        "när uppgifterna från andra myndigheter är hämtade och ansökan är uträknad."
                    )
                    % {"number": application.case.number},
                )
                return HttpResponseRedirect(reverse("casework:queue"))
    services.case_read_record(
        user=_user(request), application=application, what="paper_application"
    )
    return render(
        request,
        "casework/paper_check.html",
        {
            "application": application,
            "month_label": citizen_month(application.month),
            "sections": presenters.summary(answers, steps=steps.summary_steps(answers)),
            "missing": missing,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


# --- Kommunicering (FL 25 §) -------------------------------------------------------------------


@staff_view(access.can_claim)
@require_http_methods(["GET", "POST"])
def kommunicering(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(pk)
    user = _user(request)
    if not access.can_request_completion(user, status=application.status):
        return forbidden(request, _("Ansökan finns inte längre i kön."))
    form = forms.KommuniceringForm(
        request.POST if request.method == "POST" else None,
        initial={"reply_by": timezone.localdate() + timedelta(days=7)},
    )
    return _application_form_page(
        request,
        application,
        form,
        save=lambda data: services.kommunicering_send(
            user=user,
            application=application,
            material=data["material"],
            reply_by=data["reply_by"],
        ),
        error_field="reply_by",
        success=_("Uppgifterna syns nu på den sökandes Min sida, med sista dag för svar."),
        done_url=_case_url(pk),
        what="kommunicering",
        template="casework/kommunicering.html",
    )


@citizen_view
@require_http_methods(["GET", "POST"])
def kommunicering_reply(request: HttpRequest, kommunicering_id: int) -> HttpResponse:
    item = selectors.kommunicering_by_id(kommunicering_id=kommunicering_id)
    household = case_selectors.cases_for_citizen(user=request.user)  # type: ignore[arg-type]
    if item is None or not household.filter(pk=item.case_id).exists():
        raise Http404
    form = forms.KommuniceringReplyForm(request.POST if request.method == "POST" else None)
    problem = ""
    if request.method == "POST" and item.replied_at is None and form.is_valid():
        try:
            services.kommunicering_reply(
                user=request.user,  # type: ignore[arg-type]
                item=item,
                text=form.cleaned_data["text"],
            )
        except services.CaseworkError as exc:
            problem = exc.message
        else:
            messages.success(request, _("Tack! Ditt svar har kommit in."))
            return HttpResponseRedirect(reverse("casework:kommunicering_reply", args=[item.pk]))
    return render(
        request,
        "casework/kommunicering_reply.html",
        {
            "item": item,
            "form": form,
            "problem": problem,
            "late": item.reply_by < timezone.localdate(),
            "errors": form.error_links() if form.is_bound else [],
        },
        status=400 if form.is_bound and (form.errors or problem) else 200,
    )


# --- Nödprövning (issue 12 item 12) ---------------------------------------------------------------


@staff_view(access.can_decide_emergency)
@require_http_methods(["GET", "POST"])
def emergency_new(request: HttpRequest) -> HttpResponse:
    """Same-day emergency assistance decided with minimal facts, paid at once."""
    from bistand.core.emergency import emergency_rules

    rules_ = emergency_rules()
    form = forms.EmergencyForm(request.POST if request.method == "POST" else None, rules=rules_)
    conflict = ""
    if request.method == "POST" and form.is_valid():
        try:
            emergency = services.emergency_decide(user=_user(request), data=form.emergency_input())
        except services.CaseworkError as exc:
            conflict = str(exc.message if hasattr(exc, "message") else exc)
        else:
            messages.success(request, _("Beslutet är fattat och brevet finns på Min sida."))
            return HttpResponseRedirect(reverse("casework:emergency", args=[emergency.pk]))
    return render(
        request,
        "casework/emergency_new.html",
        {
            "form": form,
            "conflict": conflict,
            "errors": form.error_links() if form.is_bound else [],
        },
        status=400 if form.is_bound and (form.errors or conflict) else 200,
    )


@staff_view(access.can_decide_emergency)
@require_GET
def emergency(request: HttpRequest, pk: int) -> HttpResponse:
    """One nödprövning: the decision, how it was paid, its letter to print or hand over."""
    found = selectors.emergency_view(user=_user(request), emergency_id=pk)
    if found is None:
        raise Http404
    return render(request, "casework/emergency.html", found)
