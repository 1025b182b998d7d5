"""The queue's rows are rendered in Python (`{% queue_group %}`, issue 16 item 5) with the same
markup, byte for byte, as the template fragment they replaced (kept here as the oracle): overdue
and escalated rows, claimed and unclaimed, other items of the case under the application, no
reasons, characters that must be escaped, with and without the enhetschef's "Fördela" form, in
Swedish and in English."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from bistand.casework.selectors import QueueGroup, QueueRow

# The template fragment as it was in casework/queue.html before the tag.
OLD = (Path(__file__).parent / "queue_group_before.html").read_text(encoding="utf-8")
NEW = (
    "{% load i18n queue_tags %}"
    """  {% for group in groups %}
{% queue_group group %}
  {% endfor %}"""
)


def _row(n: int, **changes: object) -> QueueRow:
    values: dict[str, object] = {
        "kind": "application",
        "kind_label": "Fortsatt ansökan",
        "title": "Ansökan för 2026-12",
        "url": f"/handlaggning/ansokan/{n}/",
        "case_number": f"0180-EB-2026-{n:06d}",
        "received_at": datetime(2026, 11, 30, 23, 30, tzinfo=UTC),  # 1 dec in Stockholm
        "due_at": datetime(2026, 12, 1, 22, 59, 59, tzinfo=UTC),
        "overdue": False,
        "channel": "digital",
        "channel_label": "Digital",
        "reasons": ("Inkomst från arbete", "Hyra över <riktvärdet> & mer"),
        "application_id": n,
        "household": "ensam",
        "household_label": "Ensamstående",
    }
    values.update(changes)
    return QueueRow(**values)  # type: ignore[arg-type]


GROUPS = [
    QueueGroup(lead=_row(1), others=()),
    QueueGroup(
        lead=_row(2, overdue=True, escalated=True, claimed_by_id=7, claimed_by_label="Eva <E>"),
        others=(
            _row(
                0,
                kind="appeal",
                kind_label="Överklagande",
                url="/overklaganden/3/",
                application_id=None,
                overdue=True,
                reasons=(),
                claimed_by_label="Erik & Co",
            ),
            _row(0, kind="message", kind_label="Meddelande", application_id=None, due_at=None),
        ),
    ),
    QueueGroup(lead=_row(3, overdue=True, reasons=(), household_label=""), others=()),
    QueueGroup(
        lead=_row(4, kind="appeal", kind_label="Överklagande", application_id=None), others=()
    ),
]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("can_assign", [False, True])
def test_the_rows_rendered_in_python_equal_the_template(language, can_assign):
    request = RequestFactory().get("/handlaggning/")
    request.META["CSRF_COOKIE"] = "a" * 32
    from django.middleware.csrf import get_token

    token = get_token(request)
    context = {
        "groups": GROUPS,
        "can_assign": can_assign,
        "worker_choices": [("7", "Eva <E>"), ("8", "Erik")],
        "csrf_token": token,
    }
    with translation.override(language):
        old = Template(OLD).render(Context(context))
        new = Template(NEW).render(Context(context))
    assert new == old
    assert ("assign-form" in new) is can_assign and "queue-sub" in new
    assert "&lt;riktvärdet&gt; &amp; mer" in new and "Eva &lt;E&gt;" in new
