"""The queue as a work list (issue 14 item 2): paged on the server (no JavaScript), sortable and
filterable by plain GET, header counts without claimed items, other items of a case shown under
it, and the enhetschef hands out and moves applications and sees each worker's load. The number
of queries does not grow with the number of items."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bistand.casework import selectors, services
from bistand.casework.models import ClaimAction, ClaimLogEntry
from bistand.core import queue as core_queue
from bistand.demo import casework as demo
from tests import factories
from tests.factories import client_for, this_month


def _routed(seed: int, days_ago: int = 0):
    return demo.routed_application(
        applicant=factories.citizen(f"citizen-{seed}", seed=seed),
        month=this_month(),
        submitted_at=timezone.now() - timedelta(days=days_ago, minutes=seed),
    )


def test_header_counts_leave_out_claimed_items(eva, db):
    first, second, third = _routed(51), _routed(52), _routed(53)
    services.claim_take(user=eva, application=first)
    page = client_for(eva).get(reverse("casework:queue")).content.decode()
    assert "2 ärenden väntar på en handläggare" in page
    assert "1 ärende har en handläggare tagit." in page
    assert second.case.number in page and third.case.number in page


def test_the_queue_is_paged_and_sorted_on_the_server(eva, db):
    apps = [_routed(60 + n, days_ago=n) for n in range(5)]  # apps[4] oldest
    page = selectors.queue_page(filters=selectors.QueueFilters(), page_size=2)
    assert page.pages == 3 and page.matching == 5
    assert [g.lead.application_id for g in page.groups] == [apps[4].pk, apps[3].pk]
    last = selectors.queue_page(filters=selectors.QueueFilters(page=3), page_size=2)
    assert [g.lead.application_id for g in last.groups] == [apps[0].pk]
    newest = selectors.queue_page(filters=selectors.QueueFilters(sort="nyast"), page_size=2)
    assert [g.lead.application_id for g in newest.groups] == [apps[0].pk, apps[1].pk]
    # the page links carry the filters, so paging works without JavaScript
    response = client_for(eva).get(reverse("casework:queue"), {"sortera": "nyast", "alder": "1"})
    text = response.content.decode()
    assert apps[0].case.number not in text  # younger than one day
    assert apps[1].case.number in text


def test_filter_by_worker_and_unclaimed(eva, erik, db):
    mine, theirs, nobody = _routed(71), _routed(72), _routed(73)
    services.claim_take(user=eva, application=mine)
    services.claim_take(user=erik, application=theirs)
    client = client_for(eva)
    unclaimed = client.get(reverse("casework:queue"), {"handlaggare": "ingen"}).content.decode()
    assert nobody.case.number in unclaimed and mine.case.number not in unclaimed
    eriks = client.get(reverse("casework:queue"), {"handlaggare": str(erik.pk)}).content.decode()
    assert theirs.case.number in eriks and mine.case.number not in eriks


def test_other_items_of_a_case_are_grouped_under_its_application(eva, db):
    application = _routed(81)

    def messages() -> list[core_queue.QueueItem]:
        return [
            core_queue.QueueItem(
                kind="message",
                kind_label="Meddelande",
                title="Meddelande från den enskilde väntar på svar",
                url="/meddelanden/1/",
                case_number=application.case.number,
                received_at=timezone.now(),
                reasons=("Den enskilde har skrivit och väntar på svar från enheten.",),
            )
        ]

    core_queue.queue_source(messages)
    try:
        page = selectors.queue_page(filters=selectors.QueueFilters())
        assert page.matching == 1
        group = page.groups[0]
        assert group.lead.application_id == application.pk
        assert [r.kind for r in group.others] == ["message"]
        text = client_for(eva).get(reverse("casework:queue")).content.decode()
        assert "I samma ärende:" in text
    finally:
        core_queue._SOURCES.remove(messages)


def test_the_enhetschef_hands_out_and_moves_applications_and_sees_the_load(eva, erik, elin, db):
    application = _routed(91)
    url = reverse("casework:assign", args=[application.pk])
    refused = client_for(eva).post(url, {"handlaggare": str(eva.pk)})
    assert refused.status_code == 403
    client_for(elin).post(url, {"handlaggare": str(eva.pk)})
    assert selectors.claim_for(application_id=application.pk).claimed_by == eva
    client_for(elin).post(url, {"handlaggare": str(erik.pk)})
    assert selectors.claim_for(application_id=application.pk).claimed_by == erik
    actions = list(
        ClaimLogEntry.objects.filter(application_id=application.pk)
        .order_by("pk")
        .values_list("action", "by")
    )
    assert actions == [
        (ClaimAction.ASSIGNED, eva.pk),
        (ClaimAction.RELEASED, elin.pk),
        (ClaimAction.ASSIGNED, erik.pk),
    ]
    page = selectors.queue_page(filters=selectors.QueueFilters(), with_workers=True)
    load = {w.user_id: w.claimed for w in page.workers}
    assert load[erik.pk] == 1 and load[eva.pk] == 0
    text = client_for(elin).get(reverse("casework:queue")).content.decode()
    assert "Handläggarnas ärenden" in text
    assert (
        "Handläggarnas ärenden"
        not in client_for(eva).get(reverse("casework:queue")).content.decode()
    )


def _queue_queries(user) -> int:
    client = client_for(user)
    client.get(reverse("casework:queue"))  # session and first-request work
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("casework:queue")).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_number_of_items(elin, eva, db):
    for seed in range(101, 103):
        services.claim_take(user=eva, application=_routed(seed))
    few = _queue_queries(elin)
    for seed in range(103, 111):
        services.claim_take(user=eva, application=_routed(seed, days_ago=2))
    many = _queue_queries(elin)
    assert many == few
    # and a fixed budget (enhetschef, ekonomisekreterare): a new query on the queue is a
    # decision, not a drift; the enhetschef's list of workers is read once for the load, the
    # filter and the "Fördela" options
    assert (few, _queue_queries(eva)) == (14, 12)


def test_handing_out_starts_on_choose_and_dates_read_as_swedish(eva, elin, db):
    """The enhetschef's "Fördela" list for an unclaimed application starts on "Välj handläggare",
    so a slip of the button never hands it to whoever happens to be first; an empty choice is
    refused with a message. Dates in the table use Swedish month abbreviations ("6 dec")."""
    application = _routed(92)
    text = client_for(elin).get(reverse("casework:queue")).content.decode()
    select = text.split(f'id="id_assign_{application.pk}"', 1)[1].split("</select>", 1)[0]
    assert select.split("<option", 2)[1].startswith(' value="" selected>Välj handläggare<')
    response = client_for(elin).post(
        reverse("casework:assign", args=[application.pk]), {"handlaggare": ""}, follow=True
    )
    assert "Välj en handläggare." in response.content.decode()
    assert selectors.claim_for(application_id=application.pk) is None
    month = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"][
        timezone.localtime(application.submitted_at).month - 1
    ]
    assert f"{timezone.localtime(application.submitted_at).day} {month} " in text
