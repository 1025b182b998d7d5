"""The queue pages in the database (issue 14 item 2, issue 16 item 5): whatever the sort and the
page size, every open item is on exactly one page and in the order a case worker expects; the
household-type filter; a reason filter finds both codes of a merged reason; the header counts
and the enhetschef's load per worker leave nothing out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bistand.applications.models import Application
from bistand.casework import selectors, services
from bistand.core import queue as core_queue
from bistand.decisions.models import Triage
from bistand.demo import casework as demo
from tests import factories
from tests.factories import client_for, this_month

SORTS = [code for code, _ in selectors.SORT_CHOICES]


def _routed(seed: int, *, hours_ago: int, channel: str = "digital"):
    return demo.routed_application(
        applicant=factories.citizen(f"scale-{seed}", seed=seed),
        month=this_month(),
        channel=channel,
        submitted_at=timezone.now() - timedelta(hours=hours_ago),
    )


def _set(application, *, reasons: list[str], partner: bool, children: int) -> None:
    answers = dict(application.answers)
    answers["household"] = {
        **answers.get("household", {}),
        "has_partner": partner,
        "children_count": children,
    }
    Application.objects.filter(pk=application.pk).update(answers=answers)
    Triage.objects.filter(application_id=application.pk).update(
        reasons=[{"code": code, "text": code} for code in reasons]
    )


@pytest.fixture
def queue(db, eva, erik):
    """Six applications (one overdue and claimed, one paper without reasons, two reasons that
    are one) and three other items: a message in the case of an application, and a message
    and an appeal in cases without one."""
    apps = [_routed(200 + n, hours_ago=h) for n, h in enumerate((80, 30, 20, 10, 5))]
    apps.append(_routed(205, hours_ago=15, channel="paper"))
    _set(apps[0], reasons=["changed_household"], partner=True, children=2)
    _set(apps[1], reasons=["household_changed", "rent_changed"], partner=False, children=0)
    _set(apps[2], reasons=["new_application"], partner=False, children=1)
    _set(apps[3], reasons=["rent_changed"], partner=True, children=0)
    _set(apps[4], reasons=["income_change"], partner=False, children=0)
    _set(apps[5], reasons=[], partner=False, children=0)
    services.claim_take(user=eva, application=apps[0])
    services.claim_take(user=erik, application=apps[3])
    now = timezone.now()

    def others() -> list[core_queue.QueueItem]:
        return [
            core_queue.QueueItem(
                kind="message",
                kind_label="Meddelande",
                title="Meddelande från den enskilde väntar på svar",
                url=f"/meddelanden/{n}/",
                case_number=number,
                received_at=now - timedelta(hours=hours),
                reasons=("Den enskilde har skrivit och väntar på svar från enheten.",),
            )
            for n, (number, hours) in enumerate(
                [(apps[2].case.number, 1), ("EB-X-000001", 25), ("EB-X-000002", 3)]
            )
        ] + [
            core_queue.QueueItem(
                kind="appeal",
                kind_label="Överklagande",
                title="Överklagande av beslut",
                url="/overklaganden/1/",
                case_number="EB-X-000003",
                received_at=now - timedelta(hours=12),
            )
        ]

    core_queue.queue_source(others)
    yield apps
    core_queue._SOURCES.remove(others)


def _ids(group: selectors.QueueGroup) -> list[str]:
    return [r.url for r in (group.lead, *group.others)]


def _all_pages(filters: selectors.QueueFilters, size: int) -> list[list[str]]:
    first = selectors.queue_page(filters=filters, page_size=size)
    groups = [_ids(g) for g in first.groups]
    for page in range(2, first.pages + 1):
        later = selectors.queue_page(
            filters=selectors.QueueFilters(**{**filters.__dict__, "page": page}), page_size=size
        )
        groups.extend(_ids(g) for g in later.groups)
    return groups


@pytest.mark.parametrize("sort", SORTS)
def test_every_item_is_on_exactly_one_page_in_every_sort(queue, sort):
    whole = selectors.queue_page(filters=selectors.QueueFilters(sort=sort), page_size=100)
    everything = [url for g in whole.groups for url in _ids(g)]
    assert len(everything) == len(set(everything)) == 6 + 4
    assert whole.matching == 9  # the message in an application's case is shown under it
    for size in (1, 2, 3, 4):
        assert _all_pages(selectors.QueueFilters(sort=sort), size) == [
            _ids(g) for g in whole.groups
        ]


def test_the_orders_a_case_worker_expects(queue):
    apps = queue
    urgent = selectors.queue_page(filters=selectors.QueueFilters(), page_size=100).groups
    due = [(g.lead.due_at, g.lead.received_at) for g in urgent]
    assert due == sorted(due)
    assert urgent[0].lead.application_id == apps[0].pk  # received 80 hours ago
    newest = selectors.queue_page(filters=selectors.QueueFilters(sort="nyast"), page_size=100)
    received = [g.lead.received_at for g in newest.groups]
    assert received == sorted(received, reverse=True)
    assert newest.groups[0].lead.url == "/meddelanden/2/"  # 3 hours ago, without an application
    by_case = selectors.queue_page(filters=selectors.QueueFilters(sort="arende"), page_size=100)
    numbers = [g.lead.case_number for g in by_case.groups]
    assert numbers == sorted(numbers)
    by_worker = selectors.queue_page(
        filters=selectors.QueueFilters(sort="handlaggare"), page_size=100
    ).groups
    assert [g.lead.claimed_by_label for g in by_worker[:2]] == ["Erik Ekonom", "Eva Ekonom"]
    by_reason = selectors.queue_page(filters=selectors.QueueFilters(sort="orsak"), page_size=100)
    labels = [
        g.lead.kind_label
        if not g.lead.reason_codes
        else selectors.reason_catalogue.label(g.lead.reason_codes[0])
        for g in by_reason.groups
    ]
    assert labels == sorted(labels)
    assert labels[0] == "Andra slags inkomster"  # income_change, merged with income_types_changed


def test_the_household_type_filter(queue, eva):
    apps = queue
    cases = {
        kind: [
            g.lead.application_id
            for g in selectors.queue_page(filters=selectors.QueueFilters(household=kind)).groups
        ]
        for kind in selectors.HOUSEHOLD_LABELS
    }
    assert cases == {
        "ensam": [apps[1].pk, apps[5].pk, apps[4].pk],
        "ensam_barn": [apps[2].pk],
        "par": [apps[3].pk],
        "par_barn": [apps[0].pk],
    }
    page = client_for(eva).get(reverse("casework:queue"), {"hushall": "par_barn"})
    text = page.content.decode()
    assert apps[0].case.number in text and apps[1].case.number not in text
    assert "Sammanboende med barn" in text
    assert '<option value="par_barn" selected>' in text


def test_a_reason_filter_finds_both_codes_of_a_merged_reason(queue, eva):
    apps = queue
    for code in ("household_changed", "changed_household"):
        found = selectors.queue_page(
            filters=selectors.QueueFilters.from_query({"orsak": code})
        ).groups
        assert [g.lead.application_id for g in found] == [apps[0].pk, apps[1].pk]
    paper = selectors.queue_page(filters=selectors.QueueFilters(reason="paper_application"))
    assert [g.lead.application_id for g in paper.groups] == [apps[5].pk]
    messages = selectors.queue_page(filters=selectors.QueueFilters(reason="message"))
    assert [g.lead.url for g in messages.groups] == [
        "/meddelanden/1/",
        "/meddelanden/2/",
        "/meddelanden/0/",
    ]
    choices = dict(selectors.queue_page(filters=selectors.QueueFilters()).reason_choices)
    assert "changed_household" not in choices and choices["household_changed"] == (
        "Hushållet har ändrats"
    )


def test_header_counts_overdue_filter_and_load_per_worker(queue, eva, erik):
    apps = queue
    page = selectors.queue_page(filters=selectors.QueueFilters(), with_workers=True)
    assert page.claimed == 2
    assert page.waiting == 4 + 4  # four applications nobody has taken, four other items
    overdue = selectors.queue_page(filters=selectors.QueueFilters(overdue=True)).groups
    everything = selectors.queue_rows()
    assert {url for g in overdue for url in _ids(g)} == {r.url for r in everything if r.overdue}
    load = {w.user_id: (w.claimed, w.overdue) for w in page.workers}
    received = Application.objects.get(pk=apps[0].pk).submitted_at
    eva_overdue = int(selectors.sla_due(received) < timezone.now())
    assert load[eva.pk] == (1, eva_overdue) and load[erik.pk] == (1, 0)
    assert page.waiting_overdue == sum(
        1 for r in everything if r.overdue and r.claimed_by_id is None
    )


def _case_page_queries(user, application) -> int:
    client = client_for(user)
    url = reverse("casework:case", args=[application.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_case_page_reads_a_fixed_number_of_times_however_long_the_history(eva, db):
    """No query per journal entry, event or completion request (N+1)."""
    application = _routed(300, hours_ago=2)
    services.claim_take(user=eva, application=application)
    services.journal_entry_add(author=eva, application=application, text="Ringde den enskilde.")
    few = _case_page_queries(eva, application)
    for n in range(8):
        entry = services.journal_entry_add(
            author=eva, application=application, text=f"Anteckning {n}."
        )
        services.journal_entry_add(
            author=eva, application=application, text=f"Tillägg {n}.", amends=entry
        )
        services.completion_request(
            user=eva,
            application=application,
            text=f"Skicka kontoutdrag {n}.",
            due_date=timezone.localdate() + timedelta(days=7),
        )
    many = _case_page_queries(eva, application)
    assert many == few
    assert few == 15  # a fixed budget: a new query on the case page is a decision, not a drift
