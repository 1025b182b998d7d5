"""The citizen's own data for GDPR art. 15 (right of access), read only from the household's cases.

Everything starts from `cases.selectors.cases_for_citizen(user=…)`: a case the citizen is
applicant or partner in. Nothing is fetched by an id the citizen gives, so another household's
data cannot be reached (tests/security/test_gdpr_export.py).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.html import strip_tags

from bistand.accounts.models import User
from bistand.appeals import selectors as appeal_selectors
from bistand.applications import presenters as applications_presenters
from bistand.applications import selectors as applications
from bistand.cases import selectors as case_selectors
from bistand.casework import selectors as casework_selectors
from bistand.decisions import selectors as decision_selectors
from bistand.messaging import selectors as messaging
from bistand.payments import selectors as payments
from bistand.payments.minsida import CITIZEN_STATUS as PAYMENT_STATUS
from bistand.planning import selectors as planning
from bistand.registers import selectors as registers

_STYLE = re.compile(r"<(style|script)[^>]*>.*?</\1>", re.DOTALL | re.IGNORECASE)


def _decisions_for_case(case_id: int) -> list[Any]:
    """The case's decisions, oldest first."""
    return list(decision_selectors.decisions_for_case(case_id=case_id).order_by("decided_at", "pk"))


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _readable_answers(raw: dict[str, Any]) -> list[dict[str, Any]]:
    """The answers as the citizen gave them: each page's title and its labelled answers, in
    Swedish, amounts and dates in the one format (applications.presenters)."""
    return [
        {"avsnitt": section.title, "uppgifter": [{"fraga": q, "svar": v} for q, v in section.rows]}
        for section in applications_presenters.readable_summary(raw)
    ]


def _messages(user: User, case_id: int) -> list[dict[str, Any]]:
    return [
        {
            "amne": thread.subject,
            "meddelanden": [
                {
                    "skickat": m.sent_at,
                    "fran": "Enheten för ekonomiskt bistånd" if m.from_unit else str(m.author),
                    "text": m.body,
                }
                for m in messaging.messages_in(thread=thread)
            ],
        }
        for thread in messaging.threads_for_case(user=user, case_id=case_id).order_by("pk")
    ]


def _meetings(case_id: int) -> list[dict[str, Any]]:
    return [
        {
            "tid": m.slot.starts_at,
            "plats": m.slot.place,
            "status": m.get_status_display(),
            "bokat": m.booked_at,
            "anteckning_efter_motet": m.outcome_notes,
        }
        for m in planning.meetings_for_case(case_id=case_id).select_related("slot")
    ]


def _plans(case_id: int) -> list[dict[str, Any]]:
    return [
        {"version": v.number, "skapad": v.created_at, "innehall": v.content}
        for v in planning.action_plan_versions(case_id=case_id)
    ]


def _letters(user: User, case_id: int) -> list[dict[str, Any]]:
    letters = [
        {
            "brev": "Beslut om ekonomiskt bistånd",
            "datum": d.decided_at,
            "text": _letter_text(d.letter_html),
            "beslut": d.pk,
        }
        for d in _decisions_for_case(case_id)
        if d.letter_html
    ]
    letters += [
        {"brev": letter.title, "datum": letter.decided_at, "text": _letter_text(letter.html)}
        for letter in decision_selectors.standalone_letters_for_case(case_id=case_id, user=user)
    ]
    return letters


def _letter_text(html: str) -> str:
    """A letter's words without its markup (the letter itself is on Min sida, also as PDF)."""
    article = _STYLE.sub("", html)
    text = strip_tags(article)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _register_data(user: User, case_number: str) -> list[dict[str, Any]]:
    """What we fetched about the citizen from other agencies (SSBTEK, folkbokföring) for the
    case: the citizen's own fetches only (a partner's are the partner's)."""
    return [
        {
            "kalla": f.source,
            "hamtad": f.fetched_at,
            "syfte": f.purpose,
            "lagrum": f.legal_basis,
            "period": [f.period_start, f.period_end],
            "status": f.get_status_display(),
            "uppgifter": f.result,
        }
        for f in registers.fetches_for_case(case_reference=case_number)
        if user.personnummer and f.subject == user.personnummer
    ]


def citizen_data_json(*, user: User) -> dict[str, Any]:
    """`citizen_data` as plain JSON values (ISO dates, amounts as strings with two decimals)."""
    return dict(_plain(citizen_data(user=user)))


def citizen_data(*, user: User) -> dict[str, Any]:
    """Everything Bistånd holds about the citizen's household cases (Python values: the page
    formats them in Swedish, `citizen_data_json` makes them plain JSON)."""
    cases = []
    for case in case_selectors.cases_for_citizen(user=user).order_by("opened_at", "pk"):
        role = "sokande" if case.applicant_id == user.pk else "medsokande"
        case_applications = [
            a for a in applications.applications_for_citizen(user=user) if a.case_id == case.pk
        ]
        cases.append(
            {
                "arendenummer": case.number,
                "din_roll": role,
                "oppnat": case.opened_at,
                "avslutat": case.closed_at,
                "ansokningar": [
                    {
                        "id": a.pk,
                        "manad": a.month,
                        "typ": a.get_kind_display(),
                        "kanal": a.get_channel_display(),
                        "status": a.get_status_display(),
                        "skapad": a.created_at,
                        "inskickad": a.submitted_at,
                        "referensnummer": applications.application_reference(a),
                        "svar": a.answers,
                        "svar_i_klartext": _readable_answers(a.answers),
                        "kompletteringar": [
                            {"skickad": sup.added_at, "text": sup.text, "last": sup.read_at}
                            for sup in applications.supplements_for_application(application_id=a.pk)
                        ],
                    }
                    for a in case_applications
                ],
                "beslut": [
                    {
                        "id": d.pk,
                        "ansokan": d.application_id,
                        "beslutsdatum": d.decided_at,
                        "beslutat_av": d.decided_by_label,
                        "delegation": d.delegation_reference,
                        "utfall": d.get_outcome_display(),
                        "belopp_kronor": d.amount,
                        "period": [d.period_start, d.period_end],
                        "poster": d.posts,
                        "motivering": d.motivering,
                        "utbetalningsdag": d.payment_date,
                    }
                    for d in _decisions_for_case(case.pk)
                ],
                "utbetalningar": [
                    {
                        "beslut": p.decision_id,
                        "belopp_kronor": p.amount,
                        "utbetalningsdag": p.payment_date,
                        # In the citizen's words, as on Min sida (not the desk's "Väntar på
                        # betalfil").
                        "status": str(PAYMENT_STATUS.get(p.status) or p.get_status_display()),
                        "mottagare": p.creditor_name,
                        "konto": f"{p.clearing} {p.account}".strip(),
                        "meddelande": p.remittance,
                        "utbetald": p.paid_at,
                    }
                    for p in payments.payment_orders_for_case(case_id=case.pk).order_by("pk")
                ],
                # Issue 12: how each letter reached the household, requests for a person's
                # review, and material sent for comment before a decision with the replies.
                "leveranser_av_beslut": [
                    {
                        "beslut": delivery.decision_id,
                        "kanal": delivery.get_channel_display(),
                        "skickat": delivery.sent_at,
                        "kom_fram": delivery.received_at,
                    }
                    for d in _decisions_for_case(case.pk)
                    for delivery in decision_selectors.deliveries_of(decision=d)
                ],
                "begaran_om_provning": [
                    {
                        "beslut": r.decision_id,
                        "begard": r.requested_at,
                        "skal": r.reason,
                        "lage": r.get_status_display(),
                        "utfall": r.get_outcome_display() if r.outcome else "",
                        "bedomning": r.note,
                        "provad": r.decided_at,
                    }
                    for r in appeal_selectors.reviews_for_case(case_id=case.pk)
                ],
                "kommunicering": [
                    {
                        "skickad": k.sent_at,
                        "uppgifter": k.material,
                        "svara_senast": k.reply_by,
                        "ditt_svar": k.reply_text,
                        "svarat": k.replied_at,
                    }
                    for k in casework_selectors.kommuniceringar_for_case(case_id=case.pk)
                ],
                "meddelanden": _messages(user, case.pk),
                "moten": _meetings(case.pk),
                "handlingsplaner": _plans(case.pk),
                "brev": _letters(user, case.pk),
                "uppgifter_fran_andra_myndigheter": _register_data(user, case.number),
                "handelser": [
                    {"tid": e.at, "handelse": e.get_kind_display(), "av": e.actor_label}
                    for e in case_selectors.timeline_for_citizen(user=user, case_id=case.pk)
                ],
            }
        )
    export: dict[str, Any] = {
        "format": "bistand-registerutdrag-1",
        "skapad": timezone.now(),
        "du": {
            "namn": user.display_name,
            "personnummer": user.personnummer or "",
            "beslut_aven_med_post": decision_selectors.letters_by_post(user=user),
            "folkbokforing": registers.person_record_export(personnummer=user.personnummer or ""),
        },
        "arenden": cases,
    }
    return export
