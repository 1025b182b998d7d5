"""Min sida: what the citizen has been asked to complete, and by when."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from bistand.core.minsida import Panel, case_panel, case_probe, probe

from . import selectors


@case_probe("completion_requests")
def _completion_requests(user_id: int, case_id: int) -> Any:
    return selectors.completion_request_rows(case_id=case_id)


@case_probe("kommuniceringar")
def _kommuniceringar(user_id: int, case_id: int) -> Any:
    return selectors.kommunicering_rows(case_id=case_id)


@case_panel
def completion_requests(user: Any, case: Any) -> Panel | None:
    if not probe("completion_requests", user_id=user.pk, case_id=case.pk):
        return None
    requests = selectors.completion_requests_for_case(case_id=case.pk)
    if not requests:
        return None
    return Panel(
        anchor="komplettering",
        title=str(_("Komplettera din ansökan")),
        template="casework/minsida_completion.html",
        context={"requests": requests},
        order=30,
    )


@case_panel
def kommuniceringar(user: Any, case: Any) -> Panel | None:
    """Material to reply to before a decision (FL 25 §)."""
    if not probe("kommuniceringar", user_id=user.pk, case_id=case.pk):
        return None
    items = selectors.kommuniceringar_for_case(case_id=case.pk)
    if not items:
        return None
    return Panel(
        anchor="kommunicering",
        title=str(_("Uppgifter inför beslut")),
        template="casework/minsida_kommunicering.html",
        context={"items": items},
        order=25,
    )
