"""Make decisions (FL 31–33 §§): the record, the letter, the case event.

One function serves the automated decision function and the named case worker alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from bistand.accounts.models import User
from bistand.applications import selectors as application_selectors
from bistand.applications import services as application_services
from bistand.applications.models import ApplicationStatus
from bistand.cases import services as case_services
from bistand.core.bulk import row_create, row_create_keyed
from bistand.core.delegation import AUTOMATED, delegation_authorise
from bistand.core.delegation import BISTAND as BISTAND_KIND
from bistand.core.delegation import UTOVER as UTOVER_KIND
from bistand.core.format import kronor, month_label
from bistand.core.memo import memoized
from bistand.core.workdays import next_working_day
from bistand.decisions import events as decision_events
from bistand.jobs.services import job_enqueue

from . import hooks, legal, letter_formats
from .legal import legal_basis
from .models import (
    Calculation,
    Decision,
    Delivery,
    DeliveryChannel,
    EmergencyDecision,
    EmergencyFollowUp,
    LetterPreference,
    Outcome,
    StandaloneDelivery,
    StandaloneLetter,
    StandaloneLetterKind,
)

if TYPE_CHECKING:
    from bistand.applications.models import Application

AUTOMATED_LABEL = "Automatiserad beslutsfunktion"
NOTIFY_JOB = "decisions.notify_decision"


class AlreadyDecidedError(Exception):
    """The application already has a decision; a second one is never made."""


@dataclass(frozen=True)
class Post:
    """One post of the decision (e.g. försörjningsstöd, or one need under livsföring i övrigt)."""

    post: str
    label: str
    applied: Decimal
    granted: Decimal
    reason: str
    legal_source: str
    # Why a post is refused when it is: "" (not eligible, or the need is not accepted) or
    # INCOME_COVERS_NEED (eligible, but the calculation gives 0 kr this month); UTOVER for a post
    # of bistånd utöver (12 kap. 2 §), which is no right: its sentences say so (ADR 0310).
    basis: str = ""

    @property
    def refused(self) -> Decimal:
        return max(Decimal("0.00"), self.applied - self.granted)

    @property
    def outcome(self) -> Outcome:
        if self.granted <= 0:
            return Outcome.REJECTED
        if self.granted < self.applied:
            return Outcome.PARTLY_GRANTED
        return Outcome.GRANTED

    def to_dict(self, period_label: str) -> dict[str, str]:
        return {
            "post": self.post,
            "label": self.label,
            "applied": f"{self.applied:.2f}",
            "granted": f"{self.granted:.2f}",
            "refused": f"{self.refused:.2f}",
            "outcome": self.outcome.value,
            "reason": self.reason,
            "legal_source": self.legal_source,
            "sentence": post_sentence(self, period_label),
            "refusal_sentence": refusal_sentence(self, period_label),
            "basis": self.basis,
        }


INCOME_COVERS_NEED = "income_covers_need"
UTOVER = "utover"
UTOVER_NOTE = "Det är bistånd utöver det du har rätt till enligt lagen."


def post_sentence(post: Post, label: str) -> str:
    if post.basis == UTOVER and post.outcome != Outcome.REJECTED:
        return f"{post.label} beviljas med {kronor(post.granted)} för {label}. {UTOVER_NOTE}" + (
            f" Ansökan avslås delvis: {kronor(post.refused)} avslås."
            if post.outcome == Outcome.PARTLY_GRANTED
            else ""
        )
    if post.outcome == Outcome.GRANTED:
        return f"{post.label} beviljas med {kronor(post.granted)} för {label}."
    if post.outcome == Outcome.PARTLY_GRANTED:
        return (
            f"{post.label} beviljas med {kronor(post.granted)} för {label}. "
            f"Ansökan avslås delvis: {kronor(post.refused)} avslås."
        )
    if post.basis == INCOME_COVERS_NEED:
        return (
            f"Ansökan om {post.label.lower()} för {label} avslås, eftersom dina inkomster "
            f"täcker ditt behov den här månaden (0 kr)."
        )
    return f"Ansökan om {post.label.lower()} med {kronor(post.applied)} för {label} avslås."


def refusal_sentence(post: Post, label: str) -> str:
    """What is refused and what that means, for the letter's section on refusals."""
    if post.refused <= 0:
        return ""
    if post.outcome == Outcome.PARTLY_GRANTED:
        return (
            f"Du sökte {kronor(post.applied)} och får {kronor(post.granted)}. "
            f"Resten, {kronor(post.refused)}, avslås."
        )
    if post.basis == UTOVER:
        return (
            f"Du har sökt {post.label.lower()} utöver det du har rätt till enligt lagen. "
            f"Socialnämnden får ge sådant bistånd om det finns skäl för det. Vi har inte funnit "
            f"skäl för det för {label}, se skälen nedan. Hela det sökta beloppet, "
            f"{kronor(post.applied)}, avslås."
        )
    if post.basis == INCOME_COVERS_NEED:
        return (
            f"Du har rätt till {post.label.lower()} om dina inkomster inte räcker, men för "
            f"{label} räcker de till ditt behov enligt beräkningen, så beloppet blir 0 kr. "
            f"Det gäller bara den här månaden: du kan söka igen nästa månad."
        )
    return (
        f"Du har inte rätt till {post.label.lower()} för {label}. Hela det sökta beloppet, "
        f"{kronor(post.applied)}, avslås."
    )


def overall_outcome(posts: list[Post]) -> Outcome:
    outcomes = {p.outcome for p in posts}
    if outcomes == {Outcome.GRANTED}:
        return Outcome.GRANTED
    if outcomes == {Outcome.REJECTED}:
        return Outcome.REJECTED
    return Outcome.PARTLY_GRANTED


# A grant can carry a condition that it is to be paid back (SoL 2025:400 33 kap. 2 §): only then
# can the nämnd later reclaim it on that ground, and only if the decision, in writing, stated it.
# 33 kap. 3 § (a repayment condition on bistånd utöver, 12 kap. 2 §) is not offered: case
# workers decide 12 kap. 1 § here (verified, law-2026.md §1 (f)).
REPAYMENT_CONDITION_SOURCE = "Socialtjänstlagen (2025:400) 33 kap. 2 §"
REPAYMENT_CONDITIONS = {
    "forskott": "förskott på en förmån eller ersättning",
    "egna_medel": "egna tillgångar som du inte kan använda just nu",
    "arbetskonflikt": "en arbetskonflikt",
}


def repayment_condition(*, kind: str, detail: str, amount: Decimal) -> dict[str, str]:
    """The condition as the decision stores it and the letter states it (33 kap. 2 §)."""
    detail = detail.strip()
    if kind == "forskott":
        text = (
            f"Biståndet, {kronor(amount)}, beviljas som förskott på {detail}. När du får "
            f"{detail} ska du betala tillbaka det du har fått i förskott."
        )
    elif kind == "egna_medel":
        text = (
            f"Biståndet, {kronor(amount)}, beviljas för att du just nu inte kan använda dina "
            f"egna tillgångar ({detail}). När du kan använda dem ska du betala tillbaka biståndet."
        )
    elif kind == "arbetskonflikt":
        text = (
            f"Biståndet, {kronor(amount)}, beviljas under en arbetskonflikt"
            f"{f' ({detail})' if detail else ''} och ska betalas tillbaka."
        )
    else:
        raise ValueError(f"unknown repayment condition {kind!r}")
    text += (
        " Om du inte betalar tillbaka kan socialnämnden besluta om återkrav och begära att "
        "förvaltningsrätten prövar det."
    )
    return {
        "kind": kind,
        "ground": "33:2",
        "label": REPAYMENT_CONDITIONS[kind],
        "detail": detail,
        "text": text,
        "legal_source": REPAYMENT_CONDITION_SOURCE,
    }


def payment_date_for(decided_on: date) -> date:
    """Paid on the next banking day after the decision (payments may use fixed days instead)."""
    return next_working_day(decided_on)


def letter_context(
    *,
    case_number: str,
    month: date,
    decided_at: datetime,
    decided_by_label: str,
    delegation_reference: str,
    posts: list[dict[str, str]],
    motivering: dict[str, Any],
    calculation_output: dict[str, Any],
    rules_version: str,
    payment_date: date | None,
    automated: bool,
    details: dict[str, Any] | None = None,
    letter_format: int = letter_formats.CURRENT,
    rent_to_landlord: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Everything the letter shows, from stored values only, so that a replay renders it
    byte-identically years later. `details` (addressee, contact, where to appeal) is empty for
    letters made before it was stored; they render exactly as they did. Amounts and the period
    are written as the decision's letter format has them (decisions.letter_formats)."""
    local = timezone.localtime(decided_at)
    fmt = letter_formats.LETTER_FORMATS[letter_format]
    lines = [
        {
            "text": line.get("text") or line.get("label", ""),
            "amount_display": fmt.kronor(Decimal(str(line.get("amount", "0"))))
            if fmt.explaining_lines_show_amount
            or line.get("effect") != "info"
            or line.get("category") == "resultat"
            else "",
            "source": line.get("source", ""),
        }
        for line in calculation_output.get("lines", [])
    ]
    totals = {
        key: fmt.kronor(Decimal(str(calculation_output.get(key, "0"))))
        for key in ("riksnorm", "costs_approved", "amount")
    }
    # Subtracted: the format writes the minus sign ("−4 200 kr"; "0 kr" from letter format 3).
    totals["income_counted"] = fmt.deduction(
        Decimal(str(calculation_output.get("income_counted", "0")))
    )
    granted = sum((Decimal(p["granted"]) for p in posts), Decimal("0"))
    # What the letter shows of the municipality is the snapshot taken at decision time
    # (`details["municipality_name"]`): a renamed municipality does not change old letters. Only
    # letters stored before the snapshot existed (and never backfilled) read today's name.
    details = dict(details or {})
    municipality_name = details.pop("municipality_name", "") or settings.MUNICIPALITY_NAME

    def _is_utover(post: dict[str, str]) -> bool:
        return legal.is_utover(post.get("legal_source", ""), month)

    appeal_parts = (
        _appeal_parts(posts, month, local.date())
        if fmt.separates_utover and any(_is_utover(p) for p in posts)
        else None
    )
    if appeal_parts:
        _cite_utover_on_need_lines(lines, calculation_output.get("lines", []), posts, month)
    return {
        "municipality_name": municipality_name,
        "case_number": case_number,
        "period_label": fmt.month(month),
        "period_start": f"{month:%Y-%m-%d}",
        "period_end": f"{application_services.last_of_month(month):%Y-%m-%d}",
        "decided_on": f"{local:%Y-%m-%d}",
        "decided_by_label": decided_by_label,
        "delegation_reference": delegation_reference,
        "posts": posts,
        "motivering": motivering,
        "lines": lines,
        "totals": totals,
        "rules_version": rules_version,
        "payment_date": f"{payment_date:%Y-%m-%d}" if payment_date else "",
        "amount_positive": granted > 0,
        "automated": automated,
        "details": details,
        # Letter format 5: the socialtjänstlag's appeal provision beside FL (ADR 0295).
        "appeal_provision": (
            legal.appeal_provision(month, local.date()) if fmt.cites_sol_appeal else ""
        ),
        "refusals": [
            {**p, "utover": True} if appeal_parts and _is_utover(p) else p
            for p in posts
            if Decimal(p.get("refused", "0")) > 0
        ],
        # Letter format 6: bistånd utöver (12 kap. 2 §) apart from what can be appealed (ADR 0310).
        "appeal_parts": appeal_parts,
        # Rent paid straight to the landlord (docs/adr/0175); letters without it render as then.
        "rent_to_landlord": (
            {
                "amount": fmt.kronor(Decimal(rent_to_landlord["amount"])),
                "landlord": rent_to_landlord.get("landlord", ""),
                "rest": fmt.kronor(granted - Decimal(rent_to_landlord["amount"])),
                "rest_positive": granted > Decimal(rent_to_landlord["amount"]),
            }
            if rent_to_landlord
            else None
        ),
    }


# Since rules 2.0.8 a need decided as bistånd utöver has its own rule, citing 12 kap. 2 §; the
# letter then shows the rule's own source, which is the same text.
_NEED_RULES = (
    "livsforing_i_ovrigt.granted",
    "livsforing_i_ovrigt.denied",
    "livsforing_i_ovrigt.utover_granted",
    "livsforing_i_ovrigt.utover_denied",
)


def _cite_utover_on_need_lines(
    lines: list[dict[str, str]],
    calculated: list[dict[str, Any]],
    posts: list[dict[str, str]],
    month: date,
) -> None:
    """Letter format 6: the calculation's line for a need decided as bistånd utöver cites
    12 kap. 2 § (4 kap. 2 §), not the rule's own 12 kap. 1 § (the rules package is not changed;
    ADR 0310). The need lines and the need posts come in the same order; each line takes the
    first post not yet taken whose label it names."""
    basis = legal_basis(month)
    paragraph = basis.utover[len(basis.law) :].strip()
    source = f"{paragraph} {basis.law[:1].lower()}{basis.law[1:]}"
    waiting = [p for p in posts if p.get("post") != "forsorjningsstod"]
    for shown, line in zip(lines, calculated, strict=True):
        if line.get("rule") not in _NEED_RULES:
            continue
        what = str(line.get("what", ""))
        post = next((p for p in waiting if what.startswith(f"{p['label']}, ")), None)
        if post is None:
            continue
        waiting.remove(post)
        if legal.is_utover(post.get("legal_source", ""), month):
            shown["source"] = source


def _appeal_parts(posts: list[dict[str, str]], month: date, decided_on: date) -> dict[str, Any]:
    """What the letter's appeal section says of a decision with bistånd utöver (ADR 0310): the
    posts appealed to förvaltningsrätten, the utöver posts (only laglighetsprövning), and the
    lagrum for each."""
    utover = [p for p in posts if legal.is_utover(p.get("legal_source", ""), month)]
    appealable = [p for p in posts if p not in utover]
    basis = legal_basis(month)
    # "Socialtjänstlagen (2025:400) 12 kap. 2 § och 35 kap. 1 §"; the repealed act's own
    # paragraph on appeals is not verified, so under it only 4 kap. 2 § is cited.
    provision = legal.utover_not_appealable_provision(month, decided_on)
    sources = basis.utover
    if provision:
        assert provision.startswith(basis.law), (provision, basis.law)
        sources += " och" + provision[len(basis.law) :]
    return {
        "any_appealable": bool(appealable),
        "appealable": legal.post_labels(appealable) if appealable else "",
        "utover": legal.post_labels(utover),
        "utover_sources": sources,
        "legality_provision": legal.LEGALITY_REVIEW_PROVISION,
    }


def addressee_address(*, case: Any) -> tuple[list[str], bool]:
    """The address lines for a letter to the household of `case`, and whether anyone named in
    it has a protected identity (then no address, ever). From the latest folkbokföring answer
    about the applicant; empty if folkbokföring has never been asked. The robot's pipeline asks
    folkbokföring about the applicant and partner before it decides (docs/adr/0205), so its
    letters carry the address as of the decision day."""
    from bistand.registers import selectors as register_selectors

    people = [p.personnummer for p in (case.applicant, case.partner) if p and p.personnummer]
    # The batch worker reads every household's records at once (pipeline._Batch).
    records = memoized(
        ("person_records", tuple(people)),
        lambda: register_selectors.person_records(personnummer=people),
    )
    if any(record.protected for record in records.values()):
        return [], True
    applicant = records.get(case.applicant.personnummer or "")
    if applicant is None or applicant.data.address is None:
        return [], False
    return applicant.data.address.lines(), False


def letter_details_for(*, application: Application, case_worker: str = "") -> dict[str, Any]:
    """The letter's addressee and the unit's contact details as they are today (FL 33 §: where
    to appeal; issue 12 item 7), stored with the decision so that replay shows the same."""
    return letter_details_for_case(case=application.case, case_worker=case_worker)


def letter_details_for_case(*, case: Any, case_worker: str = "") -> dict[str, Any]:
    """As `letter_details_for`, for a letter that is not on an application (nödprövning)."""
    municipality = settings.MUNICIPALITY
    contact = municipality.contact
    names = [
        person.display_name
        for person in (case.applicant, case.partner)
        if person is not None and person.display_name
    ]
    address, protected = addressee_address(case=case)
    return {
        # The municipality's name as the letter shows it on the decision day (issue 12: a later
        # renaming must not change an old letter on replay).
        "municipality_name": municipality.name,
        "addressee": names,
        # The applicant's folkbokföring address (docs/adr/0150); none when anyone in the letter
        # has a protected identity: post then goes through Skatteverket (the print batch).
        "addressee_address": address,
        "addressee_protected": protected,
        "unit": {
            "name": f"{municipality.name}, {municipality.unit}",
            "phone": contact.phone,
            "email": contact.email,
            "address": list(contact.address),
            "visiting_address": contact.visiting_address,
            "opening_hours": [f"{h.days} {h.hours}" for h in contact.opening_hours],
            "telephone_hours": [f"{h.days} {h.hours}" for h in contact.telephone_hours],
        },
        "case_worker": case_worker,
        "appeal_to": [f"{municipality.name}, socialnämnden", *contact.address[1:]],
        "appeal_url": f"{settings.PUBLIC_BASE_URL.rstrip('/')}/overklaga/",
    }


_ACT_FIRST = re.compile(r"^(?P<act>[A-ZÅÄÖa-zåäö]+) \((?P<number>\d{4}:\d+)\) (?P<ref>\d.*)$")
_REF_FIRST = re.compile(r"^(?P<ref>\d.*?) (?P<act>[a-zåäö]+) \((?P<number>\d{4}:\d+)\)$")


def _lagrum_key(source: str) -> str:
    """The same paragraph however it is written: "Socialtjänstlagen (2025:400) 12 kap. 1 §" and
    "12 kap. 1 § socialtjänstlagen (2025:400)" are one lagrum."""
    found = _ACT_FIRST.match(source) or _REF_FIRST.match(source)
    if found is None:
        return " ".join(source.lower().split())
    return f"{found['number']} {' '.join(found['ref'].lower().split())}"


def unique_legal_sources(sources: list[str]) -> list[str]:
    """Each lagrum once, in the order first named: a rule line citing several ("A; B") counts
    as each of them, and a paragraph written two ways is kept as first written."""
    seen: dict[str, str] = {}
    for source in sources:
        for part in str(source).split(";"):
            part = part.strip()
            if part:
                seen.setdefault(_lagrum_key(part), part)
    return list(seen.values())


def letter_render(context: dict[str, Any]) -> str:
    return render_to_string("decisions/letter.html", context)


def calculation_create(
    *, application: Application, rules_input: dict[str, Any], register_snapshot: dict[str, Any]
) -> Calculation:
    """Run the rules engine on `rules_input` and store input, output and rules version.

    Used by the pipeline and by a case worker's manual decision (with norm adjustments,
    assessed livsföring-i-övrigt needs or rådrum added to the input). Raises
    `bistand.rules.InputError` (with `.errors`: field, message, code) on bad input.
    """
    from . import rules_adapter

    rules_input = rules_adapter.with_municipality(rules_input)
    output, rules_version = rules_adapter.calculate(rules_input)
    # Inside the batch worker's block the row is written with the batch's others (its key is
    # taken ahead: docs/adr/0270); a case worker's calculation is saved at once.
    return row_create_keyed(
        Calculation,
        application_id=application.pk,
        rules_version=rules_version,
        input=rules_input,
        output=output,
        register_snapshot=register_snapshot,
    )


class AutomationNotAllowedError(RuntimeError):
    """A decision the automated decision function may not make under KL 6 kap. 38 §."""


def decision_make(
    *,
    application: Application,
    calculation: Calculation,
    posts: list[Post],
    motivering: dict[str, Any],
    decided_by: User | None,
    delegation_reference: str,
    supersedes: Decision | None = None,
    case_worker: str = "",
    rent_to_landlord: dict[str, str] | None = None,
) -> Decision:
    """Record a decision, its letter and its case event, and mark the application decided.

    `decided_by=None` means the automated decision function under `delegation_reference`. It
    never decides bistånd utöver (12 kap. 2 § SoL 2025:400, 4 kap. 2 § SoL 2001:453): such
    decisions are appealed only by laglighetsprövning, so KL 6 kap. 38 § andra stycket p. 1 keeps
    them from delegation to an automated function (`AutomationNotAllowedError`).
    """
    if decided_by is None:
        utover = legal_basis(application.month).utover
        if any(utover in p.legal_source for p in posts):
            raise AutomationNotAllowedError(
                f"Bistånd utöver ({utover}) får inte beslutas av den automatiserade "
                "beslutsfunktionen (kommunallagen 6 kap. 38 §)."
            )
    # The refusals are raised before the transaction below is entered: it has no savepoint (the
    # batch worker's query savings), so an exception inside it would spoil a caller's
    # transaction even though nothing was written. The already-decided read is a fast path
    # only; exactly-once is the constraint one_original_decision_per_application.
    if supersedes is None and memoized(
        ("decided", application.pk),
        lambda: Decision.objects.filter(
            application_id=application.pk, supersedes__isnull=True
        ).exists(),
    ):
        raise AlreadyDecidedError(str(application.pk))
    decided_at = timezone.now()
    # The code refuses a decision outside the delegate's points in the delegationsordning
    # in force on the decision day (the automated function never refuses).
    # Bistånd utöver (12 kap. 2 §) is its own matter in the delegationsordning: its posts must
    # be within the delegate's utover points, the others within its bistand points.
    for kind, of_kind in (
        (BISTAND_KIND, [p for p in posts if p.basis != UTOVER]),
        (UTOVER_KIND, [p for p in posts if p.basis == UTOVER]),
    ):
        if of_kind or (kind == BISTAND_KIND and not posts):
            delegation_authorise(
                key=AUTOMATED if decided_by is None else decided_by.role,
                on=timezone.localtime(decided_at).date(),
                refuses=any(p.outcome != Outcome.GRANTED for p in of_kind),
                amount=sum((p.granted for p in of_kind), Decimal("0.00")),
                kind=kind,
            )
    # No savepoint inside a caller's transaction: a failure after a write must roll the
    # caller's transaction back anyway.
    with transaction.atomic(savepoint=False):
        label = (
            AUTOMATED_LABEL
            if decided_by is None
            else (decided_by.display_name or decided_by.username)
        )
        month = application.month
        posts_data = [p.to_dict(month_label(month)) for p in posts]
        # Each lagrum once in the letter (FL 32 §: which föreskrifter were applied), however the
        # rules and the motivering wrote it (issue 12 item 6).
        if isinstance(motivering.get("legal_sources"), list):
            motivering = {
                **motivering,
                "legal_sources": unique_legal_sources(motivering["legal_sources"]),
            }
        details = letter_details_for(
            application=application,
            case_worker=case_worker or ("" if decided_by is None else label),
        )
        amount = sum((p.granted for p in posts), Decimal("0.00"))
        pay_on = payment_date_for(timezone.localtime(decided_at).date()) if amount > 0 else None
        letter = letter_render(
            letter_context(
                case_number=application.case.number,
                month=month,
                decided_at=decided_at,
                decided_by_label=label,
                delegation_reference=delegation_reference,
                posts=posts_data,
                motivering=motivering,
                calculation_output=calculation.output,
                rules_version=calculation.rules_version,
                payment_date=pay_on,
                automated=decided_by is None,
                details=details,
                letter_format=letter_formats.CURRENT,
                rent_to_landlord=rent_to_landlord,
            )
        )
        # Written with the batch's other decisions in the batch worker (docs/adr/0270); a case
        # worker's decision at once. The constraint one_original_decision_per_application
        # applies to either INSERT.
        decision = row_create_keyed(
            Decision,
            rent_to_landlord=rent_to_landlord or {},
            letter_details=details,
            application_id=application.pk,
            case_id=application.case_id,
            supersedes=supersedes,
            decided_at=decided_at,
            decided_by=decided_by,
            decided_by_label=label,
            delegation_reference=delegation_reference,
            outcome=overall_outcome(posts),
            amount=amount,
            period_start=month,
            period_end=application_services.last_of_month(month),
            posts=posts_data,
            motivering=motivering,
            calculation=calculation,
            payment_date=pay_on,
            letter_html=letter,
            letter_format=letter_formats.CURRENT,
        )
        # Published on Min sida now; received when someone in the household opens it (FL 44 §).
        row_create(
            Delivery, decision=decision, channel=DeliveryChannel.MIN_SIDA, sent_at=decided_at
        )
        # Someone in the household chose post as well: the letter goes to the next print batch.
        household = [p.pk for p in (application.case.applicant, application.case.partner) if p]
        if memoized(
            ("letters_by_post", tuple(household)),
            lambda: LetterPreference.objects.filter(user_id__in=household, by_post=True).exists(),
        ):
            row_create(
                Delivery,
                decision=decision,
                channel=DeliveryChannel.POST,
                sent_at=decided_at,
                reference="väntar på utskrift (vald av den enskilde)",
            )
        application_services.application_set_status(
            application=application, status=ApplicationStatus.DECIDED
        )
        case_services.event_record(
            case=application.case,
            application=application,
            kind=decision_events.DECIDED,
            actor=decided_by,
            actor_label=label,
            data={
                "decision_id": decision.pk,
                "outcome": decision.outcome,
                "amount": f"{amount:.2f}",
                "payment_date": f"{pay_on:%Y-%m-%d}" if pay_on else "",
            },
        )
        if decided_by is not None:
            # The case worker has the case file in front of her, where every nödprövning
            # not yet followed up is shown: this decision follows them up.
            emergency_follow_up_record(
                case_id=application.case_id, application_id=application.pk, decision_id=decision.pk
            )
        case = application.case
        if any(person is not None and person.email for person in (case.applicant, case.partner)):
            job_enqueue(
                name=NOTIFY_JOB,
                payload={"decision_id": decision.pk},
                key=f"decision-{decision.pk}-notify",
            )
        if amount > 0:
            # The payment order (and the stickprov draw) in the decision's own transaction: a
            # decision is never committed without its order, and never gets two
            # (docs/adr/0008-payments-exactly-once.md). Through the declared hook that payments
            # registers (decisions/hooks.py), since payments depends on decisions.
            hooks.payable_decision_recorded(
                decision_id=decision.pk, decision=decision, application=application
            )
    return decision


def decision_replay_letter(decision: Decision) -> str:
    """Render the decision's letter again from its stored values (for the replay check)."""
    application = application_selectors.application_by_id(application_id=decision.application_id)
    return letter_render(
        letter_context(
            case_number=application.case.number,
            month=decision.period_start,
            decided_at=decision.decided_at,
            decided_by_label=decision.decided_by_label,
            delegation_reference=decision.delegation_reference,
            posts=decision.posts,
            motivering=decision.motivering,
            calculation_output=decision.calculation.output,
            rules_version=decision.calculation.rules_version,
            payment_date=decision.payment_date,
            automated=decision.automated,
            details=decision.letter_details,
            letter_format=decision.letter_format,
            rent_to_landlord=decision.rent_to_landlord or None,
        )
    )


# --- Delivery: the day the citizen got the decision (FL 44 §) -----------------------------------


def delivery_record_opened(*, decision: Decision, now: datetime | None = None) -> None:
    """Someone in the household opened the letter on Min sida (the caller checked access).

    Only the first opening counts: it is the day the citizen got the decision there."""
    now = now or timezone.now()
    updated = Delivery.objects.filter(
        decision=decision, channel=DeliveryChannel.MIN_SIDA, received_at__isnull=True
    ).update(received_at=now)
    if (
        not updated
        and not Delivery.objects.filter(
            decision=decision, channel=DeliveryChannel.MIN_SIDA
        ).exists()
    ):
        Delivery.objects.get_or_create(
            decision=decision,
            channel=DeliveryChannel.MIN_SIDA,
            defaults={"sent_at": decision.decided_at, "received_at": now},
        )


class DeliveryError(Exception):
    """A delivery cannot be recorded so (message in Swedish)."""


def delivery_record_received(
    *,
    decision: Decision,
    channel: DeliveryChannel,
    received_on: date,
    by: User | None,
    reference: str = "",
) -> Delivery:
    """The letter reached the citizen by post or in the digital mailbox on `received_on`
    (recorded by staff from a delivery receipt, or by the mailbox adapter)."""
    if channel == DeliveryChannel.MIN_SIDA:
        raise DeliveryError("Min sida registreras när brevet öppnas.")
    if received_on > timezone.localdate():
        raise DeliveryError("Datumet kan inte vara i framtiden.")
    if received_on < timezone.localdate(decision.decided_at):
        raise DeliveryError("Datumet kan inte vara före beslutsdagen.")
    at = timezone.make_aware(datetime.combine(received_on, datetime.min.time()))
    with transaction.atomic():
        delivery, created = Delivery.objects.select_for_update().get_or_create(
            decision=decision,
            channel=channel,
            defaults={"sent_at": at, "received_at": at, "recorded_by": by, "reference": reference},
        )
        if not created and delivery.received_at is None:
            delivery.received_at, delivery.recorded_by = at, by
            delivery.reference = delivery.reference or reference
            delivery.save(update_fields=["received_at", "recorded_by", "reference"])
    return delivery


# --- The second delivery channel (issue 12 item 3) -----------------------------------------------


def letters_due_for_second_channel(*, now: datetime | None = None) -> list[Decision]:
    """Decisions whose letter nobody has opened on Min sida within the set number of days
    (`settings.LETTER_SECOND_CHANNEL_DAYS`) and that no other channel has delivered or been
    asked to deliver. Superseded decisions are included: the citizen must get them too."""
    now = now or timezone.now()
    days = int(getattr(settings, "LETTER_SECOND_CHANNEL_DAYS", 5))
    cutoff = now - timedelta(days=days)
    unopened = Delivery.objects.filter(
        channel=DeliveryChannel.MIN_SIDA, received_at__isnull=True, sent_at__lte=cutoff
    ).values_list("decision_id", flat=True)
    already = Delivery.objects.exclude(channel=DeliveryChannel.MIN_SIDA).values_list(
        "decision_id", flat=True
    )
    return list(Decision.objects.filter(pk__in=unopened).exclude(pk__in=already).order_by("pk"))


def letter_send_second_channel(*, decision: Decision, now: datetime | None = None) -> Delivery:
    """Send an unopened letter to the applicant's digital mailbox if she has one; otherwise
    mark it for the next print batch (post). Recorded as a `Delivery` either way."""
    from . import letters, mailbox

    now = now or timezone.now()
    application = application_selectors.application_by_id(application_id=decision.application_id)
    personnummer = application.case.applicant.personnummer or ""
    try:
        client = mailbox.mailbox_client()
        if client is not None and personnummer and client.is_reachable(personnummer):
            message_id = client.send(
                personnummer=personnummer,
                subject=f"Beslut om ekonomiskt bistånd, ärende {application.case.number}",
                pdf=letters.letter_pdf(decision.letter_html),
                reference=f"beslut-{decision.pk}",
            )
            delivery, _ = Delivery.objects.get_or_create(
                decision=decision,
                channel=DeliveryChannel.DIGITAL_MAILBOX,
                defaults={"sent_at": now, "reference": message_id},
            )
            return delivery
    except mailbox.MailboxError:
        pass
    delivery, _ = Delivery.objects.get_or_create(
        decision=decision,
        channel=DeliveryChannel.POST,
        defaults={"sent_at": now, "reference": "väntar på utskrift"},
    )
    return delivery


def letters_send_second_channel(*, now: datetime | None = None) -> dict[str, int]:
    """The daily sweep: every letter due for a second channel, once (decision letters, then
    the återkrav and nödprövning letters)."""
    counts = {"digital_mailbox": 0, "post": 0}
    for decision in letters_due_for_second_channel(now=now):
        with transaction.atomic():
            delivery = letter_send_second_channel(decision=decision, now=now)
        counts[delivery.channel] += 1
    for letter in standalone_due_for_second_channel(now=now):
        with transaction.atomic():
            standalone = standalone_send_second_channel(letter=letter, now=now)
        counts[standalone.channel] += 1
    return counts


def letter_preference_set(*, user: User, by_post: bool) -> LetterPreference:
    """The citizen chooses whether decision letters also come by post (from the next one)."""
    preference, _ = LetterPreference.objects.update_or_create(
        user=user, defaults={"by_post": by_post}
    )
    return preference


# --- Standalone letters: återkrav and nödprövning -------------------------------------------


def standalone_letter_publish(
    *,
    case_id: int,
    kind: str,
    object_id: int,
    title: str,
    html: str,
    decided_at: datetime,
    addressee_ids: list[int],
) -> StandaloneLetter:
    """Publish a decision letter that is not a month's decision (an återkrav or a nödprövning)
    on Min sida for its addressees, and to the next print batch when one of them chose post.
    Idempotent per (kind, object)."""
    existing = StandaloneLetter.objects.filter(kind=kind, object_id=object_id).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        letter = StandaloneLetter.objects.create(
            case_id=case_id,
            kind=kind,
            object_id=object_id,
            title=title,
            html=html,
            decided_at=decided_at,
            addressee_ids=sorted(set(addressee_ids)),
        )
        StandaloneDelivery.objects.create(
            letter=letter, channel=DeliveryChannel.MIN_SIDA, sent_at=decided_at
        )
        if LetterPreference.objects.filter(user_id__in=addressee_ids, by_post=True).exists():
            StandaloneDelivery.objects.create(
                letter=letter,
                channel=DeliveryChannel.POST,
                sent_at=decided_at,
                reference="väntar på utskrift (vald av den enskilde)",
            )
    return letter


def standalone_record_opened(*, letter: StandaloneLetter, now: datetime | None = None) -> None:
    """An addressee opened the letter on Min sida: the first opening is the day she got it."""
    StandaloneDelivery.objects.filter(
        letter=letter, channel=DeliveryChannel.MIN_SIDA, received_at__isnull=True
    ).update(received_at=now or timezone.now())


def standalone_record_received(
    *, letter: StandaloneLetter, received_on: date, reference: str = ""
) -> StandaloneDelivery:
    """The letter sent by post reached the citizen on `received_on` (recorded by staff)."""
    if received_on > timezone.localdate():
        raise DeliveryError("Datumet kan inte vara i framtiden.")
    if received_on < timezone.localdate(letter.decided_at):
        raise DeliveryError("Datumet kan inte vara före beslutsdagen.")
    at = timezone.make_aware(datetime.combine(received_on, datetime.min.time()))
    with transaction.atomic():
        delivery, created = StandaloneDelivery.objects.select_for_update().get_or_create(
            letter=letter,
            channel=DeliveryChannel.POST,
            defaults={"sent_at": at, "received_at": at, "reference": reference},
        )
        if not created and delivery.received_at is None:
            delivery.received_at = at
            delivery.save(update_fields=["received_at"])
    return delivery


def standalone_due_for_second_channel(*, now: datetime | None = None) -> list[StandaloneLetter]:
    """Standalone letters not opened on Min sida within the set days and sent no other way."""
    now = now or timezone.now()
    days = int(getattr(settings, "LETTER_SECOND_CHANNEL_DAYS", 5))
    unopened = StandaloneDelivery.objects.filter(
        channel=DeliveryChannel.MIN_SIDA,
        received_at__isnull=True,
        sent_at__lte=now - timedelta(days=days),
    ).values_list("letter_id", flat=True)
    already = StandaloneDelivery.objects.exclude(channel=DeliveryChannel.MIN_SIDA).values_list(
        "letter_id", flat=True
    )
    return list(
        StandaloneLetter.objects.filter(pk__in=unopened).exclude(pk__in=already).order_by("pk")
    )


def standalone_send_second_channel(
    *, letter: StandaloneLetter, now: datetime | None = None
) -> StandaloneDelivery:
    """To the first addressee's digital mailbox if she has one, else the next print batch."""
    from . import letters, mailbox

    now = now or timezone.now()
    first = User.objects.filter(pk__in=letter.addressee_ids or []).order_by("pk").first()
    personnummer = (first.personnummer or "") if first is not None else ""
    try:
        client = mailbox.mailbox_client()
        if client is not None and personnummer and client.is_reachable(personnummer):
            message_id = client.send(
                personnummer=personnummer,
                subject=letter.title,
                pdf=letters.letter_pdf(letter.html),
                reference=f"{letter.kind}-{letter.pk}",
            )
            delivery, _ = StandaloneDelivery.objects.get_or_create(
                letter=letter,
                channel=DeliveryChannel.DIGITAL_MAILBOX,
                defaults={"sent_at": now, "reference": message_id},
            )
            return delivery
    except mailbox.MailboxError:
        pass
    delivery, _ = StandaloneDelivery.objects.get_or_create(
        letter=letter,
        channel=DeliveryChannel.POST,
        defaults={"sent_at": now, "reference": "väntar på utskrift"},
    )
    return delivery


# --- Nödprövning (issue 12 item 12) ---------------------------------------------------------------

EMERGENCY_MEANS_TEXT = {
    "kontant": "Du får pengarna kontant i vår reception i dag, mot kvitto.",
    "kort": "Pengarna är laddade på ett kort som du får i vår reception i dag.",
    "leverantor": (
        "Vi skickar en rekvisition till {supplier}. Där får du det du behöver i dag utan att "
        "betala; du får inga pengar själv. Leverantören skickar fakturan till oss."
    ),
}


@dataclass(frozen=True)
class EmergencyRequest:
    """What a nödprövning is decided on: minimal facts, in the staff member's words."""

    need: str
    need_label: str
    applied: Decimal
    granted: Decimal
    facts: str
    reason: str
    means: str = ""
    supplier: str = ""


def emergency_decision_make(
    *, case: Any, person: User, request: EmergencyRequest, decided_by: User
) -> EmergencyDecision:
    """Record a nödprövning decision, its letter (published on Min sida and by the usual
    channels) and its case event, under the decider's `nodprovning` point in the
    delegationsordning in force today (a delegate without one is refused). Only a person
    decides a nödprövning, never the automated function. The caller pays it at once."""
    from bistand.core.delegation import NODPROVNING, delegation_reference

    if request.granted < 0 or request.granted > request.applied or request.applied <= 0:
        raise ValueError("granted must be between 0 and the amount applied for")
    decided_at = timezone.now()
    today = timezone.localdate(decided_at)
    refuses = request.granted < request.applied
    delegation_authorise(
        key=decided_by.role, on=today, refuses=refuses, amount=request.granted, kind=NODPROVNING
    )
    reference = delegation_reference(role=decided_by.role, on=today, kind=NODPROVNING)
    label = decided_by.display_name or decided_by.username
    outcome = (
        Outcome.REJECTED
        if request.granted <= 0
        else Outcome.PARTLY_GRANTED
        if refuses
        else Outcome.GRANTED
    )
    basis = legal_basis(today)
    details = letter_details_for_case(case=case, case_worker=label)
    if not details["addressee"] and person.display_name:
        details["addressee"] = [person.display_name]
    means_text = (
        EMERGENCY_MEANS_TEXT[request.means].format(supplier=request.supplier)
        if request.granted > 0
        else ""
    )
    with transaction.atomic():
        letter = render_to_string(
            "decisions/emergency_letter.html",
            {
                "municipality_name": settings.MUNICIPALITY_NAME,
                "case_number": case.number,
                "decided_on": f"{timezone.localtime(decided_at):%Y-%m-%d}",
                "decided_time": f"{timezone.localtime(decided_at):%H.%M}",
                "decided_by_label": label,
                "delegation_reference": reference,
                "need_label": request.need_label,
                "applied": kronor(request.applied),
                "granted": kronor(request.granted),
                "refused": kronor(request.applied - request.granted),
                "outcome": outcome.value,
                "means_text": means_text,
                "reason": request.reason,
                "legal_source": basis.right,
                "details": details,
            },
        )
        emergency = EmergencyDecision.objects.create(
            case_id=case.pk,
            person=person,
            need=request.need,
            need_label=request.need_label,
            applied=request.applied,
            amount=request.granted,
            outcome=outcome,
            facts=request.facts,
            reason=request.reason,
            means=request.means if request.granted > 0 else "",
            supplier=request.supplier if request.granted > 0 else "",
            decided_at=decided_at,
            decided_by=decided_by,
            decided_by_label=label,
            delegation_reference=reference,
            letter_html=letter,
        )
        standalone_letter_publish(
            case_id=case.pk,
            kind=StandaloneLetterKind.EMERGENCY,
            object_id=emergency.pk,
            title=f"Beslut efter nödprövning {today:%Y-%m-%d}",
            html=letter,
            decided_at=decided_at,
            addressee_ids=[person.pk],
        )
        case_services.event_record(
            case=case,
            kind=decision_events.EMERGENCY_DECIDED,
            actor=decided_by,
            actor_label=label,
            data={
                "emergency_id": emergency.pk,
                "outcome": outcome.value,
                "amount": f"{request.granted:.2f}",
                "need": request.need,
            },
        )
    return emergency


def emergency_follow_up_record(*, case_id: int, application_id: int, decision_id: int) -> int:
    """A case worker decided the case's next ordinary application: every nödprövning made
    before it and not yet followed up is followed up in it. Returns how many."""
    count = 0
    for emergency in EmergencyDecision.objects.filter(
        case_id=case_id, follow_up__isnull=True
    ).order_by("pk"):
        EmergencyFollowUp.objects.get_or_create(
            emergency=emergency,
            defaults={"application_id": application_id, "decision_id": decision_id},
        )
        count += 1
    return count
