"""Min sida: per case, the decisions in force that can be appealed (with the deadline) and the
household's appeals with where they stand."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from bistand.core.minsida import Panel, case_panel, full_history_url, newest

from . import selectors


@case_panel
def appeals_panel(user: Any, case: Any) -> Panel | None:
    # The newest decisions in force; one with an appeal or a review under way is always listed.
    decisions, hidden = newest(
        selectors.appealable_decisions_for_minsida(case_id=case.pk),
        keep=lambda item: bool(item.open_appeal or item.open_review or item.court_appeal),
    )
    appeals = list(selectors.appeals_for_case(user=user, case_id=case.pk))
    reviews = selectors.reviews_for_case(case_id=case.pk)
    if not decisions and not appeals and not reviews:
        return None
    return Panel(
        anchor="overklaga",
        title=str(_("Överklaga ett beslut")),
        template="appeals/_minsida_panel.html",
        context={
            "decisions": decisions,
            "appeals": appeals,
            "reviews": reviews,
            "hidden": hidden,
            "total": len(decisions) + hidden,
            "all_url": full_history_url(f"overklaga-{case.pk}"),
        },
        order=60,
    )
