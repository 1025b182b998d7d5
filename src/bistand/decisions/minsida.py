"""Min sida: the case's decisions, each with its letter as a web page and as PDF."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from bistand.core.format import citizen_day, citizen_kronor, citizen_month
from bistand.core.minsida import (
    Panel,
    case_panel,
    case_probe,
    full_history_url,
    newest,
    probe,
    url_for_ids,
)

from . import selectors
from .summary import decision_summary, utover_scope


@case_probe("letters_by_post")
def _letters_by_post(user_id: int, case_id: int) -> Any:
    return selectors.letter_preference_by_post(user_id=user_id)


@case_probe("standalone_letters")
def _standalone_letters(user_id: int, case_id: int) -> Any:
    return selectors.standalone_letters_of_case(case_id=case_id)


@case_panel
def decisions_panel(user: Any, case: Any) -> Panel | None:
    # Only what the list shows: not each letter's HTML, posts and motivering (a long case has
    # many decisions), and the delivery days in one query; both read once for the page's
    # panels (issue 16 item 5).
    decisions = selectors.decisions_for_minsida(case_id=case.pk)
    if not decisions:
        return None
    superseded = {d.supersedes_id for d in decisions if d.supersedes_id}
    # The newest decisions, with a link to all of them (a long case has one a month).
    decisions, hidden = newest(decisions)
    delivered = selectors.received_on_for_minsida(case_id=case.pk)
    received = {d.pk: delivered.get(d.pk) for d in decisions}
    letter_url = url_for_ids("decisions:letter")
    pdf_url = url_for_ids("decisions:letter_pdf")
    # A decision of only bistånd utöver runs no appeal period: it is only laglighetsprövad.
    only_utover = {d.pk for d in decisions if d.only_utover}
    last_days = {
        pk: selectors.appeal_last_day(received_on=day) if day and pk not in only_utover else None
        for pk, day in received.items()
    }
    items = [
        {
            "received_on": citizen_day(received[d.pk]) if received[d.pk] else "",
            "last_day": citizen_day(last_days[d.pk]) if last_days[d.pk] else "",
            "title": _("Beslut för %(period)s, %(date)s")
            % {"period": citizen_month(d.period_start), "date": citizen_day(d.decided_at)},
            "outcome": d.get_outcome_display(),
            "amount": citizen_kronor(d.amount) if d.amount > 0 else "",
            "payment_date": citizen_day(d.payment_date) if d.payment_date else "",
            "superseded": d.pk in superseded,
            # In English or Arabic: what was decided, in that language (the letter is Swedish).
            "summary": decision_summary(
                outcome=d.outcome,
                amount=d.amount,
                period_start=d.period_start,
                payment_date=d.payment_date,
                last_day=last_days[d.pk],
                superseded=d.pk in superseded,
                utover=utover_scope(d),
            ),
            "only_utover": d.pk in only_utover,
            "url": letter_url(d.pk),
            "pdf_url": pdf_url(d.pk),
        }
        for d in decisions
    ]
    return Panel(
        anchor="beslut",
        title=_("Beslut"),
        template="decisions/minsida/decisions.html",
        context={
            "decisions": items,
            # The probe's row is the choice itself (one query for the page's probes).
            "by_post": probe("letters_by_post", user_id=user.pk, case_id=case.pk),
            "hidden": hidden,
            "total": len(items) + hidden,
            "all_url": full_history_url(f"beslut-{case.pk}"),
        },
        order=10,
    )


@case_panel
def standalone_letters_panel(user: Any, case: Any) -> Panel | None:
    """Återkrav and nödprövning decisions addressed to the citizen, each with its letter."""
    if not probe("standalone_letters", user_id=user.pk, case_id=case.pk):
        return None
    letters = selectors.standalone_letters_for_case(case_id=case.pk, user=user)
    if not letters:
        return None
    items = []
    for letter in letters:
        received = selectors.standalone_received_on(letter=letter)
        items.append(
            {
                "title": letter.title,
                "received_on": citizen_day(received) if received else "",
                "last_day": citizen_day(selectors.appeal_last_day(received_on=received))
                if received and letter.appealable
                else "",
                "appealable": letter.appealable,
                "url": reverse("decisions:standalone_letter", args=[letter.pk]),
                "pdf_url": reverse("decisions:standalone_letter_pdf", args=[letter.pk]),
            }
        )
    return Panel(
        anchor="andra-beslut",
        title=_("Andra beslut: återkrav och nödprövning"),
        template="decisions/minsida/standalone_letters.html",
        context={"letters": items},
        order=11,
    )
