"""What was decided, in the citizen's own language, beside the Swedish decision letter.

The decision itself is Swedish: the letter is the decision and is never translated. A citizen who
reads Bistånd in English or Arabic gets, on Min sida and above the letter, a short summary of it in
that language: granted, partly granted or refused; the amount; the month; when the money is paid;
how to appeal and the last day (docs/adr/0195). In Swedish the letter speaks for itself and there
is no summary.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from bistand.core.format import citizen_kronor, date_short, month_in_reader_language

from .models import Outcome

__all__ = ["decision_summary", "utover_scope"]


def utover_scope(decision: Any) -> str:
    """ "all", "part" or "" as much of `decision` is bistånd utöver (`decision_summary`)."""
    if not decision.utover_posts:
        return ""
    return "all" if decision.only_utover else "part"


def decision_summary(
    *,
    outcome: str,
    amount: Any,
    period_start: date,
    payment_date: date | None,
    last_day: date | None,
    superseded: bool,
    utover: str = "",
) -> list[str]:
    """The summary's sentences in the active language; empty when the page is in Swedish.

    `utover`: "part" when some posts, "all" when every post is bistånd utöver (12 kap. 2 §):
    that part is not appealed to förvaltningsrätten, only laglighetsprövad (ADR 0310)."""
    if (get_language() or "sv").split("-")[0] == "sv":
        return []
    values = {"month": month_in_reader_language(period_start), "amount": citizen_kronor(amount)}
    if outcome == Outcome.GRANTED:
        said = _("Du får ekonomiskt bistånd för %(month)s: %(amount)s.") % values
    elif outcome == Outcome.PARTLY_GRANTED:
        said = (
            _(
                "Du får en del av det du sökte för %(month)s: %(amount)s. Resten avslås; "
                "skälen står i beslutet."
            )
            % values
        )
    else:
        said = _("Du får inte ekonomiskt bistånd för %(month)s. Skälen står i beslutet.") % values
    sentences = [
        _(
            "Beslutet är skrivet på svenska och det är det svenska beslutet som gäller. "
            "Det här är en sammanfattning."
        ),
        said,
    ]
    if payment_date and outcome != Outcome.REJECTED:
        sentences.append(_("Pengarna betalas ut %(date)s.") % {"date": date_short(payment_date)})
    if superseded:
        sentences.append(_("Beslutet har ersatts av ett senare beslut."))
        return sentences
    if utover == "all":
        sentences.append(
            _(
                "Beslutet gäller bistånd utöver det du har rätt till enligt lagen. Det kan inte "
                "överklagas till förvaltningsrätten. Om du är medlem i kommunen kan du begära "
                "laglighetsprövning: då prövar förvaltningsrätten bara om beslutet följer lagen. "
                "Hur du gör och inom vilken tid står i beslutet."
            )
        )
        return sentences
    sentences.append(
        _(
            "Om du inte håller med kan du överklaga beslutet till förvaltningsrätten. "
            "Skicka överklagandet till oss, inte till domstolen, eller överklaga på Min sida. "
            "Skriv vilket beslut du överklagar, hur du vill att det ändras och varför."
        )
    )
    if utover == "part":
        sentences.append(
            _(
                "En del av beslutet gäller bistånd utöver det du har rätt till enligt lagen. Den "
                "delen kan inte överklagas, bara laglighetsprövas. Beslutet säger vilken del det "
                "är och hur du gör."
            )
        )
    if last_day:
        sentences.append(_("Sista dag att överklaga: %(date)s.") % {"date": date_short(last_day)})
    else:
        sentences.append(_("Du har tre veckor på dig att överklaga från den dag du fick beslutet."))
    return sentences
