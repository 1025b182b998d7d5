"""Why an application went to a case worker, in Swedish: one label per routing reason.

The triage (decisions.triage) and the pipeline store each reason as ``{"code", "text"}``. Older
rows and the demo history use a few other codes for the same reason (``changed_household`` for
``household_changed`` …); they are merged here, so the queue, the case page and follow-up count
and show one reason once. The detail in brackets ("(salary)") is stored as codes; ``sentence``
shows it in Swedish.
"""

from __future__ import annotations

import re
from typing import Any

from bistand.rules.income_types import INCOME_LABELS

from .triage import REASON_TEXTS

# Short labels for tables and filters (the full sentence is in triage.REASON_TEXTS).
REASON_LABELS: dict[str, str] = {
    "new_application": "Nyansökan",
    "not_delegated": "Ingen delegation för automatiskt beslut",
    "no_consent": "Samtycke saknas",
    "household_changed": "Hushållet har ändrats",
    "rent_changed": "Hyran har ändrats",
    "income_types_changed": "Andra slags inkomster",
    "income_mismatch": "Inkomster skiljer sig från myndigheternas",
    "not_registered_af": "Inte inskriven hos Arbetsförmedlingen",
    "no_active_plan": "Ingen aktiv planering hos Arbetsförmedlingen",
    "sickness": "Sjukdom",
    "livsforing_needs": "Behov utöver normen",
    "norm_adjustment_requested": "Begäran om annan norm",
    "rent_above_guideline": "Hyran över riktlinjen",
    "register_data_missing": "Uppgifter från myndigheter saknas",
    "register_late": "Myndigheter svarade inte i tid",
    "would_reject": "Avslag helt eller delvis",
    "calculation_failed": "Kunde inte räknas automatiskt",
    "above_max_amount": "Beloppet över delegationens gräns",
    "skolungdom_missing": "Skolgång saknas för barn 18–20 år",
    "skolungdom_changed": "Skolgången har ändrats för barn 18–20 år",
    "young_adult_in_school": "Sökande 18–20 år går i skolan",
    "young_adult_first_application": "Ung vuxen söker första gången",
    "assets_not_liquid": "Tillgångar som inte är pengar",
    "assets_above_buffer": "Pengar på banken över bufferten",
    "assets_changed": "Tillgångarna har ändrats",
    "costs_changed": "Kostnader har ändrats",
    "costs_above_guideline": "Kostnad över riktlinjen",
    "work_travel_without_employment": "Arbetsresor utan arbete",
    "rules_not_approved": "Regelversionen är inte godkänd",
    "emergency_followup": "Nödprövning att följa upp",
    "citizen_supplement": "Den sökande har kompletterat",
    # Reasons added when no triage row exists (paper intake, items from other apps).
    "paper_application": "Pappersansökan",
    "no_triage": "Ingen automatisk prövning gjord",
}

# Other codes for the same reason (older rows, the demo history): merged into one.
ALIASES: dict[str, str] = {
    "changed_household": "household_changed",
    "register_mismatch": "income_mismatch",
    "income_change": "income_types_changed",
    "needs_assessment": "livsforing_needs",
}

EXTRA_TEXTS: dict[str, str] = {
    "paper_application": "Pappersansökan: en handläggare registrerar och prövar den.",
    "no_triage": "Ansökan har inte prövats av den automatiserade beslutsfunktionen; en "
    "handläggare prövar den.",
}

# Codes that may appear in the bracketed detail, in Swedish.
DETAIL_LABELS: dict[str, str] = {
    **{key: label.lower() for key, label in INCOME_LABELS.items()},
    "tandvard": "tandvård",
    "lakarvard": "läkarvård och medicin",
    "medicin": "medicin",
    "glasogon": "glasögon",
    "glasses": "glasögon",
    "barnomsorg": "barnomsorg",
    "hemutrustning": "hemutrustning",
    "flyttkostnad": "flyttkostnad",
    "spadbarnsutrustning": "spädbarnsutrustning",
    "umgangesresor": "umgängesresor",
    "other": "annat behov",
    "dental": "tandvård",
    "medical": "läkarvård och medicin",
}

_DETAIL = re.compile(r"\(([^()]*)\)\s*$")


def canonical(code: str) -> str:
    return ALIASES.get(code, code)


def label(code: str) -> str:
    """The short Swedish label of a reason code (merged with its aliases)."""
    code = canonical(code)
    return REASON_LABELS.get(code, "Annat skäl")


def _detail(text: str) -> str:
    match = _DETAIL.search(text or "")
    if not match:
        return ""
    tokens = [t.strip() for t in match.group(1).split(",") if t.strip()]
    return "(" + ", ".join(DETAIL_LABELS.get(t, t) for t in tokens) + ")"


def sentence(reason: dict[str, Any]) -> str:
    """The full Swedish sentence for a stored reason, with its detail in Swedish."""
    code = canonical(str(reason.get("code", "")))
    base = REASON_TEXTS.get(code) or EXTRA_TEXTS.get(code)
    if base is None:
        return str(reason.get("text") or label(code))
    return f"{base} {_detail(str(reason.get('text', '')))}".strip()


def merged(reasons: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Stored reasons with aliases merged (each reason once): code, label and sentence."""
    seen: set[str] = set()
    out = []
    for reason in reasons or []:
        code = canonical(str(reason.get("code", "")))
        if code in seen:
            continue
        seen.add(code)
        out.append({"code": code, "label": label(code), "text": sentence(reason)})
    return out


def fallback(*, channel: str) -> list[dict[str, str]]:
    """Why an application without a triage row is in the queue."""
    code = "paper_application" if channel == "paper" else "no_triage"
    return [{"code": code, "label": label(code), "text": EXTRA_TEXTS[code]}]
