"""Hostile ids in the URL: every URL of the access matrix that points at a record, filled with
ids that do not exist (0, an id beyond the database's integer range, a huge slug), asked for by
everyone in the world. Nobody gets a page for a record that does not exist, and nothing answers
with a server error (PostgreSQL refuses an integer beyond bigint; the views must not pass it on
unchecked)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.matrix.world import WHO, World, build
from tests.security.test_access_matrix_all import MATRIX

pytestmark = pytest.mark.django_db

HOSTILE_IDS = ["0", "9" * 25, "2147483648", "9223372036854775808"]
HOSTILE_SLUGS = ["x" * 300, "-", "digital-andel-x"]
# URLs whose numbers are not record ids: the session timer's stylesheet takes two numbers of
# seconds (capped at a day and a half) and is the same for everyone (core.views.session_timer_css).
NOT_RECORDS = {"core:session_timer"}


@pytest.fixture
def world(settings: Any) -> World:
    return build(settings)


def test_ids_that_do_not_exist_never_give_a_page_or_a_server_error(world):
    wrong = []
    tried = 0
    with_objects = {
        name: entry for name, entry in MATRIX.items() if entry.kwargs and name not in NOT_RECORDS
    }
    for name, entry in sorted(with_objects.items()):
        assert entry.kwargs is not None
        real = entry.kwargs(world)
        for index in range(len(HOSTILE_IDS)):
            kwargs = {
                key: HOSTILE_IDS[index] if isinstance(value, int) else HOSTILE_SLUGS[index % 3]
                for key, value in real.items()
            }
            url = reverse(name, kwargs=kwargs)
            for who in WHO:
                client = Client(raise_request_exception=False)
                if world.users[who] is not None:
                    client.force_login(world.users[who])
                response = getattr(client, entry.method)(url, entry.data)
                tried += 1
                location = response.headers.get("Location", "")
                if response.status_code >= 500 or response.status_code == 200:
                    wrong.append(f"{entry.method.upper()} {url} as {who}: {response.status_code}")
                elif response.status_code == 302 and entry.method == "get" and who != "anonymous":
                    wrong.append(f"GET {url} as {who}: redirect to {location}")
    summary = f"{len(with_objects)} URLs × {len(HOSTILE_IDS)} hostile ids × {len(WHO)} people"
    print(f"\nHostile ids: {summary} = {tried} requests, {len(wrong)} wrong")
    assert not wrong, summary + "\n" + "\n".join(wrong)


# Numbers read from the query string or a hidden field before any form sees them.
HOSTILE_NUMBERS = ["²", "٣", "9" * 25, "9" * 5_000, "-1", "1_0", " 7"]


def test_hostile_numbers_in_query_strings_and_hidden_fields(world, settings):
    settings.DEMO_LOGIN = True
    citizen, worker = world.users["citizen_a"], world.users["ekonomisekreterare"]
    journal = reverse("casework:journal", args=[world.routed.pk])
    asks = [
        (citizen, "get", reverse("messaging:new"), "arende", False),
        (worker, "get", journal, "tillagg", False),
        (worker, "post", journal, "amends", True),
        (None, "post", reverse("accounts:demo_login"), "user", True),
    ]
    wrong = []
    tried = 0
    for user, method, path, field, in_body in asks:
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        for value in HOSTILE_NUMBERS:
            if in_body:
                response = client.post(path, {field: value, "text": "Anteckning"})
            else:
                response = getattr(client, method)(path, {field: value})
            tried += 1
            if response.status_code >= 500:
                wrong.append(
                    f"{method.upper()} {path} {field}={value[:30]!r}: {response.status_code}"
                )
    print(f"\nHostile numbers: {tried} requests, {len(wrong)} server errors")
    assert not wrong, f"after {tried} requests:\n" + "\n".join(wrong)
