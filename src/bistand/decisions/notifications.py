"""Telling the citizen that a decision has been made.

The message says only that there is a decision and where to read it: no amounts, no names and
no personnummer travel by e-mail. The letter itself is on Min sida (e-ID login).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail

from bistand.cases import selectors as case_selectors
from bistand.core.format import month_label

from .models import Decision

SUBJECT = "Du har fått ett beslut från {municipality}"
BODY = (
    "Hej!\n\nDu har fått ett beslut om ekonomiskt bistånd för {period}. Logga in på Min sida "
    "för att läsa beslutet: {url}\n\nDet här meddelandet går inte att svara på. "
    "Skriv till oss på Min sida om du har frågor.\n\n{municipality}, socialnämnden\n"
)


def decision_notify(*, decision_id: int) -> int:
    """Send the notice to the applicant and partner who have an e-mail address; returns how many."""
    decision = Decision.objects.get(pk=decision_id)
    case = case_selectors.case_by_id(case_id=decision.case_id)
    if case is None:
        return 0
    recipients = [u.email for u in (case.applicant, case.partner) if u is not None and u.email]
    if not recipients:
        return 0
    municipality = settings.MUNICIPALITY_NAME
    body = BODY.format(
        period=month_label(decision.period_start),
        url=f"{settings.PUBLIC_BASE_URL.rstrip('/')}/min-sida/#beslut-{case.pk}",
        municipality=municipality,
    )
    subject = SUBJECT.format(municipality=municipality)
    return sum(
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients
    )
