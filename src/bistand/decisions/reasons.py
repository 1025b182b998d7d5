"""Why an application went to a case worker, in Swedish: one label per routing reason.

The triage (decisions.triage) and the pipeline store each reason as ``{"code", "text"}``. Older
rows and the demo history use a few other codes for the same reason (``changed_household`` for
``household_changed`` …); they are merged here, so the queue, the case page and follow-up count
and show one reason once. The detail in brackets ("(salary)") is stored as codes; ``sentence``
shows it in Swedish.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext, gettext_noop

from bistand.rules.income_types import INCOME_LABELS

from .triage import REASON_TEXTS

# Short labels for tables and filters (the full sentence is in triage.REASON_TEXTS).
REASON_LABELS: dict[str, str] = {
    "new_application": gettext_noop("Nyansökan"),
    "not_delegated": gettext_noop("Ingen delegation för automatiskt beslut"),
    "no_consent": gettext_noop("Samtycke saknas"),
    "household_changed": gettext_noop("Hushållet har ändrats"),
    "rent_changed": gettext_noop("Hyran har ändrats"),
    "income_types_changed": gettext_noop("Andra slags inkomster"),
    "income_mismatch": gettext_noop("Inkomster skiljer sig från myndigheternas"),
    "not_registered_af": gettext_noop("Inte inskriven hos Arbetsförmedlingen"),
    "no_active_plan": gettext_noop("Ingen aktiv planering hos Arbetsförmedlingen"),
    "sickness": gettext_noop("Sjukdom"),
    "livsforing_needs": gettext_noop("Behov utöver normen"),
    "norm_adjustment_requested": gettext_noop("Begäran om annan norm"),
    "rent_above_guideline": gettext_noop("Hyran över riktlinjen"),
    "register_data_missing": gettext_noop("Uppgifter från myndigheter saknas"),
    "register_late": gettext_noop("Myndigheter svarade inte i tid"),
    "would_reject": gettext_noop("Avslag helt eller delvis"),
    "calculation_failed": gettext_noop("Kunde inte räknas automatiskt"),
    "above_max_amount": gettext_noop("Beloppet över delegationens gräns"),
    "skolungdom_missing": gettext_noop("Skolgång saknas för barn 18–20 år"),
    "skolungdom_changed": gettext_noop("Skolgången har ändrats för barn 18–20 år"),
    "young_adult_in_school": gettext_noop("Sökande 18–20 år går i skolan"),
    "young_adult_first_application": gettext_noop("Ung vuxen söker första gången"),
    "assets_not_liquid": gettext_noop("Tillgångar som inte är pengar"),
    "assets_above_buffer": gettext_noop("Pengar på banken över bufferten"),
    "assets_changed": gettext_noop("Tillgångarna har ändrats"),
    "costs_changed": gettext_noop("Kostnader har ändrats"),
    "costs_above_guideline": gettext_noop("Kostnad över riktlinjen"),
    "work_travel_without_employment": gettext_noop("Arbetsresor utan arbete"),
    "rules_not_approved": gettext_noop("Regelversionen är inte godkänd"),
    "emergency_followup": gettext_noop("Nödprövning att följa upp"),
    "citizen_supplement": gettext_noop("Den sökande har kompletterat"),
    # Reasons added when no triage row exists (paper intake, items from other apps).
    "paper_application": gettext_noop("Pappersansökan"),
    "no_triage": gettext_noop("Ingen automatisk prövning gjord"),
}

# Other codes for the same reason (older rows, the demo history): merged into one.
ALIASES: dict[str, str] = {
    "changed_household": "household_changed",
    "register_mismatch": "income_mismatch",
    "income_change": "income_types_changed",
    "needs_assessment": "livsforing_needs",
}

EXTRA_TEXTS: dict[str, str] = {
    "paper_application": gettext_noop("Pappersansökan: en handläggare registrerar och prövar den."),
    "no_triage": gettext_noop(
        "Ansökan har inte prövats av den automatiserade beslutsfunktionen; en "
        "handläggare prövar den."
    ),
}

# The income types' labels (bistand.rules.income_types, which has no Django) marked for the
# catalogue, so that staff pages in English name incomes in English (gettext at display). A test
# checks that this lists every label of the catalogue.
INCOME_LABEL_MSGIDS: tuple[str, ...] = (
    gettext_noop("Lön"),
    gettext_noop("Barnbidrag"),
    gettext_noop("Bostadsbidrag"),
    gettext_noop("Underhållsstöd"),
    gettext_noop("Sjukpenning"),
    gettext_noop("Aktivitetsstöd"),
    gettext_noop("Arbetslöshetsersättning"),
    gettext_noop("Studiemedel"),
    gettext_noop("Pension"),
    gettext_noop("Föräldrapenning"),
    gettext_noop("Skatteåterbäring"),
    gettext_noop("Övrig inkomst"),
    gettext_noop("Merkostnadsersättning"),
)

# Codes that may appear in the bracketed detail, in Swedish.
DETAIL_LABELS: dict[str, str] = {
    **{key: label.lower() for key, label in INCOME_LABELS.items()},
    "tandvard": gettext_noop("tandvård"),
    "lakarvard": gettext_noop("läkarvård och medicin"),
    "medicin": gettext_noop("medicin"),
    "glasogon": gettext_noop("glasögon"),
    "glasses": gettext_noop("glasögon"),
    "barnomsorg": gettext_noop("barnomsorg"),
    "hemutrustning": gettext_noop("hemutrustning"),
    "flyttkostnad": gettext_noop("flyttkostnad"),
    "spadbarnsutrustning": gettext_noop("spädbarnsutrustning"),
    "umgangesresor": gettext_noop("umgängesresor"),
    "other": gettext_noop("annat behov"),
    "dental": gettext_noop("tandvård"),
    "medical": gettext_noop("läkarvård och medicin"),
}

_DETAIL = re.compile(r"\(([^()]*)\)\s*$")


def canonical(code: str) -> str:
    return ALIASES.get(code, code)


def _in(translate: bool) -> Callable[[str], str]:
    """Swedish as stored (follow-up, the stored rows), or the reader's language (staff pages)."""
    return gettext if translate else str


def label(code: str, *, translate: bool = False) -> str:
    """The short Swedish label of a reason code (merged with its aliases); with `translate`, in
    the language of the page."""
    code = canonical(code)
    return _in(translate)(REASON_LABELS.get(code, gettext_noop("Annat skäl")))


def _detail_word(token: str, translate: bool) -> str:
    """One code in the bracketed detail, as a word in running text (lower case)."""
    word = DETAIL_LABELS.get(token)
    if word is None or not translate:
        return word or token
    if token in INCOME_LABELS and word == INCOME_LABELS[token].lower():
        return gettext(INCOME_LABELS[token]).lower()  # the income type's label, translated
    return gettext(word)


def _detail(text: str, translate: bool = False) -> str:
    match = _DETAIL.search(text or "")
    if not match:
        return ""
    tokens = [t.strip() for t in match.group(1).split(",") if t.strip()]
    return "(" + ", ".join(_detail_word(t, translate) for t in tokens) + ")"


def sentence(reason: dict[str, Any], *, translate: bool = False) -> str:
    """The full Swedish sentence for a stored reason, with its detail in Swedish; with
    `translate`, both in the language of the page."""
    code = canonical(str(reason.get("code", "")))
    base = REASON_TEXTS.get(code) or EXTRA_TEXTS.get(code)
    if base is None:
        return str(reason.get("text") or label(code, translate=translate))
    return f"{_in(translate)(base)} {_detail(str(reason.get('text', '')), translate)}".strip()


def merged(reasons: list[dict[str, Any]], *, translate: bool = False) -> list[dict[str, str]]:
    """Stored reasons with aliases merged (each reason once): code, label and sentence. Swedish,
    or with `translate` in the language of the page (the staff pages; follow-up keeps Swedish,
    its figures are folded and kept)."""
    seen: set[str] = set()
    out = []
    for reason in reasons or []:
        code = canonical(str(reason.get("code", "")))
        if code in seen:
            continue
        seen.add(code)
        out.append(
            {
                "code": code,
                "label": label(code, translate=translate),
                "text": sentence(reason, translate=translate),
            }
        )
    return out


def fallback(*, channel: str, translate: bool = False) -> list[dict[str, str]]:
    """Why an application without a triage row is in the queue."""
    code = "paper_application" if channel == "paper" else "no_triage"
    return [
        {
            "code": code,
            "label": label(code, translate=translate),
            "text": _in(translate)(EXTRA_TEXTS[code]),
        }
    ]
