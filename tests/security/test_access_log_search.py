"""The granskare searches the access log by person or case and period; only the granskare;
the search itself is access-logged; bad input gets a Swedish message at the field and is kept."""

from __future__ import annotations

import random
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bistand.accounts.models import Role, User
from bistand.audit.models import AccessAction, AccessLogEntry
from bistand.audit.services import access_log_record
from bistand.synthetic import personnummer as pnr

pytestmark = pytest.mark.django_db

URL = "/granskning/atkomstlogg/"
PERSON = pnr.generate(random.Random(11), date(1975, 3, 3))
OTHER = pnr.generate(random.Random(12), date(1977, 7, 7))


@pytest.fixture
def logged() -> None:
    reader = User.objects.create(username="r", role=Role.EKONOMISEKRETERARE, display_name="Rut")
    for subject, case in ((PERSON, "EB-2026-000001"), (OTHER, "EB-2026-000002")):
        access_log_record(
            user=reader,
            action=AccessAction.READ,
            object_type="application",
            object_id=1,
            reason="Handläggning av ansökan",
            case_number=case,
            subject=subject,
        )


def as_role(role: str) -> Client:
    client = Client()
    client.force_login(User.objects.create(username=f"u-{role}", role=role, display_name=role))
    return client


def today() -> str:
    return timezone.localdate().isoformat()


def test_url_and_staff_menu():
    assert reverse("audit:access_log_search") == URL
    page = as_role(Role.GRANSKARE).get(URL).content.decode()
    assert f'href="{URL}"' in page and "Åtkomstloggen" in page


@pytest.mark.parametrize("role", [r for r in Role if r != Role.GRANSKARE])
def test_only_the_granskare(role):
    assert as_role(role).get(URL).status_code == 403


def test_anonymous_goes_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/logga-in/")


def test_search_by_person_and_period_finds_only_that_person(logged):
    client = as_role(Role.GRANSKARE)
    response = client.post(URL, {"subject": PERSON, "period_start": today(), "period_end": today()})
    page = response.content.decode()
    assert response.status_code == 200
    assert "EB-2026-000001" in page and "EB-2026-000002" not in page
    assert "Rut" in page and "Handläggning av ansökan" in page
    # Ten-digit input is understood as the same person.
    ten = pnr.to_ten_digit(PERSON)
    again = client.post(URL, {"subject": ten, "period_start": today(), "period_end": today()})
    assert "EB-2026-000001" in again.content.decode()


def test_search_by_case_number(logged):
    page = as_role(Role.GRANSKARE).post(
        URL, {"case_number": "eb-2026-000002", "period_start": today(), "period_end": today()}
    )
    assert "EB-2026-000002" in page.content.decode()


def test_a_period_without_entries_says_so(logged):
    page = as_role(Role.GRANSKARE).post(
        URL, {"subject": PERSON, "period_start": "2020-01-01", "period_end": "2020-12-31"}
    )
    assert "Inga händelser i loggen" in page.content.decode()


def test_the_search_itself_is_in_the_access_log(logged):
    before = AccessLogEntry.objects.count()
    as_role(Role.GRANSKARE).post(
        URL, {"subject": PERSON, "period_start": today(), "period_end": today()}
    )
    assert AccessLogEntry.objects.count() == before + 1
    entry = AccessLogEntry.objects.order_by("-pk").first()
    assert entry is not None
    assert (entry.role, entry.object_type, entry.subject) == ("granskare", "access_log", PERSON)
    assert "Granskning" in entry.reason
    assert entry.request_id  # ties the entry to the request's log lines


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"subject": "", "case_number": ""},
            "subject",
            "Skriv ett personnummer eller ett ärendenummer.",
        ),
        ({"subject": "hej"}, "subject", "Personnumret ser inte rätt ut."),
        (
            {"subject": PERSON, "period_start": "1 maj"},
            "period_start",
            "Skriv datumet som ÅÅÅÅ-MM-DD",
        ),
        (
            {"subject": PERSON, "period_start": "2026-05-02", "period_end": "2026-05-01"},
            "period_end",
            "Slutdatumet kan inte vara före startdatumet.",
        ),
        (
            {"subject": PERSON, "period_start": "2010-01-01", "period_end": "2026-01-01"},
            "period_end",
            "Sök högst tre år åt gången.",
        ),
    ],
)
def test_bad_input_gets_a_message_at_the_field_and_is_kept(data, field, message):
    query = {"period_start": "2026-01-01", "period_end": "2026-01-31", **data}
    before = AccessLogEntry.objects.count()
    response = as_role(Role.GRANSKARE).post(URL, query)
    page = response.content.decode()
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in page and message in page
    for value in query.values():
        if value:
            assert f'value="{value}"' in page
    assert AccessLogEntry.objects.count() == before  # nothing searched, nothing logged


def test_the_search_is_posted_so_no_personnummer_is_in_a_url(logged):
    """Issue 13 item 3: a GET with the personnummer in the query string searches nothing and
    logs nothing; the form posts (the web server's access log never sees the personnummer)."""
    client = as_role(Role.GRANSKARE)
    before = AccessLogEntry.objects.count()
    page = client.get(URL, {"subject": PERSON, "period_start": today(), "period_end": today()})
    html = page.content.decode()
    assert page.status_code == 200 and "EB-2026-000001" not in html
    assert AccessLogEntry.objects.count() == before
    assert '<form method="post" action="/granskning/atkomstlogg/"' in html


def _search(client: Client, **extra: str):
    return client.post(
        URL,
        {"subject": PERSON, "period_start": today(), "period_end": today(), **extra},
    )


def test_what_is_said_in_swedish_with_a_link_paged_and_exportable():
    reader = User.objects.create(username="r2", role=Role.EKONOMISEKRETERARE, display_name="Rut")
    for n in range(60):
        access_log_record(
            user=reader,
            action=AccessAction.READ,
            object_type="kommunicering" if n % 2 else "decision_form",
            object_id=40 + n,
            reason="Handläggning av ansökan",
            case_number="EB-2026-000001",
            subject=PERSON,
        )
    granskare = as_role(Role.GRANSKARE)
    first = _search(granskare).content.decode()
    assert "kommunicering 99" not in first and "decision_form" not in first
    assert "Läste kommunicering om ansökan 99" in first
    assert 'href="/handlaggning/ansokan/99/"' in first
    assert "Sida 1 av 2" in first and 'name="sida" value="2"' in first
    second = _search(granskare, sida="2").content.decode()
    assert "Läste beslutsformulär för ansökan 40" in second
    exported = _search(granskare, format="csv")
    assert exported["Content-Type"].startswith("text/csv")
    rows = exported.content.decode("utf-8-sig").splitlines()
    assert rows[0].split(";")[3] == "Vad"
    # the header, the entries and the three searches (the export itself is logged first)
    assert len(rows) == 1 + 60 + 3
    assert "Exporterade åtkomstloggen" in rows[1]


def test_every_object_type_written_in_the_code_has_a_swedish_label():
    import re
    from pathlib import Path

    import bistand
    from bistand.audit.labels import OBJECT_LABELS

    root = Path(bistand.__file__).parent
    found: set[str] = set()
    for path in root.rglob("*.py"):
        text = path.read_text()
        found |= set(re.findall(r'object_type="([a-z_]+)"', text))
        found |= set(re.findall(r'what="([a-z_]+)"', text))
    assert {"claim", "kommunicering", "decision"} <= found
    assert found - set(OBJECT_LABELS) == set()
