"""Min sida: what the citizen has been asked to complete, and by when."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from bistand.core.minsida import Panel, case_panel

from . import selectors


@case_panel
def completion_requests(user: Any, case: Any) -> Panel | None:
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
