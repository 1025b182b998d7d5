"""Min sida with a long history (issue 16 item 5): the page reads a fixed number of times however
many months the citizen has, shows the newest rows of each history list with a link to the
rest, and the link shows everything."""

from __future__ import annotations

import random
import re
from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bistand.core import minsida
from bistand.demo.history import MonthPlan, build, citizens
from bistand.followup.metrics import add_months
from tests.factories import client_for

FIRST = date(2025, 1, 1)


def _citizen(months: int, seed: int):  # type: ignore[no-untyped-def]
    user = citizens(random.Random(seed), 1, prefix=f"mh{seed}")[0]
    build([(user, [MonthPlan(add_months(FIRST, i)) for i in range(months)])])
    return user


def _queries(client, path: str = "/min-sida/") -> tuple[int, str]:  # type: ignore[no-untyped-def]
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(path)
    assert page.status_code == 200
    # The page's reads; not the session's (saved again when a slow request crosses the
    # session timer's refresh).
    reads = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith("SELECT") and "django_session" not in q["sql"]
    ]
    return len(reads), page.content.decode()


def test_min_sida_reads_as_often_for_three_months_as_for_twenty_three(db):
    few, _ = _queries(client_for(_citizen(3, 1)))
    many, text = _queries(client_for(_citizen(23, 2)))
    assert many == few
    full, _ = _queries(client_for(_citizen(23, 2)), "/min-sida/?historik=alla")
    assert full == few
    assert "Beslut för " in text


def test_a_long_history_shows_the_newest_rows_and_links_to_all_of_them(db):
    user = _citizen(minsida.SHOWN + 5, 3)
    client = client_for(user)
    page = client.get("/min-sida/").content.decode()
    months = minsida.SHOWN + 5
    assert page.count("<strong>Beslut för ") == minsida.SHOWN
    for text in (
        f"Visa alla {months} beslut<",
        f"Visa alla {months} ansökningar",
        f"Visa alla {months} utbetalningar",
        f"Visa alla {months} beslut som du kan överklaga",
        "händelser i ärendet",
    ):
        assert text in page, text
    links = set(re.findall(r'href="(/min-sida/\?historik=alla#[^"]+)"', page))
    assert len(links) == 5
    full = client.get("/min-sida/?historik=alla").content.decode()
    assert full.count("<strong>Beslut för ") == months
    assert "Visa alla" not in full
    # The oldest month is on the whole page only.
    oldest = "januari 2025"
    assert oldest in full and oldest not in page


def test_a_short_history_has_no_links(db):
    page = client_for(_citizen(3, 4)).get("/min-sida/").content.decode()
    assert "Visa alla" not in page
    assert page.count("<strong>Beslut för ") == 3


def test_the_case_number_reads_left_to_right_on_an_arabic_min_sida(db):
    """In a right-to-left page the case number "EB-2026-000001" was reordered and broken at
    320 px ("-EB-2026 / 000001", found walking the demo): it is isolated left to right."""
    from django.conf import settings

    user = _citizen(2, 4)
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    page = client.get("/min-sida/").content.decode()
    assert 'dir="rtl"' in page
    from bistand.applications.models import Application

    number = Application.objects.filter(created_by=user).first().case.number  # type: ignore[union-attr]
    shown = re.findall(rf"(.{{0,40}}){re.escape(number)}", page)
    assert shown, page[:2000]
    # Wherever the number stands, it is isolated left to right.
    assert all(before.endswith('<bdi dir="ltr" class="case-ref">') for before in shown), shown
