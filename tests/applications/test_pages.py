"""Validation at the field, hostile input, stale saves, the access matrix and draft purge."""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bistand.applications import events as application_events
from bistand.applications import services
from bistand.applications.models import Application, ApplicationKind, ApplicationStatus
from bistand.cases import services as case_services
from bistand.cases.models import CaseEvent

from .helpers import HOUSING, fill_alone, post_step, start_application, step_url

pytestmark = pytest.mark.django_db


def this_month() -> str:
    return f"{timezone.localdate():%Y-%m}"


@pytest.fixture
def draft(client, alice):
    client.force_login(alice)
    application = start_application(client, this_month())
    post_step(
        client,
        application,
        "hushall",
        {"has_partner": "no", "children_count": "1", "other_adults_count": "0"},
    )
    return application


def test_amount_errors_are_summarised_linked_and_keep_what_was_typed(client, draft):
    response = post_step(
        client,
        draft,
        "boende",
        {"housing_type": "rental", "rent": "-5", "household_electricity": "tolv"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Det finns fel i formuläret" in html
    assert 'href="#id_rent"' in html and 'href="#id_household_electricity"' in html
    assert "Beloppet kan inte vara negativt." in html
    assert 'id="id_rent_error"' in html
    assert 'aria-describedby="id_rent_helptext id_rent_error"' in html
    assert 'value="-5"' in html and 'value="tolv"' in html  # nothing typed is lost
    assert "<title>Fel:" in html
    draft.refresh_from_db()
    assert "housing" not in draft.answers


def test_required_radio_links_to_its_first_option(client, draft):
    html = post_step(client, draft, "boende", {"rent": "1"}).content.decode()
    assert 'href="#id_housing_type_0"' in html
    assert "Välj hur du bor." in html


def test_child_birth_date_must_be_before_the_month(client, draft):
    response = post_step(
        client,
        draft,
        "barn",
        {"c1_birth_date": "2999-01-01", "c1_lunch": "yes", "c1_lives": "umgange"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "kan inte vara efter den månad" in html
    assert 'value="2999-01-01"' in html


def test_each_childs_error_in_the_summary_names_the_child_and_links_to_the_field(client, draft):
    """Found walking the demo: with two children the summary said "Datumet finns inte" twice over
    without saying for which child. Each message now starts with the child and links to the
    field; the message at the field, inside the child's own group, stays as it was."""
    post_step(
        client,
        draft,
        "hushall",
        {"has_partner": "no", "children_count": "2", "other_adults_count": "0"},
    )
    year = timezone.localdate().year - 5
    response = post_step(
        client,
        draft,
        "barn",
        {
            "c1_birth_date": f"{year}-03-01",
            "c1_lunch": "yes",
            "c1_lives": "full",
            "c1_incomes": ["none"],
            "c2_birth_date": f"{year}-02-30",
            "c2_lives": "full",
            "c2_incomes": ["none"],
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    summary = html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)
    assert links == [
        ("id_c2_birth_date", "Barn 2: Datumet finns inte. Skriv födelsedatumet som ÅÅÅÅ-MM-DD."),
        ("id_c2_lunch_0", "Barn 2: Svara om barnet äter lunch i förskolan eller skolan."),
    ]
    for anchor, _message in links:
        assert f'id="{anchor}"' in html  # the link lands on the field
    at_field = re.search(r'id="id_c2_birth_date_error">(.*?)</p>', html, re.S).group(1)
    assert "Datumet finns inte" in at_field and "Barn 2:" not in at_field


def test_bank_account_is_validated(client, draft):
    html = post_step(
        client, draft, "utbetalning", {"clearing": "6000", "account": "123456780"}
    ).content.decode()
    assert "kontrollsiffran" in html
    html = post_step(
        client, draft, "utbetalning", {"clearing": "12", "account": "1"}
    ).content.decode()
    assert "Clearingnumret" in html


def test_need_amount_requires_a_reason(client, draft):
    post_step(client, draft, "behov", {"needs": ["glasses"]})
    html = post_step(client, draft, "behov-glasogon", {"glasses_amount": "1 200"}).content.decode()
    assert "Skriv varför du behöver det." in html


def test_consent_requires_the_declaration(client, draft):
    response = post_step(client, draft, "samtycke", {"registers": "no"})
    assert response.status_code == 400
    assert "Du måste intyga" in response.content.decode()
    page = client.get(step_url(draft, "samtycke")).content.decode()
    for source in [
        "Arbetsförmedlingen",
        "CSN",
        "Försäkringskassan",
        "Skatteverket",
        "a-kassan",
        "Pensionsmyndigheten",
        "Transportstyrelsen",
        "Migrationsverket",
    ]:
        assert source in page
    assert "15 kap. 10–12 §§" in page and "2008:975" in page


HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "A" * 100_000,
    "text\x00null",
    "bell\x07",
    "{{ 7*7 }}{% debug %}",
    "' OR 1=1 --",
    "\u202e\u200b",
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_input_is_never_a_server_error_and_always_escaped(client, draft, payload):
    fields = {
        "hushall": ["has_partner", "partner_personnummer", "children_count"],
        "barn": ["c1_birth_date", "c1_lunch", "c1_lives", "c1_incomes"],
        "boende": ["housing_type", *HOUSING],
        "inkomster": ["a1_sources"],
        "tillgangar": ["bank_balance", "has_vehicle", "other_assets"],
        "sysselsattning": ["a1_situation", "a1_details"],
        "behov": ["needs"],
        "utbetalning": ["clearing", "account"],
        "samtycke": ["registers", "truthful"],
    }
    for slug, names in fields.items():
        response = post_step(client, draft, slug, dict.fromkeys(names, payload))
        assert response.status_code in (200, 302, 400), (slug, response.status_code)
        html = response.content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "<img src=x" not in html
    # Free text that passes validation is stored as typed and shown escaped on the check page.
    if "\x00" not in payload and "\x07" not in payload and len(payload) < 1000:
        post_step(
            client,
            draft,
            "tillgangar",
            {"bank_balance": "0", "has_vehicle": "no", "other_assets": payload},
        )
        draft.refresh_from_db()
        assert draft.answers["assets"]["other_assets"] == payload.strip()
        html = client.get(reverse("applications:check", args=[draft.pk])).content.decode()
        assert "<script>alert(1)</script>" not in html and "<img src=x" not in html


def test_wrong_types_in_the_url_or_version_are_not_server_errors(client, draft):
    assert client.get(f"/ansokan/{draft.pk}/finns-inte/").status_code == 404
    assert client.get("/ansokan/99999999/hushall/").status_code == 404
    response = client.post(step_url(draft, "boende"), {**HOUSING, "version": "x"})
    assert response.status_code == 409


def test_stale_save_keeps_what_was_typed_and_saves_on_the_second_try(client, draft):
    draft.refresh_from_db()
    old_version = draft.version
    services.application_save_answers(
        application=draft, version=draft.version, answers={"housing": {"rent": "5000.00"}}
    )
    response = client.post(
        step_url(draft, "boende"), {**HOUSING, "rent": "7 777", "version": str(old_version)}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Ansökan ändrades någon annanstans" in html
    assert 'value="7 777"' in html
    draft.refresh_from_db()
    assert draft.answers["housing"]["rent"] == "5000.00"
    fresh_version = html.split('name="version" value="')[1].split('"')[0]
    assert int(fresh_version) == draft.version
    response = client.post(
        step_url(draft, "boende"), {**HOUSING, "rent": "7 777", "version": fresh_version}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.answers["housing"]["rent"] == "7777.00"


def test_stale_submit_shows_the_latest_answers(client, alice):
    client.force_login(alice)
    application = start_application(client, this_month())
    fill_alone(client, application)
    application.refresh_from_db()
    response = client.post(
        reverse("applications:check", args=[application.pk]),
        {"version": application.version - 1},
    )
    assert response.status_code == 409
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_every_page_says_when_the_session_ends(client, draft):
    html = client.get(step_url(draft, "boende")).content.decode()
    assert "Du loggas ut efter 30 minuter" in html
    assert "<script>" not in html.replace(
        '<script src="/static/bistand/session.js" defer></script>', ""
    )
    # The server ends the session after 30 idle minutes (tests/security/test_session_limits.py);
    # the cookie itself lives no longer than the longest session lifetime.
    assert client.session.get_expiry_age() <= 12 * 60 * 60


# --- Access matrix -------------------------------------------------------------------------------


@pytest.fixture
def world(alice, bob, carol, staff):
    """Alice applies with Bob as her partner (awaiting his confirmation); Carol has her own
    draft. Returns the URLs of each household."""
    client = Client()
    client.force_login(alice)
    a_app = start_application(client, this_month())
    fill_alone(client, a_app)
    post_step(
        client,
        a_app,
        "hushall",
        {
            "has_partner": "yes",
            "partner_personnummer": bob.personnummer,
            "children_count": "0",
            "other_adults_count": "0",
        },
    )
    post_step(client, a_app, "sysselsattning", {"a1_situation": "working", "p1_situation": "sick"})
    post_step(client, a_app, "inkomster", {"a1_sources": ["salary"], "p1_sources": ["none"]})
    a_app.refresh_from_db()
    client.post(reverse("applications:check", args=[a_app.pk]), {"version": a_app.version})
    a_app.refresh_from_db()
    assert a_app.status == ApplicationStatus.AWAITING_PARTNER
    client.force_login(carol)
    c_app = start_application(client, this_month())
    return {"alice": a_app, "carol": c_app}


def urls_for(application: Application) -> dict[str, str]:
    return {
        "step": step_url(application, "hushall"),
        "check": reverse("applications:check", args=[application.pk]),
        "receipt": reverse("applications:receipt", args=[application.pk]),
        "confirm": reverse("applications:partner_confirm", args=[application.pk]),
    }


# who → whose application → page → allowed (status not 404/302-to-login)
@pytest.mark.parametrize("who", ["alice", "bob", "carol", "staff", "anonymous"])
@pytest.mark.parametrize("whose", ["alice", "carol"])
@pytest.mark.parametrize("page", ["step", "check", "receipt", "confirm"])
def test_access_matrix(client, world, who, whose, page, request):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    url = urls_for(world[whose])[page]
    response = client.get(url)
    household = {"alice": {"alice", "bob"}, "carol": {"carol"}}[whose]
    if who == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith("/logga-in/")
    elif who not in household:
        assert response.status_code == 404, (who, whose, page)
        # A page that takes GET only answers a POST with 405 whoever asks (it says nothing about
        # the application); the others refuse with 404.
        expected = {404, 405} if page == "receipt" else {404}
        assert client.post(url, {"version": "1", "truthful": "on"}).status_code in expected
    elif page == "confirm" and who != "bob":
        # Only the partner confirms; the applicant is sent on or refused, never confirms.
        assert response.status_code in (302, 404)
    elif page in ("step", "check") and who == "bob":
        # Only the applicant edits and submits (issue 13 item 2): the partner gets 404.
        assert response.status_code == 404, (who, whose, page)
        assert client.post(url, {"version": "1", "has_partner": "no"}).status_code == 404
    else:
        assert response.status_code in (200, 302), (who, whose, page, response.status_code)
    world[whose].refresh_from_db()
    expected = ApplicationStatus.AWAITING_PARTNER if whose == "alice" else ApplicationStatus.DRAFT
    assert world[whose].status == expected


@pytest.mark.parametrize("who", ["alice", "bob", "carol", "staff", "anonymous"])
def test_min_sida_and_start_matrix(client, world, who, request):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    for url in [reverse("applications:min_sida"), reverse("applications:start")]:
        response = client.get(url)
        if who == "anonymous":
            assert response.status_code == 302
        elif who == "staff":
            assert response.status_code == 404
        else:
            assert response.status_code == 200
    if who in ("alice", "bob", "carol"):
        html = client.get(reverse("applications:min_sida")).content.decode()
        own = world["carol"] if who == "carol" else world["alice"]
        other = world["alice"] if who == "carol" else world["carol"]
        assert own.case.number in html
        assert other.case.number not in html


# --- Draft retention ---------------------------------------------------------------------------


def test_purge_expired_drafts_withdraws_and_removes_answers(alice, settings):
    settings.APPLICATION_DRAFT_DAYS = 30
    case = case_services.case_get_or_open(applicant=alice)
    from datetime import date

    old = services.application_start(
        case=case,
        month=date(2026, 1, 1),
        created_by=alice,
        kind=ApplicationKind.NEW,
        answers={"housing": {"rent": "1.00"}},
    )
    fresh = services.application_start(
        case=case, month=date(2026, 2, 1), created_by=alice, kind=ApplicationKind.NEW
    )
    Application.objects.filter(pk=old.pk).update(
        draft_expires_at=timezone.now() - timedelta(days=1)
    )
    out = StringIO()
    call_command("purge_expired_drafts", stdout=out)
    assert "Purged 1" in out.getvalue()
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == ApplicationStatus.WITHDRAWN and old.answers == {}
    assert fresh.status == ApplicationStatus.DRAFT
    assert CaseEvent.objects.filter(application=old, kind=application_events.WITHDRAWN).count() == 1
    call_command("purge_expired_drafts", stdout=StringIO())
    assert CaseEvent.objects.filter(application=old, kind=application_events.WITHDRAWN).count() == 1
    # The month is free again for a new application.
    services.application_start(
        case=case, month=date(2026, 1, 1), created_by=alice, kind=ApplicationKind.NEW
    )


def test_draft_expiry_follows_the_setting(client, alice, settings):
    settings.APPLICATION_DRAFT_DAYS = 5
    client.force_login(alice)
    application = start_application(client, this_month())
    left = application.draft_expires_at - timezone.now()
    assert timedelta(days=4, hours=23) < left <= timedelta(days=5)
