"""What an access-log entry concerns, in Swedish, and where the granskare can open it.

Entries store a machine word (`object_type`) and an id; the granskare reads "ansökan 412" with a
link to it, never `kommunicering 412` or `decision_form 412`."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

OBJECT_LABELS: dict[str, str] = {
    "access_log": "åtkomstloggen",
    "action_plan": "handlingsplan",
    "appeal": "överklagande",
    "appeal_list": "listan över överklaganden",
    "application": "ansökan",
    "case": "ärende",
    "case_planning": "planering i ärendet",
    "citizen_data": "den enskildes uppgifter",
    "claim": "fördelning av ansökan",
    "completion": "begäran om komplettering",
    "decision": "beslut",
    "decision_form": "beslutsformulär för ansökan",
    "intensive_client": "intensivlistan",
    "journal": "journal för ansökan",
    "kommunicering": "kommunicering om ansökan",
    "meeting": "möte",
    "message": "meddelande",
    "message_list": "listan över meddelanden",
    "message_thread": "meddelandetråd",
    "paper_application": "pappersansökan",
    "activity_decision_draft": "förberett beslut om aktivitetskrav",
    "activity_hours": "aktivitetstimmar i planen",
    "activity_overview": "aktivitetskrav, översikt",
    "emergency_decision": "nödprövning",
    "emergency_payment": "nödbistånd, utbetalning",
    "payment_file": "betalfil",
    "payment_order": "utbetalning",
    "payment_run": "betalningsomgång",
    "person": "personens sida med ärendets historik",
    "post_check": "stickprov",
    "post_check_document": "underlag till stickprov",
    "print_batch": "utskriftsbunt med brev",
    "queue": "kön Inkomna ansökningar",
    "recovery_claim": "återkrav",
    "review_request": "begäran om prövning",
    "standalone_letter": "beslutsbrev om återkrav eller nödprövning",
    "supplement_document": "bilaga till komplettering",
}

# Object types whose id is an application: the link goes to the case view of it.
_APPLICATION_TYPES = frozenset(
    {
        "application",
        "claim",
        "completion",
        "decision_form",
        "journal",
        "kommunicering",
        "paper_application",
    }
)
_LINKS: dict[str, str] = {
    "decision": "decisions:letter",
    "message_thread": "messaging:staff_thread",
    "case_planning": "planning:case",
    "print_batch": "decisions:print_batch",
    "person": "personakt:person",
    "post_check": "payments:post_check",
}


def object_label(object_type: str) -> str:
    return OBJECT_LABELS.get(object_type, "annan uppgift")


def object_url(object_type: str, object_id: str) -> str:
    if not str(object_id).isdigit():
        return ""
    name = "casework:case" if object_type in _APPLICATION_TYPES else _LINKS.get(object_type)
    if name is None:
        return ""
    try:
        return reverse(name, args=[int(object_id)])
    except NoReverseMatch:
        return ""


def describe(entry: object) -> dict[str, str]:
    """Action, object and id in Swedish, and a link where there is a page for it."""
    object_type = str(getattr(entry, "object_type", ""))
    object_id = str(getattr(entry, "object_id", ""))
    action = str(entry.get_action_display())  # type: ignore[attr-defined]
    what = object_label(object_type)
    shown_id = object_id if object_id.isdigit() else ""
    return {
        "text": f"{action} {what}{' ' + shown_id if shown_id else ''}",
        "url": object_url(object_type, object_id),
    }
