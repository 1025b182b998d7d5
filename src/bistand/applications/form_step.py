"""The one form-step view: one page of the application form, shown and saved, for the e-service
(`applications.views.step`) and the paper intake (`casework.views.paper_step`) alike.

`step_page` does what both do: the application must still be a draft, the page must be one this
application has (`applications.steps`), the page's form is filled from the POST, the page's
version is read (core.forms.posted_version) and, when the answers are valid, saved on top of
exactly that version. Someone else saving in between (another tab, another device, a colleague)
makes the save stale: what was typed is kept, the page is shown again with the newer version
(409), and saving again puts it on top. An application that is no longer a draft cannot be saved
at all. Invalid answers show the page again with the errors at the fields (400).

What differs is a `StepPage`: who may reach the application, the form's voice (the citizen's or
the case worker's), where to go after, "Spara och fortsätt senare" (the e-service only), the
template and what else it shows, and the access log (staff reads only).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render

from bistand.core.format import citizen_month as month_label
from bistand.core.forms import posted_version

from . import services
from .answers import Answers
from .forms import StepForm
from .models import Application, ApplicationStatus
from .steps import BY_SLUG, Step, progress, steps_for

# The value of the "Spara och fortsätt senare" button (name "spara").
SAVE_LATER = "senare"


@dataclass
class StepOutcome:
    form: StepForm
    application: Application
    version: int  # the version the page is to be shown with
    saved: bool = False
    stale: bool = False
    closed: bool = False  # no longer a draft: nothing more can be saved on it
    kept: bool = False  # not valid yet: what was typed is kept for later (step_save_later)


def form_kwargs(
    application: Application, answers: Answers, form_class: type[StepForm]
) -> dict[str, Any]:
    """What a page's form is built with: the answers so far and the month (and, on the household
    page, the applicant's personnummer, so a partner cannot be the applicant)."""
    kwargs: dict[str, Any] = {"answers": answers, "month": application.month}
    if form_class.section == "household":
        kwargs["applicant_personnummer"] = application.case.applicant.personnummer
    return kwargs


def step_save(
    *,
    application: Application,
    form_class: type[StepForm],
    data: QueryDict,
    form_kwargs: dict[str, Any],
) -> StepOutcome:
    """Validate the posted page and save its answers on top of the posted version."""
    form = form_class(data, **form_kwargs)
    version = posted_version(data)
    if not form.is_valid():
        return StepOutcome(form=form, application=application, version=version)
    try:
        saved = services.application_save_answers(
            application=application,
            version=version,
            answers=form.sections(),
            page=form_class.section,
        )
    except services.StaleApplicationError:
        application.refresh_from_db()
        return StepOutcome(
            form=form,
            application=application,
            version=application.version,
            stale=True,
            closed=application.status != ApplicationStatus.DRAFT,
        )
    except services.ApplicationStateError:
        return StepOutcome(form=form, application=application, version=version, closed=True)
    return StepOutcome(form=form, application=saved, version=saved.version, saved=True)


def step_save_later(
    *,
    application: Application,
    form_class: type[StepForm],
    data: QueryDict,
    form_kwargs: dict[str, Any],
) -> StepOutcome:
    """ "Spara och fortsätt senare": save the page like "Spara och fortsätt" when its answers are
    valid; otherwise (or when someone saved in between) keep what was typed on the page, as
    posted, so that nothing is lost and the page shows it again next time."""
    outcome = step_save(
        application=application, form_class=form_class, data=data, form_kwargs=form_kwargs
    )
    if outcome.saved or outcome.closed:
        return outcome
    posted = {
        key: data.getlist(key)
        for key in data
        if key not in ("csrfmiddlewaretoken", "version", "spara")
    }
    try:
        kept = services.application_keep_typed(
            application=outcome.application, section=form_class.section, data=posted
        )
    except services.ApplicationStateError:
        outcome.closed = True
        return outcome
    outcome.application, outcome.kept = kept, True
    return outcome


def page_form(
    application: Application, form_class: type[StepForm], form_kwargs: dict[str, Any]
) -> tuple[StepForm, bool]:
    """The page's form as it is shown: with what was typed and kept by "Spara och fortsätt
    senare" (bound, so its errors show), else from the saved answers. True when typed."""
    typed = (application.typed_pages or {}).get(form_class.section)
    if not isinstance(typed, dict):
        return form_class(**form_kwargs), False
    return form_class(as_posted(typed), **form_kwargs), True


def as_posted(typed: dict[str, Any]) -> QueryDict:
    """What was typed on a page and kept (field name → list of values), as a POST again."""
    posted = QueryDict(mutable=True)
    for key, values in typed.items():
        posted.setlist(key, [str(v) for v in values])
    return posted


# --- The view ------------------------------------------------------------------------------------


class StepPage:
    """What the e-service and the paper intake do differently around `step_page`; one instance
    a request. The defaults are the plain ones; a subclass names its template and where to go."""

    template: ClassVar[str]
    # Offer "Spara och fortsätt senare" (a POST with spara=senare keeps what was typed).
    save_later: ClassVar[bool] = False

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def application(self, pk: int) -> Application:
        """The application, if this user may fill it in (else Http404)."""
        raise NotImplementedError

    def closed_url(self, application: Application) -> str:
        """Where an application that is no longer a draft is shown."""
        raise NotImplementedError

    def step_url(self, application: Application, slug: str) -> str:
        raise NotImplementedError

    def saved_url(self, application: Application, step: Step) -> str:
        """Where to go once the page is saved (the application as saved)."""
        raise NotImplementedError

    def saved_for_later(self, outcome: StepOutcome, step: Step) -> HttpResponse:
        """After "Spara och fortsätt senare" (only with `save_later`)."""
        raise NotImplementedError

    def not_asked(self, application: Application, step: Step) -> HttpResponse:
        """A page this application does not have (any more): 404 unless said otherwise."""
        raise Http404

    def form_class(self, step: Step) -> type[StepForm]:
        return step.form

    def unbound_form(
        self, application: Application, form_class: type[StepForm], kwargs: dict[str, Any]
    ) -> StepForm:
        """The page's form on GET."""
        return form_class(**kwargs)

    def previous_url(self, application: Application, steps: list[Step], position: int) -> str:
        return self.step_url(application, steps[position - 2].slug) if position > 1 else ""

    def context(
        self, application: Application, answers: Answers, step: Step, form: StepForm
    ) -> dict[str, Any]:
        """What else the template shows."""
        return {}

    def shown(self, application: Application) -> None:
        """Called when the page is shown (not after a save): e.g. the access log."""


def step_page(page: StepPage, pk: int, slug: str) -> HttpResponse:
    """Show one page of the application form (GET) or save it (POST); see the module text."""
    request = page.request
    application = page.application(pk)
    if application.status != ApplicationStatus.DRAFT:
        return HttpResponseRedirect(page.closed_url(application))
    answers = Answers.from_json(application.answers)
    steps = steps_for(application, answers)
    current = BY_SLUG.get(slug)
    if current is None:
        raise Http404
    if current not in steps:
        return page.not_asked(application, current)
    form_class = page.form_class(current)
    kwargs = form_kwargs(application, answers, current.form)
    stale = False
    version = application.version
    if request.method == "POST":
        if page.save_later and request.POST.get("spara") == SAVE_LATER:
            outcome = step_save_later(
                application=application,
                form_class=form_class,
                data=request.POST,
                form_kwargs=kwargs,
            )
            if outcome.closed:
                return HttpResponseRedirect(page.closed_url(application))
            return page.saved_for_later(outcome, current)
        outcome = step_save(
            application=application, form_class=form_class, data=request.POST, form_kwargs=kwargs
        )
        if outcome.closed:
            return HttpResponseRedirect(page.closed_url(application))
        if outcome.saved:
            return HttpResponseRedirect(page.saved_url(outcome.application, current))
        form, application = outcome.form, outcome.application
        stale, version = outcome.stale, outcome.version
    else:
        form = page.unbound_form(application, form_class, kwargs)
    position = steps.index(current) + 1
    page.shown(application)
    context = {
        "application": application,
        "month_label": month_label(application.month),
        "step": current,
        "form": form,
        "errors": form.error_links() if form.is_bound else [],
        "stale": stale,
        "version": version,
        # The header counts the application's parts, not its pages (a page per child or need
        # opens from an answer): "Del 3 av 8: Inkomster", stable as the pages open.
        "progress": progress(steps, current),
        "previous_url": page.previous_url(application, steps, position),
        **page.context(application, answers, current, form),
    }
    status = 409 if stale else (400 if form.is_bound and form.errors else 200)
    return render(request, page.template, context, status=status)
