"""The e-service's pages in the case worker's voice, for paper intake (issue 14 item 5).

A case worker who types in a paper application is not the applicant: "Bor du med en sambo?"
becomes "Bor sökanden med en sambo, make eller maka?". The fields, their names, choices' values
and validation stay the e-service's own (one implementation: applications.forms); only what is
read on the page changes: page titles, labels, hints, choice labels, group headings and the
messages at the field.

:func:`staff_form` gives a subclass of an e-service step form that rewrites itself after it has
built its fields, so that error messages found on validation are in staff voice too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from django import forms
from django.utils.translation import gettext_lazy as _

__all__ = ["STEP_TITLES", "group_title", "staff_form"]

STEP_TITLES: dict[str, Any] = {
    "andringar": _("Har något ändrats sedan förra ansökan?"),
    "hushall": _("Vilka bor i sökandens hushåll?"),
    "barn": _("Barnen i sökandens hushåll"),
    "barn-mer": _("Mer om barnen i sökandens hushåll"),
    "andra-vuxna": _("Andra vuxna i sökandens hushåll"),
    "boende": _("Sökandens boende och kostnader"),
    "inkomster": _("Hushållets inkomster den här månaden"),
    "inkomstbelopp": _("Hur stora är hushållets inkomster den här månaden?"),
    "fordon": _("Vad är hushållets fordon värt?"),
    "tillgangar": _("Hushållets pengar och andra tillgångar"),
    "sysselsattning": _("Arbete, studier och hälsa"),
    "behov": _("Andra kostnader som sökanden behöver hjälp med"),
    "utbetalning": _("Bankkonto för utbetalning"),
    "samtycke": _("Samtycke och underskrift på pappret"),
}


@dataclass(frozen=True)
class Voice:
    label: Any = None
    help_text: Any = None
    required: Any = None  # the message when the field is left empty
    choices: dict[str, Any] | None = None


# Field name (a pattern; "(\d+)" is the child's or adult's number, "(a1|p1|o\d+)" a member)
# → what the case worker reads. "%(n)s" is the number.
FIELDS: dict[str, Voice] = {
    # Household
    "has_partner": Voice(
        _("Bor sökanden med en sambo, make eller maka?"),
        required=_("Svara om sökanden bor med en sambo, make eller maka."),
    ),
    "partner_personnummer": Voice(
        _("Sambons, makens eller makans personnummer"),
        _("12 siffror: ÅÅÅÅMMDD-NNNN. Båda har skrivit under pappersansökan."),
    ),
    "children_count": Voice(
        _("Hur många barn bor hos sökanden, helt eller en del av tiden?"),
        _("Räkna med barn som bor hos sökanden några dagar i månaden (umgängesbarn)."),
        _("Skriv hur många barn som bor hos sökanden. Skriv 0 om inga barn bor där."),
    ),
    "other_adults_count": Voice(
        _("Hur många andra vuxna bor hos sökanden?"),
        _("Till exempel vuxna barn, föräldrar eller kompisar. Inte sambon, maken eller makan."),
        _("Skriv hur många andra vuxna som bor hos sökanden. Skriv 0 om ingen gör det."),
    ),
    # Children
    r"c(\d+)_lives": Voice(
        _("Barn %(n)s: hur bor barnet hos sökanden?"),
        required=_("Svara hur barnet bor hos sökanden."),
        choices={
            "full": _("Barnet bor hos sökanden hela tiden eller varannan vecka"),
            "umgange": _("Barnet bor hos sökanden några dagar i månaden (umgänge)"),
            "main_umgange": _(
                "Barnet bor hos sökanden och är ibland hos sin andra förälder (umgänge)"
            ),
        },
    ),
    r"c(\d+)_incomes": Voice(
        help_text=_("Välj alla som stämmer. Beloppen skrivs på en egen sida för barnet."),
    ),
    r"c(\d+)_umgange_days": Voice(
        _("Barn %(n)s: hur många dagar i månaden är barnet hos sökanden?"),
        required=_("Skriv hur många dagar i månaden barnet är hos sökanden."),
    ),
    r"c(\d+)_in_school": Voice(
        help_text=_(
            "Barnet är 18–20 år. En ung vuxen som har slutat skolan räknas inte i sökandens "
            "hushåll utan kan söka själv."
        ),
    ),
    # Other adults
    r"o(\d+)_relation": Voice(
        _("Vuxen %(n)s: vem är personen för sökanden?"),
        _(
            "Den som bor hos sökanden utan att vara make, maka eller sambo räknas som ett eget "
            "hushåll. Hens inkomster räknas inte i ansökan, och sökanden får sin del av de "
            "gemensamma kostnaderna och av hyran."
        ),
        _("Svara vem personen är för sökanden."),
    ),
    # Housing
    "housing_type": Voice(
        _("Hur bor sökanden?"),
        required=_("Välj hur sökanden bor."),
        choices={"none": _("Sökanden har ingen egen bostad")},
    ),
    "rent": Voice(help_text=_("Det sökanden betalar, efter eventuell rabatt.")),
    "agreed_rent_share": Voice(
        _("Sökandens del av hyran, om de har kommit överens om en annan fördelning"),
        _(
            "Sökanden delar bostaden med någon som inte är sambo. Skriv hela bostadens hyra "
            "ovan. Finns ett andrahandskontrakt eller en annan överenskommelse om hur hyran "
            "delas, skriv sökandens del här. Annars räknas hyran och elen lika per person."
        ),
    ),
    # Incomes
    "a1_sources": Voice(
        _("Vilka inkomster har sökanden den här månaden?"),
        _("Välj alla som står på pappret. Beloppen skrivs på nästa sida."),
        _("Välj sökandens inkomster, eller Inga inkomster den här månaden."),
    ),
    "p1_sources": Voice(
        _("Vilka inkomster har sambon, maken eller makan den här månaden?"),
        _("Välj alla som står på pappret. Beloppen skrivs på nästa sida."),
        _("Välj sambons inkomster, eller Inga inkomster den här månaden."),
    ),
    # Assets
    "bank_balance": Voice(
        required=_("Skriv hur mycket pengar hushållet har. Skriv 0 om de inte har några.")
    ),
    "vehicle_value": Voice(
        _("Ungefär vad är fordonet värt om hushållet säljer det?"),
        _("Har hushållet flera fordon: skriv vad de är värda tillsammans."),
    ),
    # Work
    r"(a1|p1|o\d+)_situation": Voice(
        _("%(who)s: vad gör personen just nu?"), required=_("Välj det som stämmer bäst.")
    ),
    r"(a1|p1|o\d+)_details": Voice(
        _("%(who)s: mer om situationen (frivilligt)"),
        _("Till exempel hur mycket personen arbetar eller hur länge hen är sjukskriven."),
    ),
    # Needs: which (one question), then each chosen need's amount and reason on a page of its own
    "needs": Voice(
        _("Vilka andra kostnader behöver sökanden hjälp med den här månaden?"),
        _("Välj alla som står på pappret. Belopp och skäl skrivs på nästa sidor."),
        _("Välj det sökanden behöver hjälp med, eller att sökanden inte behöver något av det."),
        choices={"none": _("Sökanden behöver inte hjälp med något av det här")},
    ),
    "other_reason": Voice(
        _("Vad behöver sökanden, och varför?"),
        _("Som sökanden har skrivit på pappret."),
    ),
    r"(\w+)_reason": Voice(
        _("Varför behöver sökanden det?"), _("Som sökanden har skrivit på pappret.")
    ),
    r"(\w+)_amount": Voice(
        help_text=_("I kronor, som på pappret eller i kostnadsförslaget."),
    ),
    # Payment
    "clearing": Voice(help_text=_("4 siffror, hos Swedbank ibland 5. Står på pappersansökan.")),
    # Consent
    "registers": Voice(
        _("Har sökanden samtyckt till att vi hämtar uppgifter från andra myndigheter?"),
        required=_("Svara om sökanden har samtyckt på pappret."),
    ),
    "truthful": Voice(
        _("Sökanden har skrivit under att uppgifterna är riktiga och fullständiga."),
        required=_(
            "Pappersansökan kan registreras bara om sökanden har skrivit under intygandet. "
            "Saknas underskriften, begär komplettering."
        ),
    ),
    # Recurring
    "nothing_changed": Voice(
        _("Har något ändrats sedan förra ansökan, enligt pappret?"),
        required=_("Svara om något har ändrats sedan förra ansökan."),
    ),
    "changed": Voice(help_text=_("Välj allt som sökanden har skrivit att har ändrats.")),
}

GROUPS: dict[str, Any] = {"Du": _("Sökanden"), "Din sambo, make eller maka": _("Sambon")}
MEMBERS: dict[str, Any] = {"a1": _("Sökanden"), "p1": _("Sambon, maken eller makan")}


@cache
def _compiled() -> list[tuple[re.Pattern[str], Voice]]:
    return [(re.compile(f"^{pattern}$"), voice) for pattern, voice in FIELDS.items()]


def _fill(text: Any, name: str, match: re.Match[str], field: forms.Field) -> str:
    value = str(text)
    if "%(" not in value:
        return value
    group = match.group(1) if match.groups() else ""
    if "%(n)s" in value:
        return value % {"n": re.sub(r"\D", "", group)}
    if "%(who)s" in value:
        who = MEMBERS.get(group) or _("Vuxen %(n)s i hushållet") % {"n": group[1:]}
        return value % {"who": who}
    return value


def restyle(form: forms.BaseForm) -> None:
    """Rewrite the form's labels, hints, choice labels and messages in staff voice."""
    for name, field in form.fields.items():
        for pattern, voice in _compiled():
            match = pattern.match(name)
            if match is None:
                continue
            if voice.label is not None:
                field.label = _fill(voice.label, name, match, field)
            if voice.help_text is not None:
                field.help_text = _fill(voice.help_text, name, match, field)
            if voice.required is not None:
                field.error_messages["required"] = voice.required
            if voice.choices and isinstance(field, forms.ChoiceField):
                given = voice.choices
                field.choices = [
                    (value, given.get(str(value), label))
                    for value, label in list(field.choices)  # type: ignore[arg-type]
                ]
            break


def group_title(title: str) -> str:
    """A group heading in staff voice ("Du" → "Sökanden")."""
    return str(GROUPS.get(title, title))


F = TypeVar("F", bound=forms.BaseForm)


@cache
def staff_form(form_class: type[F]) -> type[F]:
    """A subclass of an e-service step form that speaks as the case worker."""

    def init(self: F, *args: Any, **kwargs: Any) -> None:
        form_class.__init__(self, *args, **kwargs)
        restyle(self)

    return type(f"Staff{form_class.__name__}", (form_class,), {"__init__": init})
