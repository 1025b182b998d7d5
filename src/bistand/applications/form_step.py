"""One page of the application form, saved: the part the e-service (`applications.views.step`)
and the paper intake (`casework.views.paper_step`) share.

The page's form is filled from the POST, the page's version is read (core.forms.posted_version)
and, when the answers are valid, saved on top of exactly that version. Someone else saving in
between (another tab, another device, a colleague) makes the save stale: what was typed is kept,
the page is shown again with the newer version, and saving again puts it on top. An application
that is no longer a draft cannot be saved at all. The views decide where to go after.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import QueryDict

from bistand.core.forms import posted_version

from . import services
from .answers import Answers
from .forms import StepForm
from .models import Application, ApplicationStatus


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
    posted = QueryDict(mutable=True)
    for key, values in typed.items():
        posted.setlist(key, [str(v) for v in values])
    return form_class(posted, **form_kwargs), True
