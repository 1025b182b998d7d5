"""Months, dates and amounts on a citizen's pages in the reader's language (docs/adr/0245).

Min sida is put together from panels of several apps; each panel and each citizen page reachable
from it (letters, payments and stickprov, meetings, the plan, appeals, messages, Mina uppgifter,
the receipt, komplettering) is rendered in English and Arabic for the demo's synthetic citizens
(the demo data: synthetic generator, history builder, every scenario), and must show no Swedish
month name ("december 2026") and no amount in the Swedish number form ("7 100 kr", "250,00 kr";
in Arabic no "kr" at all) outside the parts marked ``lang="sv"``: the decision letter and the
decision's own sentences, which stay Swedish by design (ADR 0195).

Until the coordinator folds docs/changes/lang.ar.po into the catalogue, the Arabic unit
("كرونة") is missing and the Arabic half fails: that is the catalogue's completeness, as in
test_citizen_translations.py.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from bistand.accounts.models import Role, User
from bistand.applications import forms as application_forms
from bistand.cases.models import Case
from bistand.core.format import citizen_amount, citizen_kronor, kronor
from bistand.payments.models import PostCheck
from bistand.planning.models import ActionPlan, Meeting
from bistand.rules.income_types import DECLARED_INCOME_TYPES, INCOME_TYPES

from .citizen_format_check import citizen_urls, findings

NBSP = "\u00a0"


def test_amounts_in_the_readers_number_form():
    with translation.override("sv"):
        assert citizen_kronor(Decimal("7100")) == f"7{NBSP}100{NBSP}kr"
        assert citizen_amount(Decimal("7100.50")) == f"7{NBSP}100,50"
    with translation.override("en"):
        assert citizen_kronor(Decimal("7100")) == f"7,100{NBSP}kr"
        assert citizen_kronor(Decimal("-250.5")) == f"-250.50{NBSP}kr"
        assert citizen_amount(Decimal("1234567.89")) == "1,234,567.89"
        assert citizen_kronor(None) == "–"
    with translation.override("ar"):
        assert citizen_amount(Decimal("7100")) == "7,100"
    # The Swedish letter keeps the Swedish form whatever the page's language.
    with translation.override("en"):
        assert kronor(Decimal("7100")) == f"7{NBSP}100{NBSP}kr"


def test_the_checker_sees_swedish_forms_and_leaves_swedish_parts_alone():
    page = (
        '<html lang="en"><head><title>mars 2026</title></head><body>'
        "<p>Decision for December 2026: 7,100\u00a0kr, paid 2026-12-08.</p>"
        '<div lang="sv"><p>Försörjningsstöd beviljas med 7\u00a0100 kr för december 2026.</p>'
        "<ul><li>6 mars 2026</li></ul></div>"
        "<p>Call 08-123 456 78.</p></body></html>"
    )
    assert findings(page, "en") == []
    assert findings(page.replace("December 2026", "december 2026"), "en")
    assert findings(page.replace("7,100", "7\u00a0100"), "en")
    assert findings(page.replace("7,100", "250,00"), "en")
    assert findings(page, "ar")  # "kr" after a number on an Arabic page
    assert not findings(page.replace("kr, paid", "كرونة, paid"), "ar")


def test_every_income_question_is_named_for_the_catalogues():
    """The income step's labels come from the rules package; makemessages finds them only in
    applications.forms.INCOME_QUESTIONS_FOR_CATALOGUE."""
    questions = {INCOME_TYPES[k].question or INCOME_TYPES[k].label for k in DECLARED_INCOME_TYPES}
    assert questions <= set(application_forms.INCOME_QUESTIONS_FOR_CATALOGUE)


def _pattern(url: str) -> str:
    return re.sub(r"\d+", "N", url)


def _citizens() -> list[User]:
    """The demo's named citizens (new, continued, young adult, appeals, named contact, …), some
    with a stickprov, a plan or a meeting, and from the history some with many decisions and
    payments."""
    named = list(User.objects.filter(role=Role.CITIZEN, username__startswith="demo-"))
    case_ids = PostCheck.objects.order_by("pk").values_list("case_id", flat=True)[:2]
    with_checks = [c.applicant for c in Case.objects.filter(pk__in=list(case_ids))]
    planned = list(ActionPlan.objects.values_list("case_id", flat=True)[:1])
    planned += list(Meeting.objects.values_list("case_id", flat=True)[:1])
    with_plans = [c.applicant for c in Case.objects.filter(pk__in=planned)]
    history = list(
        User.objects.filter(role=Role.CITIZEN, username__startswith="hist-").order_by("pk")[:2]
    )
    found: dict[int, User] = {}
    for user in [*named, *with_checks, *with_plans, *history]:
        found.setdefault(user.pk, user)
    return list(found.values())


@pytest.mark.django_db
def test_no_swedish_month_or_amount_on_english_and_arabic_citizen_pages():
    call_command("demo_data")
    problems: list[str] = []
    rendered = 0
    seen_patterns: set[str] = set()
    for user in _citizens():
        client = Client()
        client.force_login(user)
        # Min sida and the pages it links to, each kind of page at most twice per citizen.
        per_pattern: dict[str, int] = {}
        urls = []
        for url in citizen_urls(client):
            pattern = _pattern(url)
            per_pattern[pattern] = per_pattern.get(pattern, 0) + 1
            if per_pattern[pattern] <= 2:
                urls.append(url)
        for language in ("en", "ar"):
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            for url in urls:
                response = client.get(url)
                assert response.status_code < 500, (language, url)
                if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                    continue
                html = response.content.decode()
                assert f'<html lang="{language}"' in html, url
                rendered += 1
                seen_patterns.add(_pattern(url))
                problems += [
                    f"{language} {url} ({user.username}): …{found}…"
                    for found in findings(html, language)
                ]
    # The walk reached the pages the issue names.
    for expected in (
        "/min-sida/",
        "/min-sida/mina-uppgifter/",
        "/meddelanden/",
        "/overklaga/",
        "/beslut/N/",
        "/ansokan/N/kvitto/",
        "/min-sida/stickprov/N/",
        "/min-sida/mote/N/",
    ):
        assert expected in seen_patterns, (expected, sorted(seen_patterns))
    assert rendered > 50
    assert not problems, "\n".join(sorted(set(problems))[:40])


def test_a_month_on_min_sida_reads_in_the_page_language():
    """Spot check of the issue's example: an English page says "December 2026"."""
    with translation.override("en"):
        from bistand.core.format import citizen_month

        assert citizen_month(date(2026, 12, 1)) == "December 2026"
