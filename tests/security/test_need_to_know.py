"""Need-to-know (issue 13 item 5, ADR 0086). The arbetsmarknadssekreterare works from the plan and
the meetings: the case view (bank account, register incomes, calculation) and the decision
letters are refused, with a Swedish 403 page. In an emergency they may break the glass: the
reason they write opens the case once and is written to the access log, where the granskare
finds it. Who may use which URL is pinned by the all-URL access matrix; this tests the glass.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from bistand.accounts.models import Role, User
from bistand.audit.models import AccessLogEntry
from tests.security.matrix.world import World, build

pytestmark = pytest.mark.django_db

ACCOUNT_DIGITS = "Bankkonto"  # the case view's label for the payment account


@pytest.fixture
def world(settings) -> World:
    return build(settings)


def as_user(user: User | None) -> Client:
    client = Client()
    assert user is not None
    client.force_login(user)
    return client


def test_the_arbetsmarknadssekreterare_reads_plan_and_meetings_not_the_economy(world):
    am = as_user(world.users[Role.ARBETSMARKNADSSEKRETERARE.value])
    case = am.get(reverse("casework:case", args=[world.routed.pk]))
    assert case.status_code == 403
    html = case.content.decode()
    assert "Ärendet ingår inte i ditt uppdrag" in html and "Nödåtkomst" in html
    assert world.routed.case.applicant.personnummer not in html
    letter = am.get(reverse("decisions:letter", args=[world.decision.pk]))
    assert letter.status_code == 403 and "behörighet" in letter.content.decode()
    assert am.get(reverse("planning:case", args=[world.case.pk])).status_code == 200
    assert am.get(reverse("planning:meeting", args=[world.meeting.pk])).status_code == 200
    assert am.get(reverse("planning:plan_edit", args=[world.case.pk])).status_code == 200
    # Nothing of the case was read, so nothing is logged as a read of it.
    assert not AccessLogEntry.objects.filter(
        user_label__contains="Testsson", object_type="application", object_id=str(world.routed.pk),
        role=Role.ARBETSMARKNADSSEKRETERARE.value,
    ).exists()  # fmt: skip


def test_breaking_the_glass_needs_a_reason_and_the_reason_is_in_the_access_log(world):
    am_user = world.users[Role.ARBETSMARKNADSSEKRETERARE.value]
    am = as_user(am_user)
    url = reverse("casework:case", args=[world.routed.pk])
    before = AccessLogEntry.objects.count()
    short = am.post(url, {"reason": "behövs"})
    assert short.status_code == 400
    assert "minst 10 tecken" in short.content.decode()
    empty = am.post(url, {"reason": ""})
    assert empty.status_code == 400 and "Skriv varför" in empty.content.decode()
    assert AccessLogEntry.objects.count() == before

    reason = "Den sökande hotar att skada sig, jag behöver kontaktuppgifter och läget nu"
    opened = am.post(url, {"reason": reason})
    assert opened.status_code == 200
    html = opened.content.decode()
    assert "Nödåtkomst: du läser ärendet utanför ditt uppdrag" in html
    entry = AccessLogEntry.objects.order_by("-pk").first()
    assert entry is not None
    assert entry.role == Role.ARBETSMARKNADSSEKRETERARE.value
    assert entry.object_type == "application" and entry.object_id == str(world.routed.pk)
    assert entry.reason == f"Nödåtkomst: {reason}"
    assert entry.case_number == world.case.number
    # The glass opens once: the next plain visit is refused again.
    assert am.get(url).status_code == 403

    # The granskare finds the reason when searching the access log for the person.
    granskare = as_user(world.users[Role.GRANSKARE.value])
    from django.utils import timezone

    today = timezone.localdate().isoformat()
    found = granskare.post(
        reverse("audit:access_log_search"),
        {"case_number": world.case.number, "period_start": today, "period_end": today},
    )
    assert reason in found.content.decode()


def test_roles_with_the_need_to_know_read_without_a_reason(world):
    for role in (Role.EKONOMISEKRETERARE, Role.SOCIALSEKRETERARE, Role.ENHETSCHEF, Role.GRANSKARE):
        client = as_user(world.users[role.value])
        response = client.get(reverse("casework:case", args=[world.routed.pk]))
        assert response.status_code == 200, role
        assert "Nödåtkomst" not in response.content.decode()
        entry = AccessLogEntry.objects.order_by("-pk").first()
        assert entry is not None and entry.reason == "Handläggning av ansökan om ekonomiskt bistånd"
        # A POST is not a way around anything for them: the view takes GET only.
        assert client.post(reverse("casework:case", args=[world.routed.pk])).status_code == 405
