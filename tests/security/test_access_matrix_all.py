"""The access matrix over EVERY URL of the project (issue 8, "Authorisation as code"): the single
source of truth for who may use which URL (the role table of docs/adr/0086-need-to-know.md).

One table: for each URL name of the URL configuration, the arguments that point it at household
A's objects and the exact set of people allowed through. Everyone in the world knocks on every
URL: anonymous, citizen A, A's partner A2, citizen B of another household, and one staff member
per role. The allowed get the entry's status (200 for a page); everyone else is refused: an
anonymous visitor is sent to the login page, a logged-in person gets 403 or 404. Never 200 to the
wrong person, never a 500.

The table is checked against the URL configuration (walked recursively): a URL pattern without an
entry fails the test and names it, and so does an entry whose URL no longer exists. Each request
runs in a transaction that is rolled back, so the world is the same for every knock.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.security.matrix.world import WHO, World, build

pytestmark = pytest.mark.django_db

ANON = "anonymous"
A, A2, B = "citizen_a", "partner_a2", "citizen_b"
E, AM, S, C, G = (
    "ekonomisekreterare",
    "arbetsmarknadssekreterare",
    "socialsekreterare",
    "enhetschef",
    "granskare",
)
EVERYONE = frozenset(WHO)
HOUSEHOLD_A = frozenset({A, A2})
CITIZENS = frozenset({A, A2, B})
STAFF = frozenset({E, AM, S, C, G})
# Staff who read a household's economy (bank account, register incomes, amounts): ADR 0086.
NEED_TO_KNOW = STAFF - {AM}
NOBODY: frozenset[str] = frozenset()

Kwargs = Callable[[World], dict[str, Any]]


@dataclass(frozen=True)
class Entry:
    """Who may use one URL. `allowed` get `ok` (a redirect must not go to the login page);
    `method` is how the URL is used (POST-only actions are POSTed with `data`)."""

    allowed: frozenset[str]
    kwargs: Kwargs | None = None
    ok: int = 200
    method: str = "get"
    data: dict[str, str] = field(default_factory=dict)
    anonymous_refusal: int = 302  # the login page; the metrics endpoint answers 401 instead


def pk(attr: str, key: str = "pk") -> Kwargs:
    return lambda w: {key: getattr(w, attr).pk}


def _supplement_kwargs(w: World) -> dict[str, Any]:
    from bistand.applications import services as application_services

    if "supplement" not in w.extra:
        w.extra["supplement"] = application_services.supplement_add(
            application=w.routed, by=w.routed.case.applicant, text="Min hyra har höjts."
        )
    return {"pk": w.routed.pk, "supplement_id": w.extra["supplement"].pk}


def _supplement_document_kwargs(w: World) -> dict[str, Any]:
    from bistand.applications import services as application_services

    if "supplement_document" not in w.extra:
        supplement = application_services.supplement_add(
            application=w.routed,
            by=w.routed.case.applicant,
            text="",
            files=[("kvitto.pdf", [b"%PDF-1.4 synthetic receipt"])],
        )
        w.extra["supplement_document"] = (supplement, supplement.documents.get())
    supplement, document = w.extra["supplement_document"]
    return {"pk": w.routed.pk, "supplement_id": supplement.pk, "document_id": document.pk}


def _delegate(w: World) -> dict[str, Any]:
    """The case worker who made household A's decision, in the month it was made."""
    return {
        "month": f"{timezone.localtime(w.decision.decided_at):%Y-%m}",
        "key": f"user-{w.decision.decided_by_id}",
    }


MATRIX: dict[str, Entry] = {
    # Public pages and the login machinery.
    # Back to the page the visitor came from (POST only, the form in the page header).
    "set_language": Entry(EVERYONE, ok=302, method="post", data={"language": "sv"}),
    "accounts:login": Entry(EVERYONE),
    "accounts:demo_login": Entry(EVERYONE),  # only when DEMO_LOGIN is on (off in production)
    "accounts:logout": Entry(EVERYONE, method="post", ok=302),
    "accounts:oidc_citizen_login": Entry(EVERYONE, ok=302),  # to the e-ID provider
    "accounts:oidc_staff_login": Entry(EVERYONE, ok=302),
    # A callback without the provider's state logs nobody in: back to the login page, for all.
    "accounts:oidc_citizen_callback": Entry(NOBODY),
    "accounts:oidc_staff_callback": Entry(NOBODY),
    "core:start": Entry(EVERYONE),
    "core:about": Entry(EVERYONE),
    "core:accessibility": Entry(EVERYONE),
    "core:health": Entry(EVERYONE),
    "core:ready": Entry(EVERYONE),
    "core:session_ended": Entry(EVERYONE),  # says why a session ended; nothing personal
    # The stylesheet that warns before a session ends without JavaScript: two numbers, no data.
    "core:session_timer": Entry(EVERYONE, lambda w: {"warn": 1680, "end": 1800}),
    "core:metrics": Entry(STAFF, anonymous_refusal=401),  # or the scraper's bearer token
    # The e-service and Min sida: citizens, and for a household's records only that household.
    "applications:min_sida": Entry(CITIZENS),
    "applications:start": Entry(CITIZENS),
    # Only the applicant edits and submits (issue 13 item 2): the partner never opens the draft.
    "applications:check": Entry(frozenset({A}), pk("draft")),
    # Last month's application was sent before A2 joined: it does not name A2, so A2 never
    # reads it (nor its decision, appeal or satisfaction question below).
    "applications:receipt": Entry(frozenset({A}), pk("decided")),
    "applications:receipt_pdf": Entry(frozenset({A}), pk("decided")),
    # Only the partner the application names confirms or declines it; the applicant is refused.
    "applications:partner_confirm": Entry(frozenset({A2}), pk("awaiting")),
    # Withdrawing and adding to a sent application (issue 15 item 5): the applicant only.
    "applications:withdraw": Entry(frozenset({A}), pk("routed")),
    "applications:supplement": Entry(frozenset({A}), pk("routed")),
    # The empty draft sends its applicant to the first unanswered step.
    "applications:step": Entry(
        frozenset({A}), lambda w: {"pk": w.draft.pk, "slug": "hushall"}, ok=302
    ),
    # Decision letters: the citizens the application names and the staff with the need-to-know
    # (ADR 0086: not the arbetsmarknadssekreterare, who works from the plan and the meetings).
    "decisions:letter": Entry(frozenset({A}) | NEED_TO_KNOW, pk("decision", "decision_id")),
    "decisions:letter_pdf": Entry(frozenset({A}) | NEED_TO_KNOW, pk("decision", "decision_id")),
    # Återkrav and nödprövning letters: their addressees (the återkrav of A's decision made
    # before A2 joined is addressed to A only) and staff with the need-to-know.
    "decisions:standalone_letter": Entry(
        frozenset({A}) | NEED_TO_KNOW, lambda w: {"letter_id": w.extra["recovery_letter"].pk}
    ),
    "decisions:standalone_letter_pdf": Entry(
        frozenset({A}) | NEED_TO_KNOW, lambda w: {"letter_id": w.extra["recovery_letter"].pk}
    ),
    "decisions:standalone_delivery_record": Entry(
        frozenset({E, C}),
        lambda w: {"letter_id": w.extra["recovery_letter"].pk},
        method="post",
        ok=302,
        data={"received_on": "2026-01-01"},
    ),
    # Nödprövning: those who decide ekonomiskt bistånd.
    "casework:emergency_new": Entry(frozenset({E, C})),
    "casework:emergency": Entry(frozenset({E, C}), lambda w: {"pk": w.extra["emergency"].pk}),
    # Payments: ekonomisekreterare and enhetschef handle them, the granskare reads.
    "payments:overview": Entry(frozenset({E, C, G})),
    "payments:register_return": Entry(frozenset({E, C, G})),
    "payments:desk": Entry(frozenset({E, C, G})),
    "payments:status_import": Entry(frozenset({E, C, G})),
    "payments:order": Entry(frozenset({E, C, G}), lambda w: {"order_id": w.extra["order"].pk}),
    "payments:run_attest": Entry(
        frozenset({E, C}),
        lambda w: {"run_id": w.extra["open_run"].pk},
        method="post",
        ok=302,
    ),
    "payments:run_file": Entry(frozenset({E, C}), lambda w: {"run_id": w.extra["attested_run"].pk}),
    "payments:run_sent": Entry(
        frozenset({E, C}),
        lambda w: {"run_id": w.extra["attested_run"].pk},
        method="post",
        ok=302,
    ),
    "payments:record_claim": Entry(frozenset({E, C, G})),
    "payments:claim": Entry(
        frozenset({E, C, G}), lambda w: {"claim_id": w.extra["recovery_claim"].pk}
    ),
    "payments:post_checks": Entry(frozenset({E, C, G})),
    "payments:post_check": Entry(frozenset({E, C, G}), pk("post_check", "post_check_id")),
    "payments:post_check_document": Entry(
        frozenset({E, C, G}),
        lambda w: {
            "post_check_id": w.post_check.pk,
            "document_id": w.extra["post_check_document"].pk,
        },
    ),
    # The stickprov request and upload on Min sida: the household whose decision it is.
    "payments:citizen_post_check": Entry(HOUSEHOLD_A, pk("post_check", "post_check_id")),
    # Case work.
    "casework:queue": Entry(STAFF),
    "casework:take_next": Entry(frozenset({E, C}), method="post", ok=302),
    # The case view (bank account, register incomes, calculation): need-to-know (ADR 0086).
    # The arbetsmarknadssekreterare gets a 403 page where they may break the glass with a reason
    # (tests/security/test_need_to_know.py).
    "casework:case": Entry(NEED_TO_KNOW, pk("routed")),
    "casework:claim": Entry(frozenset({E, C}), pk("routed"), method="post", ok=302),
    "casework:release": Entry(frozenset({E, C}), pk("routed"), method="post", ok=302),
    # Handing out and moving applications between case workers: the enhetschef only.
    "casework:assign": Entry(frozenset({C}), pk("routed"), method="post", ok=302),
    "casework:decide": Entry(frozenset({E}), pk("routed")),  # the one who has claimed it
    # Asking the household for more papers: any decider while the application is in the queue,
    # whoever has claimed it (casework.access.can_request_completion).
    "casework:completion": Entry(frozenset({E, C}), pk("routed")),
    "casework:kommunicering": Entry(frozenset({E, C}), pk("routed")),
    # Material for kommunicering (FL 25 §): the household reads and replies, nobody else.
    "casework:kommunicering_reply": Entry(
        HOUSEHOLD_A, lambda w: {"kommunicering_id": w.extra["kommunicering"].pk}
    ),
    "casework:journal": Entry(frozenset({E, AM, S, C}), pk("routed")),
    # Marking the applicant's komplettering as read: the deciders (it leaves the queue).
    "casework:supplement_read": Entry(frozenset({E, C}), _supplement_kwargs, method="post", ok=302),
    # A file attached to a komplettering: staff with the need-to-know for the case (ADR 0216).
    "casework:supplement_document": Entry(NEED_TO_KNOW, _supplement_document_kwargs),
    "casework:paper_start": Entry(frozenset({E, C})),
    "casework:paper_check": Entry(frozenset({E, C}), pk("paper")),
    "casework:paper_step": Entry(
        frozenset({E, C}), lambda w: {"pk": w.paper.pk, "slug": "hushall"}
    ),
    # Planning: everyone on staff reads; planners change.
    "planning:overview": Entry(STAFF),
    "planning:slot_new": Entry(frozenset({AM, S, C})),
    # A free time is taken back by the worker who published it (S) or the enhetschef.
    "planning:slot_withdraw": Entry(
        frozenset({S, C}), pk("free_slot", "slot_id"), method="post", ok=302
    ),
    "planning:case": Entry(STAFF, pk("case", "case_id")),
    # POSTed without a time: the planner, or the ekonomisekreterare taking a new case (issue 14
    # item 6), gets the form back with "choose a time" (400).
    "planning:staff_book": Entry(
        frozenset({E, AM, S, C}), pk("case", "case_id"), method="post", ok=400
    ),
    "planning:plan_edit": Entry(frozenset({AM, S, C}), pk("case", "case_id")),
    "planning:meeting": Entry(STAFF, pk("meeting", "meeting_id")),
    "planning:intensive": Entry(STAFF),
    # Aktivitetskrav: every staff role reads; planners record hours (the form is on the page).
    "planning:activity_overview": Entry(STAFF),
    "planning:activity_case": Entry(STAFF, pk("case", "case_id")),
    "planning:intensive_end": Entry(
        frozenset({S, C}),
        pk("intensive", "entry_id"),
        method="post",
        ok=302,
        data={"confirm": "yes"},
    ),
    "planning:citizen_book": Entry(HOUSEHOLD_A, pk("case", "case_id")),
    # Follow-up: the enhetschef and the granskare.
    "followup:dashboard": Entry(frozenset({C, G})),
    "followup:what_if": Entry(frozenset({C, G})),
    "followup:table_csv": Entry(frozenset({C, G}), lambda w: {"slug": "digital-andel"}),
    # The nämnd's control: the enhetschef registers, the granskare reads.
    "governance:overview": Entry(frozenset({C, G})),
    "governance:rules": Entry(frozenset({C, G})),
    "governance:delegation_reports": Entry(frozenset({C, G})),
    "governance:delegation_report_pdf": Entry(frozenset({C, G}), lambda w: _delegate(w)),
    "governance:delegation_report_csv": Entry(frozenset({C, G}), lambda w: _delegate(w)),
    "governance:delegation_report_present": Entry(frozenset({C}), lambda w: _delegate(w)),
    # Appeals. The household's decision already has an open appeal: the form sends them to it.
    "appeals:index": Entry(CITIZENS),
    "appeals:new": Entry(frozenset({A}), pk("decision", "decision_id"), ok=302),
    "appeals:detail": Entry(frozenset({A}), pk("appeal", "appeal_id")),
    "appeals:staff_list": Entry(frozenset({E, S, C, G})),
    "appeals:staff_detail": Entry(frozenset({E, S, C, G}), pk("appeal", "appeal_id")),
    # A person's review of an automated decision: the citizens its application names ask (an
    # open request exists, so the page leads to it), deciding staff decide, reading staff read.
    # The decision's application does not name A2, who joined later (issue 13 item 2).
    "appeals:review_new": Entry(
        frozenset({A}), lambda w: {"decision_id": w.extra["robot_decision"].pk}, ok=302
    ),
    "appeals:review_detail": Entry(frozenset({A}), lambda w: {"review_id": w.extra["review"].pk}),
    "appeals:review_staff": Entry(
        frozenset({E, S, C, G}), lambda w: {"review_id": w.extra["review"].pk}
    ),
    # Rättelse and ändring outside an appeal: only the roles that decide.
    "appeals:decision_change": Entry(frozenset({E, C}), pk("decision", "decision_id")),
    # A citizen's own choice to get letters by post too.
    "decisions:letter_preference": Entry(CITIZENS, method="post", ok=302, data={"by_post": "on"}),
    # Staff who decide record the day a letter by post arrived (FL 44 §).
    "decisions:delivery_record": Entry(
        frozenset({E, C}),
        pk("decision", "decision_id"),
        method="post",
        ok=302,
        data={"received_on": "2026-01-01"},
    ),
    # Letters by post: the staff who send them make and download print batches (issue 12.3).
    "decisions:print_batches": Entry(frozenset({E, C})),
    "decisions:print_batch": Entry(
        frozenset({E, C}), lambda w: {"batch_id": w.extra["print_batch"].pk}
    ),
    "decisions:print_batch_pdf": Entry(
        frozenset({E, C}), lambda w: {"batch_id": w.extra["print_batch"].pk}
    ),
    "decisions:print_batch_csv": Entry(
        frozenset({E, C}), lambda w: {"batch_id": w.extra["print_batch"].pk}
    ),
    # Sending a batch to the print service (once) and reading its receipt (ADR 0207).
    "decisions:print_batch_send": Entry(
        frozenset({E, C}),
        lambda w: {"batch_id": w.extra["print_batch"].pk},
        method="post",
        ok=302,
    ),
    "decisions:print_batch_receipt": Entry(
        frozenset({E, C}),
        lambda w: {"batch_id": w.extra["print_batch"].pk},
        method="post",
        ok=302,
    ),
    # The person and the case's history: need-to-know as the case view (ADR 0086); asking
    # folkbokföring again: the roles that decide.
    "personakt:person": Entry(NEED_TO_KNOW, pk("case", "case_id")),
    "personakt:folkbokforing_refresh": Entry(
        frozenset({E, C}), pk("case", "case_id"), method="post", ok=302
    ),
    # Messages.
    "messaging:index": Entry(CITIZENS),
    "messaging:new": Entry(CITIZENS),
    "messaging:thread": Entry(HOUSEHOLD_A, pk("thread", "thread_id")),
    "messaging:satisfaction": Entry(frozenset({A}), pk("decision", "decision_id")),
    "messaging:staff_list": Entry(STAFF),
    "messaging:staff_thread": Entry(STAFF, pk("thread", "thread_id")),
    # Audit and privacy.
    "audit:access_log_search": Entry(frozenset({G})),
    "privacy:my_data": Entry(CITIZENS),
    "privacy:my_data_json": Entry(CITIZENS),
}


def url_names(patterns: list[Any] | None = None, namespace: str = "") -> Iterator[str]:
    """Every URL name of the project, with its namespace, from the URL configuration."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield namespace + (pattern.name or pattern.lookup_str)


def table_problems(project: set[str], table: dict[str, Entry]) -> list[str]:
    problems = [
        f"URL pattern without an access-matrix entry: {n}" for n in sorted(project - set(table))
    ]
    problems += [
        f"Access-matrix entry for a URL that no longer exists: {n}"
        for n in sorted(set(table) - project)
    ]
    return problems


def test_the_table_names_every_url_of_the_project_and_nothing_else():
    project = set(url_names())
    problems = table_problems(project, MATRIX)
    assert not problems, "\n".join(problems)
    print(f"\n{len(project)} URL patterns, each with an access-matrix entry")


def test_a_new_url_or_a_stale_entry_is_named():
    project = set(url_names())
    assert table_problems(project | {"new:page"}, MATRIX) == [
        "URL pattern without an access-matrix entry: new:page"
    ]
    smaller = {k: v for k, v in MATRIX.items() if k != "core:about"}
    assert table_problems(project - {"core:about"}, MATRIX) == [
        "Access-matrix entry for a URL that no longer exists: core:about"
    ]
    assert table_problems(project, smaller) == [
        "URL pattern without an access-matrix entry: core:about"
    ]


def test_the_verdict_refuses_what_the_table_does_not_allow():
    staff_only = Entry(STAFF)
    ok, refused = HttpResponse(status=200), HttpResponse(status=403)
    login = HttpResponse(status=302)
    login["Location"] = reverse("accounts:login") + "?next=/x/"
    assert verdict(E, staff_only, ok) is None
    assert verdict(A, staff_only, refused) is None
    assert verdict(ANON, staff_only, login) is None
    assert verdict(A, staff_only, ok)  # 200 to someone not allowed
    assert verdict(E, staff_only, refused)  # refused though allowed
    assert verdict(ANON, staff_only, ok)
    assert verdict(E, staff_only, HttpResponse(status=500))


@pytest.fixture
def world(settings: Any) -> World:
    settings.DEMO_LOGIN = True
    providers = copy.deepcopy(settings.OIDC_PROVIDERS)
    for name, conf in providers.items():
        conf["OIDC_RP_CLIENT_ID"] = f"bistand-{name}"
        conf["OIDC_OP_AUTHORIZATION_ENDPOINT"] = "https://e-id.example.invalid/auth"
    settings.OIDC_PROVIDERS = providers
    return build(settings)


def knock(world: World, who: str, name: str, entry: Entry) -> HttpResponse:
    client = Client()
    user = world.users[who]
    if user is not None:
        client.force_login(user)
    url = reverse(name, kwargs=entry.kwargs(world) if entry.kwargs else None)
    with transaction.atomic():
        response: HttpResponse = getattr(client, entry.method)(url, entry.data)
        transaction.set_rollback(True)  # the next knock finds the same world
    return response


def verdict(who: str, entry: Entry, response: HttpResponse) -> str | None:
    """None when the response is what the table says, else what is wrong."""
    status = response.status_code
    location = response.headers.get("Location", "")
    to_login = status == 302 and location.startswith(reverse("accounts:login"))
    if status >= 500:
        return f"{status} (server error)"
    if who in entry.allowed:
        if status != entry.ok or to_login:
            return f"{status} {location} but allowed ({entry.ok} expected)"
        return None
    if who == ANON:
        if entry.anonymous_refusal == 302 and not to_login:
            return f"{status} {location}, not sent to the login page"
        if entry.anonymous_refusal != 302 and status != entry.anonymous_refusal:
            return f"{status}, not refused with {entry.anonymous_refusal}"
        return None
    if status not in (403, 404) and not (not entry.allowed and to_login):
        return f"{status} {location} but not allowed (403 or 404 expected)"
    return None


def test_every_role_against_every_url(world):
    wrong = []
    checked = 0
    for name, entry in sorted(MATRIX.items()):
        for who in WHO:
            problem = verdict(who, entry, knock(world, who, name, entry))
            checked += 1
            if problem:
                wrong.append(f"{entry.method.upper()} {name} as {who}: {problem}")
    summary = f"{len(MATRIX)} URLs × {len(WHO)} people = {checked} requests checked"
    print(f"\nAccess matrix: {summary}, {len(wrong)} not as the table says")
    assert not wrong, summary + "\n" + "\n".join(wrong)


def test_a_citizen_never_reaches_another_households_records(world):
    """The other way round too: citizen A and A2 on household B's decision and thread."""
    pages = {
        "decisions:letter": {"decision_id": world.other_decision.pk},
        "decisions:letter_pdf": {"decision_id": world.other_decision.pk},
        "appeals:new": {"decision_id": world.other_decision.pk},
        "messaging:satisfaction": {"decision_id": world.other_decision.pk},
        "messaging:thread": {"thread_id": world.other_thread.pk},
    }
    reached = []
    for who in (A, A2):
        client = Client()
        client.force_login(world.users[who])
        for name, kwargs in pages.items():
            status = client.get(reverse(name, kwargs=kwargs)).status_code
            if status != 404:
                reached.append(f"{name} as {who}: {status}")
    owner = Client()
    owner.force_login(world.users[B])
    assert (
        owner.get(reverse("messaging:thread", kwargs=pages["messaging:thread"])).status_code == 200
    )
    assert not reached, reached
