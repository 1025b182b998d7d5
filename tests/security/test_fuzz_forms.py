"""Fuzzing every form with hostile input (issue 8, "Fault tolerance: fuzzing").

Hypothesis sends each form, as the person who uses it, huge strings, control characters, script
tags, negative, enormous and garbage amounts, invalid dates, several values for one field, a JSON
body where a form is expected and a broken urlencoded body. Whatever comes in:
- never a server error: the answer is the form again (200/400) with a Swedish message at the
  field, or a redirect;
- no English Django message slips through;
- nothing is shown unescaped: the answer, the page it redirects to and the pages that show what
  the form stored never contain the script payload as markup.
The fields are read from the pages, so a new field is fuzzed without changing this file.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.security.matrix.fuzz import TALLY, Target, _problems, forms_on, fuzz
from tests.security.matrix.world import World, build

pytestmark = pytest.mark.django_db

E, S, C, G = "ekonomisekreterare", "socialsekreterare", "enhetschef", "granskare"
A, B = "citizen_a", "citizen_b"

STEP_SLUGS = [
    "hushall", "barn", "andra-vuxna", "boende", "inkomster", "tillgangar", "sysselsattning",
    "behov", "utbetalning", "samtycke",
]  # fmt: skip


def _min_sida(w: World) -> list[str]:
    return [reverse("applications:min_sida")]


def _case_pages(w: World) -> list[str]:
    return [
        reverse("casework:case", args=[w.routed.pk]),
        reverse("planning:case", args=[w.case.pk]),
    ]


def _no_upcoming_meeting(w: World) -> None:
    """A booking form is offered only to a case without an upcoming meeting."""
    w.meeting.status = "cancelled"
    w.meeting.save()


def _step(slug: str) -> Target:
    return Target(
        f"e-tjänsten /ansokan/<id>/{slug}/",
        A,
        lambda w: reverse("applications:step", args=[w.new_draft.pk, slug]),
        lambda w: [reverse("applications:check", args=[w.new_draft.pk])],
    )


TARGETS = [
    *[_step(slug) for slug in STEP_SLUGS],
    Target(
        "e-tjänsten /ansokan/<id>/andringar/",
        A,
        lambda w: reverse("applications:step", args=[w.draft.pk, "andringar"]),
    ),
    Target("e-tjänsten: starta ansökan", A, lambda w: reverse("applications:start"), _min_sida),
    Target(
        "handläggning: beslut",
        E,
        lambda w: reverse("casework:decide", args=[w.routed.pk]),
        _case_pages,
    ),
    Target(
        "handläggning: komplettering",
        E,
        lambda w: reverse("casework:completion", args=[w.routed.pk]),
        _case_pages,
    ),
    Target(
        "handläggning: journal",
        E,
        lambda w: reverse("casework:journal", args=[w.routed.pk]),
        lambda w: [reverse("casework:journal", args=[w.routed.pk])],
    ),
    Target("pappersansökan: personnummer", E, lambda w: reverse("casework:paper_start")),
    Target(
        "pappersansökan: steg",
        E,
        lambda w: reverse("casework:paper_step", args=[w.paper.pk, "boende"]),
        lambda w: [reverse("casework:paper_check", args=[w.paper.pk])],
    ),
    Target(
        "meddelande: nytt",
        A,
        lambda w: reverse("messaging:new"),
        lambda w: [reverse("messaging:index"), reverse("messaging:staff_list")],
    ),
    Target(
        "meddelande: svar från invånaren",
        A,
        lambda w: reverse("messaging:thread", args=[w.thread.pk]),
        lambda w: [reverse("messaging:staff_thread", args=[w.thread.pk])],
    ),
    Target(
        "meddelande: svar från handläggaren",
        E,
        lambda w: reverse("messaging:staff_thread", args=[w.thread.pk]),
        lambda w: [reverse("messaging:thread", args=[w.thread.pk])],
    ),
    Target(
        "nöjdhetsfråga",
        A,
        lambda w: reverse("messaging:satisfaction", args=[w.decision.pk]),
    ),
    Target(
        "överklagande: nytt",
        B,
        lambda w: reverse("appeals:new", args=[w.other_decision.pk]),
        lambda w: [reverse("appeals:index"), reverse("appeals:staff_list")],
    ),
    Target(
        "överklagande: handläggning",
        E,
        lambda w: reverse("appeals:staff_detail", args=[w.appeal.pk]),
        lambda w: [reverse("appeals:detail", args=[w.appeal.pk])],
    ),
    Target(
        "prövning av automatiskt beslut: handläggaren",
        E,
        lambda w: reverse("appeals:review_staff", args=[w.extra["review"].pk]),
        lambda w: [reverse("appeals:review_detail", args=[w.extra["review"].pk])],
    ),
    Target(
        "rättelse eller ändring av beslut",
        E,
        lambda w: reverse("appeals:decision_change", args=[w.extra["robot_decision"].pk]),
        lambda w: [reverse("decisions:letter", args=[w.extra["robot_decision"].pk])],
    ),
    Target(
        "kommunicering: handläggaren",
        E,
        lambda w: reverse("casework:kommunicering", args=[w.routed.pk]),
        lambda w: [reverse("casework:case", args=[w.routed.pk])],
    ),
    Target(
        "kommunicering: svar från invånaren",
        A,
        lambda w: reverse("casework:kommunicering_reply", args=[w.extra["kommunicering"].pk]),
        lambda w: [reverse("casework:case", args=[w.routed.pk])],
    ),
    Target("planering: ny tid", S, lambda w: reverse("planning:slot_new")),
    Target(
        "planering: handlingsplan",
        S,
        lambda w: reverse("planning:plan_edit", args=[w.case.pk]),
        lambda w: [reverse("planning:case", args=[w.case.pk]), reverse("applications:min_sida")],
    ),
    Target(
        "planering: möte",
        S,
        lambda w: reverse("planning:meeting", args=[w.meeting.pk]),
        lambda w: [reverse("planning:case", args=[w.case.pk])],
    ),
    Target(
        "planering: boka möte",
        S,
        lambda w: reverse("planning:case", args=[w.case.pk]),
        posts_to=lambda w: reverse("planning:staff_book", args=[w.case.pk]),
        prepare=lambda w: _no_upcoming_meeting(w),
    ),
    Target(
        "min sida: boka möte",
        A,
        lambda w: reverse("planning:citizen_book", args=[w.case.pk]),
        lambda w: [reverse("applications:min_sida")],
        prepare=lambda w: _no_upcoming_meeting(w),
    ),
    Target("planering: intensiv", S, lambda w: reverse("planning:intensive")),
    Target("utbetalningar: retur", E, lambda w: reverse("payments:register_return")),
    Target("utbetalningar: återkrav", E, lambda w: reverse("payments:record_claim")),
    Target(
        "utbetalningar: stickprov",
        E,
        lambda w: reverse("payments:post_check", args=[w.post_check.pk]),
    ),
    Target("uppföljning: vad händer om", C, lambda w: reverse("followup:what_if"), method="get"),
    Target(
        "granskning: sök i åtkomstloggen",
        G,
        lambda w: reverse("audit:access_log_search"),
    ),
]


@pytest.fixture
def world(settings: Any) -> World:
    return build(settings)


@pytest.mark.parametrize("target", TARGETS, ids=[t.label for t in TARGETS])
def test_hostile_input_never_breaks_a_form(world, target):
    tried = fuzz(world, target)
    assert tried >= 10, f"{target.label}: only {tried} hostile inputs tried"


def test_the_checks_can_fail():
    """The harness flags what it is there to catch (so a green run means something)."""
    ok = '<p class="error-message">Skriv ett belopp.</p>&lt;script&gt;alert("bistand-xss")'
    assert _problems("f", ok, 400, "x") == []
    assert _problems("f", "", 500, "x")
    assert _problems("f", '<p><script>alert("bistand-xss")</script></p>', 200, "x")
    assert _problems("f", "<p>This field is required.</p>", 200, "x")
    assert _problems("f", "<p>Fel</p>", 400, "x")
    html = (
        '<form method="post" action="/other/"><input name="a"></form>'
        '<form method="post"><input type="hidden" name="version" value="3">'
        '<select name="s"><option value="1">Ett</option></select><textarea name="t"></textarea>'
        '<input type="radio" name="r" value="yes"><button name="action" value="go">Gå</button>'
        "</form>"
    )
    [form] = forms_on(html, "/here/")
    assert form.fields == {
        "version": ["3"], "s": ["1"], "t": [""], "r": ["yes"], "action": ["go"]
    }  # fmt: skip
    assert form.hidden == {"version"}


def test_tally():
    """Printed with -s for the closing note: inputs tried per form and in all."""
    total = sum(TALLY.tried.values())
    print(f"\nFuzzing: {len(TALLY.tried)} forms, {total} hostile inputs in all")
