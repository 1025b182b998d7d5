"""The permission matrix: every role (citizen and anonymous included) × every casework URL.

"Allowed" means the page or action answered (200, or a redirect that is not to the login
page); refused means 403 for a logged-in user and the login page for an anonymous visitor.
The expected sets are written out by hand: a change in who may do what must change this test.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from bistand.accounts.models import Role
from bistand.applications.models import Channel
from bistand.casework import demo, services

from .conftest import client_for, make_citizen, make_staff, this_month

E, A, S, C, G = (
    "ekonomisekreterare",
    "arbetsmarknadssekreterare",
    "socialsekreterare",
    "enhetschef",
    "granskare",
)
ALL_STAFF = {E, A, S, C, G}
DECIDERS = {E, C}
WHO = ["anonymous", "citizen", E, A, S, C, G]

# (url name, method, needs: "routed" | "paper" | None, allowed roles)
MATRIX = [
    ("casework:queue", "get", None, ALL_STAFF),
    ("casework:take_next", "post", None, DECIDERS),
    ("casework:case", "get", "routed", ALL_STAFF),
    ("casework:claim", "post", "routed", DECIDERS),
    ("casework:release", "post", "routed", DECIDERS),
    ("casework:decide", "get", "routed", DECIDERS),
    ("casework:completion", "get", "routed", DECIDERS),
    ("casework:journal", "get", "routed", {E, A, S, C}),
    ("casework:paper_start", "get", None, DECIDERS),
    ("casework:paper_step", "get", "paper", DECIDERS),
    ("casework:paper_check", "get", "paper", DECIDERS),
]


def _url(name: str, needs: str | None, db_objects: dict) -> str:
    if needs is None:
        return reverse(name)
    application = db_objects[needs]
    if name == "casework:paper_step":
        return reverse(name, args=[application.pk, "hushall"])
    return reverse(name, args=[application.pk])


@pytest.mark.parametrize("who", WHO)
def test_permission_matrix(db, who):
    citizen = make_citizen(11)
    routed = demo.routed_application(applicant=citizen, month=this_month())
    clerk = make_staff(Role.EKONOMISEKRETERARE, "Paper Clerk")
    paper = services.paper_application_start(
        staff=clerk, personnummer=make_citizen(12).personnummer or "", month=this_month()
    )
    assert paper.channel == Channel.PAPER
    objects = {"routed": routed, "paper": paper}
    user = None
    if who == "citizen":
        user = citizen
    elif who != "anonymous":
        user = make_staff(Role(who), "Tester")
    allowed = set()
    for name, method, needs, _ in MATRIX:
        client = client_for(user)
        response = getattr(client, method)(_url(name, needs, objects))
        location = response.headers.get("Location", "")
        refused = response.status_code in (403, 404) or location.startswith("/logga-in/")
        if not refused:
            assert response.status_code in (200, 302), (name, response.status_code)
            allowed.add(name)
        elif who == "anonymous":
            assert location.startswith("/logga-in/"), (name, response.status_code)
        else:
            assert response.status_code == 403, (name, response.status_code)
            assert "Ingen behörighet" in response.content.decode()
    expected = {name for name, _, _, roles in MATRIX if who in roles}
    assert allowed == expected
