"""Min sida: per case, the messages with the unit and the question after the newest decision."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from bistand.core.minsida import Panel, case_panel, case_probe, probe

from . import forms, selectors


@case_probe("satisfaction_answers")
def _satisfaction_answers(user_id: int, case_id: int) -> Any:
    return selectors.satisfaction_answers_of_case(case_id=case_id)


@case_probe("threads")
def _threads(user_id: int, case_id: int) -> Any:
    return selectors.thread_rows(case_id=case_id)


@case_panel
def satisfaction_panel(user: Any, case: Any) -> Panel | None:
    decision = selectors.satisfaction_question_for_minsida(
        case_id=case.pk,
        answered=probe("satisfaction_answers", user_id=user.pk, case_id=case.pk),
    )
    if decision is None:
        return None
    form = forms.SatisfactionForm(prefix=f"nojd{decision.pk}")
    return Panel(
        anchor="nojd",
        title=str(_("Hur fungerade det för dig?")),
        template="messaging/_satisfaction_panel.html",
        context={"decision": decision, "form": form},
        order=20,
    )


@case_panel
def messages_panel(user: Any, case: Any) -> Panel:
    threads = (
        list(selectors.threads_for_case(user=user, case_id=case.pk)[:5])
        if probe("threads", user_id=user.pk, case_id=case.pk)
        else []
    )
    return Panel(
        anchor="meddelanden",
        title=str(_("Meddelanden")),
        template="messaging/_minsida_panel.html",
        context={"threads": threads, "unread": sum(t.unread for t in threads)},  # type: ignore[attr-defined]
        order=70,
    )
