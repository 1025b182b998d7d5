"""Access as a matrix: every role (two citizens and anonymous included) against every planning
URL and record. Citizens reach only their own household's case; staff pages are 404 for
citizens; readers (granskare, ekonomisekreterare) read but never change; planners change."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bistand.audit.models import AccessLogEntry
from bistand.planning import services
from bistand.planning.models import IntensiveClient
from tests.factories import client_for

from .conftest import publish

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "alice", "bob", "ekonom", "arbetsmarknad", "social", "chef", "granskare"]

# url name → expected status per role for GET. alice's case; bob is another citizen.
GET_MATRIX = {
    "overview": {"anonymous": 302, "alice": 404, "bob": 404, "ekonom": 200, "arbetsmarknad": 200,
                 "social": 200, "chef": 200, "granskare": 200},
    "slot_new": {"anonymous": 302, "alice": 404, "bob": 404, "ekonom": 403, "arbetsmarknad": 200,
                 "social": 200, "chef": 200, "granskare": 403},
    "case": {"anonymous": 302, "alice": 404, "bob": 404, "ekonom": 200, "arbetsmarknad": 200,
             "social": 200, "chef": 200, "granskare": 200},
    "plan_edit": {"anonymous": 302, "alice": 404, "bob": 404, "ekonom": 403, "arbetsmarknad": 200,
                  "social": 200, "chef": 200, "granskare": 403},
    "meeting": {"anonymous": 302, "alice": 404, "bob": 404, "ekonom": 200, "arbetsmarknad": 200,
                "social": 200, "chef": 200, "granskare": 200},
    "intensive": {"anonymous": 302, "alice": 404, "bob": 404, "ekonom": 200, "arbetsmarknad": 200,
                  "social": 200, "chef": 200, "granskare": 200},
    "citizen_book": {"anonymous": 302, "alice": 200, "bob": 404, "ekonom": 404,
                     "arbetsmarknad": 404, "social": 404, "chef": 404, "granskare": 404},
}  # fmt: skip

# POSTs that change something: who may (302 after the change) and who may not.
POST_MATRIX = {
    # The ekonomisekreterare books when taking a new case (issue 14 item 6).
    "staff_book": {"anonymous": 302, "alice": 404, "bob": 404, "ekonom": "ok",
                   "arbetsmarknad": "ok", "social": "ok", "chef": "ok", "granskare": 403},
    "meeting": {"anonymous": 302, "alice": 404, "bob": 404, "ekonom": 403, "arbetsmarknad": "ok",
                "social": "ok", "chef": "ok", "granskare": 403},
    "intensive_end": {"anonymous": 302, "alice": 404, "bob": 404, "ekonom": 403,
                      "arbetsmarknad": 403, "social": "ok", "chef": "ok", "granskare": 403},
    "citizen_book": {"anonymous": 302, "alice": "ok", "bob": 404, "ekonom": 404,
                     "arbetsmarknad": 404, "social": 404, "chef": 404, "granskare": 404},
}  # fmt: skip


@pytest.fixture
def world(request, alice, bob, alice_case, ekonom, arbetsmarknad, social, chef, granskare):
    users = {
        "anonymous": None, "alice": alice, "bob": bob, "ekonom": ekonom,
        "arbetsmarknad": arbetsmarknad, "social": social, "chef": chef, "granskare": granskare,
    }  # fmt: skip
    meeting = services.meeting_book(slot_id=publish(social).pk, case=alice_case, by=social)
    entry = services.intensive_add(worker=social, case=alice_case, meetings_per_week=2, by=social)
    return {"users": users, "case": alice_case, "meeting": meeting, "entry": entry}


def url_for(name: str, world: dict) -> str:
    args = {
        "overview": [], "slot_new": [], "intensive": [],
        "case": [world["case"].pk], "plan_edit": [world["case"].pk],
        "staff_book": [world["case"].pk], "citizen_book": [world["case"].pk],
        "meeting": [world["meeting"].pk], "intensive_end": [world["entry"].pk],
    }[name]  # fmt: skip
    return reverse(f"planning:{name}", args=args)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(GET_MATRIX))
def test_get_matrix(world, name, role):
    response = client_for(world["users"][role]).get(url_for(name, world))
    assert response.status_code == GET_MATRIX[name][role]
    if response.status_code == 302:
        assert response["Location"].startswith("/logga-in/")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(POST_MATRIX))
def test_post_matrix(world, name, role):
    user = world["users"][role]
    payload = {
        "staff_book": lambda: {"slot": publish(world["users"]["chef"], hours=9).pk},
        "citizen_book": lambda: {"slot": publish(world["users"]["chef"], hours=9).pk},
        # Cancelling is possible before the meeting starts (held/not attended only after).
        "meeting": lambda: {
            "status": "cancelled",
            "notes": "",
            "version": world["meeting"].version,
        },
        "intensive_end": lambda: {"confirm": "yes"},
    }[name]()
    if name in {"staff_book", "citizen_book"}:
        # The case must have no upcoming meeting for a booking to be possible.
        world["meeting"].status = "cancelled"
        world["meeting"].save()
    response = client_for(user).post(url_for(name, world), payload)
    expected = POST_MATRIX[name][role]
    if expected == "ok":
        assert response.status_code == 302
        assert not response["Location"].startswith("/logga-in/")
    else:
        assert response.status_code == expected
        if name == "intensive_end":
            assert IntensiveClient.objects.get(pk=world["entry"].pk).ended_at is None


def test_every_staff_read_of_a_case_is_access_logged(world):
    case = world["case"]
    for role in ["ekonom", "arbetsmarknad", "granskare"]:
        user = world["users"][role]
        client = client_for(user)
        before = AccessLogEntry.objects.filter(user=user, action="read").count()
        client.get(url_for("case", world))
        client.get(url_for("meeting", world))
        entries = AccessLogEntry.objects.filter(user=user, action="read")
        assert entries.count() == before + 2
        assert set(entries.values_list("case_number", flat=True)) == {case.number}
        assert set(entries.values_list("subject", flat=True)) == {case.applicant.personnummer}


def test_citizen_reads_are_not_in_the_staff_access_log(world):
    client_for(world["users"]["alice"]).get(reverse("applications:min_sida"))
    assert not AccessLogEntry.objects.filter(user=world["users"]["alice"]).exists()
