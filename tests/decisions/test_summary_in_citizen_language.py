"""Swedish is the language of the decision; in English or Arabic the citizen also gets a summary of
what was decided in her language, beside the Swedish letter (issue 15 item 9, ADR 0195)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from bistand.decisions.models import Decision, Outcome
from bistand.decisions.summary import decision_summary

from .conftest import process, recurring_application

pytestmark = pytest.mark.usefixtures("registers_settings")


@pytest.fixture
def decided(citizen, worker) -> Decision:
    application = recurring_application(citizen, worker)
    process(application)
    return Decision.objects.get(application_id=application.pk)


def _in(language: str, client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language


def test_no_summary_in_swedish_the_letter_is_the_decision():
    with translation.override("sv"):
        assert (
            decision_summary(
                outcome=Outcome.GRANTED,
                amount=Decimal("7100"),
                period_start=date(2026, 3, 1),
                payment_date=date(2026, 3, 25),
                last_day=date(2026, 4, 15),
                superseded=False,
            )
            == []
        )


@pytest.mark.parametrize(
    ("outcome", "said"),
    [
        (Outcome.GRANTED, "You get financial assistance for March 2026: 7,100\u00a0kr."),
        (Outcome.PARTLY_GRANTED, "You get part of what you applied for for March 2026"),
        (Outcome.REJECTED, "You do not get financial assistance for March 2026."),
    ],
)
def test_the_english_summary_says_outcome_amount_month_and_last_day(outcome, said):
    with translation.override("en"):
        text = " ".join(
            decision_summary(
                outcome=outcome,
                amount=Decimal("7100") if outcome != Outcome.REJECTED else 0,
                period_start=date(2026, 3, 1),
                payment_date=date(2026, 3, 25),
                last_day=date(2026, 4, 15),
                superseded=False,
            )
        )
    assert "written in Swedish, and the Swedish decision is the one that applies" in text
    assert said in text
    assert "appeal the decision to the administrative court" in text
    assert "Last day to appeal: 2026-04-15." in text
    assert ("paid out on 2026-03-25" in text) == (outcome != Outcome.REJECTED)


def test_the_arabic_summary_is_arabic_with_the_numbers_in_the_readers_form():
    with translation.override("ar"):
        text = " ".join(
            decision_summary(
                outcome=Outcome.GRANTED,
                amount=Decimal("7100"),
                period_start=date(2026, 3, 1),
                payment_date=None,
                last_day=None,
                superseded=False,
            )
        )
    # The amount in the reader's number form (ADR 0245); its unit is the catalogue's "كرونة".
    assert "تحصل على المساعدة المالية" in text and "7,100\u00a0" in text and "2026" in text
    assert "7\u00a0100" not in text
    assert "ثلاثة أسابيع" in text  # no last day yet: three weeks from receipt


def test_min_sida_and_the_letter_page_in_arabic_show_the_summary_beside_the_swedish_letter(
    client, citizen, decided
):
    client.force_login(citizen)
    _in("ar", client)
    min_sida = client.get(reverse("applications:min_sida")).content.decode()
    assert '<html lang="ar" dir="rtl">' in min_sida
    assert "ملخص القرار" in min_sida  # Sammanfattning av beslutet
    letter = client.get(reverse("decisions:letter", args=[decided.pk])).content.decode()
    assert "ملخص القرار" in letter
    assert '<div class="letter-page" lang="sv" dir="ltr">' in letter
    assert "Försörjningsstöd beviljas" in letter  # the letter itself stays Swedish


def test_in_swedish_there_is_no_summary(client, citizen, decided):
    client.force_login(citizen)
    page = client.get(reverse("decisions:letter", args=[decided.pk])).content.decode()
    assert '<html lang="sv" dir="ltr">' in page
    assert "Sammanfattning av beslutet" not in page
