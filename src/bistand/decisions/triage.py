"""Triage: may the automated decision function decide this application under the delegation?

Pure functions over `TriageFacts`; every reason a case goes to the shared queue is a code with a
Swedish sentence, so the queue can filter on it and the case worker can read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_noop

from bistand.core.delegation import Delegation


@dataclass(frozen=True)
class Reason:
    code: str
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "text": self.text}


@dataclass(frozen=True)
class TriageFacts:
    kind: str  # "new" | "recurring"
    consent_to_registers: bool
    household_changed: bool = False
    rent_changed: bool = False
    income_types_changed: bool = False
    declared_income: dict[str, Decimal] = field(default_factory=dict)
    register_income: dict[str, Decimal] = field(default_factory=dict)
    registered_at_af: bool | None = None
    active_plan: bool | None = None
    sickness: bool = False
    livsforing_needs: tuple[str, ...] = ()
    norm_adjustment_requested: bool = False
    rent_above_guideline: bool = False
    missing_sources: tuple[str, ...] = ()
    late_sources: tuple[str, ...] = ()  # answered too late (status "timeout"), any source
    eligible: bool = True
    amount: Decimal = Decimal("0.00")
    # issue 11: who belongs, assets, other costs, and whether "nothing changed" was checked
    skolungdom_missing: tuple[str, ...] = ()
    skolungdom_changed: tuple[str, ...] = ()
    # The applicant is 18–20 (12 kap. 9 § SoL 2025:400): in school (the parents' duty of
    # support and household come first), or applying as an own household for the first time.
    young_adult_in_school: bool = False
    young_adult_first_application: bool = False
    assets_not_liquid: tuple[str, ...] = ()
    assets_above_buffer: bool = False
    assets_changed: bool = False
    costs_changed: tuple[str, ...] = ()
    costs_above_guideline: tuple[str, ...] = ()
    work_travel_without_employment: bool = False
    compared_with_last_month: bool = False
    # Nödprövningar in the case not yet followed up (their dates): a person follows them up.
    emergencies_open: tuple[str, ...] = ()

    @property
    def checked_unchanged(self) -> bool:
        """True only when this month was compared with last month's decided application and
        nothing that the calculation rests on has changed: only then may the robot's motivering
        say "inget har ändrats sedan förra månaden"."""
        return (
            self.compared_with_last_month
            and not self.household_changed
            and not self.rent_changed
            and not self.income_types_changed
            and not self.skolungdom_changed
            and not self.young_adult_in_school
            and not self.assets_changed
            and not self.costs_changed
        )


REASON_TEXTS = {
    "new_application": gettext_noop("Nyansökan: en handläggare prövar alltid en första ansökan."),
    "not_delegated": gettext_noop(
        "Delegationen tillåter inte automatiskt beslut i den här typen av ärende."
    ),
    "no_consent": gettext_noop("Samtycke till att hämta uppgifter från andra myndigheter saknas."),
    "household_changed": gettext_noop("Hushållet har ändrats sedan förra månaden."),
    "rent_changed": gettext_noop("Hyran har ändrats sedan förra månaden."),
    "income_types_changed": gettext_noop("Andra slags inkomster än förra månaden."),
    "income_mismatch": gettext_noop(
        "Inkomsterna i ansökan skiljer sig från uppgifterna hos myndigheterna."
    ),
    "not_registered_af": gettext_noop("Inte inskriven hos Arbetsförmedlingen."),
    "no_active_plan": gettext_noop("Ingen aktiv planering hos Arbetsförmedlingen."),
    "sickness": gettext_noop(
        "Sjukdom uppgiven eller sjukpenning registrerad: behöver en individuell bedömning."
    ),
    "livsforing_needs": gettext_noop(
        "Ansökan om kostnader utöver normen (levnadskostnader i övrigt) kräver "
        "en individuell bedömning."
    ),
    "norm_adjustment_requested": gettext_noop("Begäran om annan norm än riksnormen."),
    "rent_above_guideline": gettext_noop("Hyran är högre än kommunens riktlinje."),
    "register_data_missing": gettext_noop("Uppgifter från en eller flera myndigheter saknas."),
    "register_late": gettext_noop(
        "En eller flera myndigheter svarade inte i tid, så uppgifterna kunde inte "
        "kontrolleras automatiskt."
    ),
    "would_reject": gettext_noop(
        "Ansökan skulle avslås helt eller delvis, och det får bara en handläggare besluta."
    ),
    "calculation_failed": gettext_noop(
        "Uppgifterna kunde inte räknas automatiskt; en handläggare räknar."
    ),
    "above_max_amount": gettext_noop("Beloppet är högre än vad delegationen tillåter automatiskt."),
    "skolungdom_missing": gettext_noop(
        "Det saknas svar om skolgång för ett barn eller en sökande som är "
        "18–20 år; det avgör vilket hushåll den unga hör till (12 kap. 9 § socialtjänstlagen)."
    ),
    "skolungdom_changed": gettext_noop(
        "Skolgången har ändrats för ett barn eller en sökande som är 18–20 år; "
        "en ung vuxen som har slutat skolan är ett eget hushåll."
    ),
    "young_adult_in_school": gettext_noop(
        "Den sökande är 18–20 år och går i skolan. Bor hen hos sina "
        "föräldrar räknas hen i deras hushåll (12 kap. 9 § socialtjänstlagen), och föräldrarna ska "
        "försörja hen under skolgången; en handläggare prövar ansökan."
    ),
    "young_adult_first_application": gettext_noop(
        "Första ansökan från en ung vuxen 18–20 år som söker som "
        "eget hushåll: en handläggare prövar att hen har slutat skolan och hur hemmet delas "
        "(12 kap. 9 § socialtjänstlagen, 12 kap. 3 § andra stycket socialtjänstförordningen)."
    ),
    "assets_not_liquid": gettext_noop(
        "Tillgångar som inte är pengar (fordon, bostad, värdepapper m.m.) prövas "
        "av en handläggare och dras aldrig av automatiskt."
    ),
    "assets_above_buffer": gettext_noop("Pengarna på banken är mer än bufferten."),
    "assets_changed": gettext_noop("Tillgångarna har ändrats sedan förra månaden."),
    "costs_changed": gettext_noop(
        "Kostnader utöver hyran är nya eller har ändrats sedan förra månaden."
    ),
    "costs_above_guideline": gettext_noop("En kostnad är högre än kommunens riktlinje."),
    "work_travel_without_employment": gettext_noop(
        "Arbetsresor är angivna, men arbete eller lön finns inte i ansökan eller hos myndigheterna."
    ),
    "emergency_followup": gettext_noop(
        "Nödbistånd har beviljats eller prövats sedan förra beslutet; en "
        "handläggare följer upp nödprövningen i den här ansökan."
    ),
    "citizen_supplement": gettext_noop(
        "Den sökande har kompletterat ansökan efter att den skickades; en "
        "handläggare läser kompletteringen och prövar ansökan."
    ),
    "rules_not_approved": gettext_noop(
        "Socialnämnden har inte godkänt regelversionen som beräkningen gjordes "
        "med, så den automatiska beslutsfunktionen får inte besluta."
    ),
}


def reason(code: str, detail: str = "") -> Reason:
    text = REASON_TEXTS[code]
    return Reason(code=code, text=f"{text} {detail}".strip())


def triage(facts: TriageFacts, delegation: Delegation) -> list[Reason]:
    """The reasons why a case worker must decide; an empty list means the robot may decide."""
    reasons: list[Reason] = []
    if facts.kind == "new" and not delegation.new_applications:
        reasons.append(reason("new_application"))
    if facts.kind == "recurring" and not delegation.recurring_applications:
        reasons.append(reason("not_delegated"))
    if not facts.consent_to_registers:
        reasons.append(reason("no_consent"))
    if facts.household_changed:
        reasons.append(reason("household_changed"))
    if facts.rent_changed:
        reasons.append(reason("rent_changed"))
    if facts.income_types_changed:
        reasons.append(reason("income_types_changed"))
    mismatches = income_mismatches(
        facts.declared_income, facts.register_income, delegation.income_mismatch_threshold
    )
    if mismatches:
        reasons.append(reason("income_mismatch", "(" + ", ".join(mismatches) + ")"))
    if facts.registered_at_af is False:
        reasons.append(reason("not_registered_af"))
    elif facts.registered_at_af and facts.active_plan is False:
        reasons.append(reason("no_active_plan"))
    if facts.sickness:
        reasons.append(reason("sickness"))
    if facts.livsforing_needs:
        reasons.append(reason("livsforing_needs", "(" + ", ".join(facts.livsforing_needs) + ")"))
    if facts.norm_adjustment_requested:
        reasons.append(reason("norm_adjustment_requested"))
    if facts.rent_above_guideline:
        reasons.append(reason("rent_above_guideline"))
    missing = sorted(set(facts.missing_sources) & set(delegation.required_sources))
    if missing or (facts.registered_at_af is None and "AF" in delegation.required_sources):
        reasons.append(reason("register_data_missing", "(" + ", ".join(missing or ["AF"]) + ")"))
    if facts.late_sources:
        # A late answer is never a rejection: a case worker looks (docs/adr/0140).
        reasons.append(reason("register_late", "(" + ", ".join(facts.late_sources) + ")"))
    # The automated function never refuses (its delegation cannot include refusals).
    if not facts.eligible or facts.amount <= 0:
        reasons.append(reason("would_reject"))
    if facts.amount > delegation.max_amount:
        reasons.append(reason("above_max_amount"))
    if facts.skolungdom_missing:
        reasons.append(
            reason("skolungdom_missing", "(" + ", ".join(facts.skolungdom_missing) + ")")
        )
    if facts.skolungdom_changed:
        reasons.append(
            reason("skolungdom_changed", "(" + ", ".join(facts.skolungdom_changed) + ")")
        )
    if facts.young_adult_in_school:
        reasons.append(reason("young_adult_in_school"))
    if facts.young_adult_first_application:
        reasons.append(reason("young_adult_first_application"))
    if facts.assets_not_liquid:
        reasons.append(reason("assets_not_liquid", "(" + ", ".join(facts.assets_not_liquid) + ")"))
    if facts.assets_above_buffer:
        reasons.append(reason("assets_above_buffer"))
    if facts.assets_changed:
        reasons.append(reason("assets_changed"))
    if facts.costs_changed:
        reasons.append(reason("costs_changed", "(" + ", ".join(facts.costs_changed) + ")"))
    if facts.costs_above_guideline:
        reasons.append(
            reason("costs_above_guideline", "(" + ", ".join(facts.costs_above_guideline) + ")")
        )
    if facts.work_travel_without_employment:
        reasons.append(reason("work_travel_without_employment"))
    if facts.emergencies_open:
        reasons.append(
            reason("emergency_followup", "(nödprövning " + ", ".join(facts.emergencies_open) + ")")
        )
    return reasons


def income_mismatches(
    declared: dict[str, Decimal], registered: dict[str, Decimal], threshold: Decimal
) -> list[str]:
    """Income types where declared and register amounts differ by more than the threshold.
    Only types the registers report on are compared (a register cannot confirm what it lacks)."""
    return [
        income_type
        for income_type in sorted(registered)
        if abs(declared.get(income_type, Decimal("0")) - registered[income_type]) > threshold
    ]
