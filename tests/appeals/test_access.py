"""Access matrix: two citizens of different households, every staff role and anonymous × every
appeals URL. A citizen reaches only their own household's decisions and appeals."""

from __future__ import annotations

from datetime import date

import pytest

from bistand.accounts.models import Role
from bistand.appeals import services
from bistand.appeals.models import Appeal
from bistand.cases import services as case_services
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "owner",
    "partner",
    "other_citizen",
    *[r.value for r in Role if r != "citizen"],
]

# (page, method) → expected status per user. 302 to login for anonymous.
EXPECTED = {
    "citizen_index": {"owner": 200, "partner": 200, "other_citizen": 200, "staff": 404},
    # The partner joined the case after these decisions: no application names them, so they
    # neither appeal nor read the appeal (issue 13 item 2).
    "citizen_new": {"owner": 200, "partner": 404, "other_citizen": 404, "staff": 404},
    "citizen_detail": {"owner": 200, "partner": 404, "other_citizen": 404, "staff": 404},
    "staff_list": {"citizen": 404, "read": 200, "none": 403},
    "staff_detail": {"citizen": 404, "read": 200, "none": 403},
    "staff_handle": {"citizen": 404, "handle": 302, "read": 403, "none": 403},
}
HANDLE = {"ekonomisekreterare", "enhetschef"}
READ = HANDLE | {"socialsekreterare", "granskare"}


def expected(page: str, who: str) -> int:
    if who == "anonymous":
        return 302
    rule = EXPECTED[page]
    citizen = who in {"owner", "partner", "other_citizen"}
    if page.startswith("citizen"):
        return rule[who] if citizen else rule["staff"]
    if citizen:
        return rule["citizen"]
    if who in HANDLE and "handle" in rule:
        return rule["handle"]
    return rule["read"] if who in READ else rule["none"]


@pytest.fixture
def world(alice, bob):

    partner = factories.citizen("partner")
    decision = factories.decision(applicant=alice)
    case = case_services.case_get_or_open(applicant=alice)
    case_services.case_set_partner(case=case, partner=partner)
    fresh = factories.decision(applicant=alice, month=date(2026, 10, 1))
    other_decision = factories.decision(applicant=bob)
    appeal = services.appeal_submit(decision=decision, by=alice, wanted_change="x", reasons="y")
    users = {"owner": alice, "partner": partner, "other_citizen": bob}
    for role in Role:
        if role != Role.CITIZEN:
            users[role.value] = factories.staff(role)
    return {"users": users, "decision": fresh, "other": other_decision, "appeal": appeal}


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("page", list(EXPECTED))
def test_access_matrix(client, world, page, who):
    if who != "anonymous":
        client.force_login(world["users"][who])
    appeal = world["appeal"]
    url, data = {
        "citizen_index": ("/overklaga/", None),
        "citizen_new": (f"/overklaga/beslut/{world['decision'].pk}/", None),
        "citizen_detail": (f"/overklaga/{appeal.pk}/", None),
        "staff_list": ("/handlaggning/overklaganden/", None),
        "staff_detail": (f"/handlaggning/overklaganden/{appeal.pk}/", None),
        "staff_handle": (
            f"/handlaggning/overklaganden/{appeal.pk}/",
            {"action": "timeliness", "version": "1", "in_time": "yes"},
        ),
    }[page]
    response = client.post(url, data) if data else client.get(url)
    assert response.status_code == expected(page, who)
    if who == "anonymous":
        assert "/logga-in/" in response["Location"]
    if page == "staff_handle":
        appeal.refresh_from_db()
        assert (appeal.in_time is True) == (who in HANDLE)


def test_a_citizen_cannot_appeal_another_households_decision(client, world):
    client.force_login(world["users"]["owner"])
    response = client.post(
        f"/overklaga/beslut/{world['other'].pk}/", {"wanted_change": "x", "reasons": "y"}
    )
    assert response.status_code == 404
    assert Appeal.objects.count() == 1


def test_a_citizen_lists_only_their_households_appeals(client, world):
    services.appeal_submit(
        decision=world["other"], by=world["users"]["other_citizen"], wanted_change="x", reasons="y"
    )
    client.force_login(world["users"]["owner"])
    page = client.get("/overklaga/").content.decode()
    assert f"/overklaga/{world['appeal'].pk}/" in page
    other = Appeal.objects.exclude(pk=world["appeal"].pk).get()
    assert f"/overklaga/{other.pk}/" not in page


def test_staff_without_the_role_get_a_swedish_explanation(client, world):
    client.force_login(world["users"]["arbetsmarknadssekreterare"])
    response = client.get("/handlaggning/overklaganden/")
    assert response.status_code == 403
    assert "Du har inte behörighet" in response.content.decode()
