"""Min sida: per case, the decisions in force that can be appealed (with the deadline) and the
household's appeals with where they stand."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from bistand.core.minsida import Panel, case_panel, case_probe, full_history_url, newest, probe

from . import selectors


@case_probe("appeals")
def _appeals(user_id: int, case_id: int) -> Any:
    return selectors.appeals_of_case(case_id=case_id)


@case_probe("reviews")
def _reviews(user_id: int, case_id: int) -> Any:
    return selectors.reviews_of_case(case_id=case_id)


@case_panel
def appeals_panel(user: Any, case: Any) -> Panel | None:
    # Most cases have no appeal and no review: then neither is read (the page's probes).
    any_appeals = probe("appeals", user_id=user.pk, case_id=case.pk)
    any_reviews = probe("reviews", user_id=user.pk, case_id=case.pk)
    # The newest decisions in force; one with an appeal or a review under way is always listed.
    decisions, hidden = newest(
        selectors.appealable_decisions_for_minsida(
            case_id=case.pk, any_appeals=any_appeals, any_reviews=any_reviews
        ),
        keep=lambda item: bool(item.open_appeal or item.open_review or item.court_appeal),
    )
    appeals = list(selectors.appeals_for_case(user=user, case_id=case.pk)) if any_appeals else []
    reviews = selectors.reviews_for_case(case_id=case.pk) if any_reviews else []
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
