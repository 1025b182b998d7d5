"""What the citizen sees of their answers: the "check your answers" summary, in klarspråk."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from bistand.core.format import citizen_day, citizen_kronor

from . import answers as a
from . import forms
from .steps import summary_steps


@dataclass(frozen=True)
class SummarySection:
    title: str
    step: str  # the page slug its change link goes to
    rows: list[tuple[str, str]]


def _yes_no(value: bool | None) -> str:
    return "–" if value is None else (_("Ja") if value else _("Nej"))


def _money(amount: object) -> str:
    return citizen_kronor(amount) if isinstance(amount, Decimal) else "–"


def _date(value: date | None) -> str:
    return citizen_day(value) if value else "–"


def summary(answers: a.Answers, *, steps: list[str]) -> list[SummarySection]:
    """One section per page in `steps` (the pages this application has), in that order."""
    sections: list[SummarySection] = []
    h = answers.household
    for step in steps:
        if step == "hushall":
            rows = [(_("Bor med sambo, make eller maka"), _yes_no(h.has_partner))]
            if answers.has_partner:
                rows.append((_("Sambons personnummer"), h.partner_personnummer))
            rows += [
                (_("Antal barn"), str(h.children_count)),
                (_("Antal andra vuxna"), str(h.other_adults_count)),
            ]
            sections.append(SummarySection(_("Ditt hushåll"), step, rows))
        elif step == "skolgang":
            rows = [
                (
                    _("Går i grundskolan, gymnasieskolan eller en jämförlig utbildning"),
                    _yes_no(h.applicant_in_school),
                )
            ]
            sections.append(SummarySection(_("Din skolgång"), step, rows))
        elif step == "barn":
            rows = []
            for i, child in enumerate(answers.children.items, start=1):
                text = _("född %(date)s, lunch i förskola eller skola: %(lunch)s") % {
                    "date": _date(child.birth_date),
                    "lunch": _yes_no(child.lunch_at_school),
                }
                if child.lives_here == "umgange":
                    text += ", " + _("hos dig %(days)s dagar i månaden") % {
                        "days": child.umgange_days
                    }
                if child.lives_here == "main_umgange":
                    text += ", " + _(
                        "bor hos dig och är hos sin andra förälder %(days)s dagar i månaden"
                    ) % {"days": child.days_with_other_parent}
                if child.in_school is not None:
                    text += ", " + _("går i skolan: %(answer)s") % {
                        "answer": _yes_no(child.in_school)
                    }
                kinds = [str(forms.CHILD_INCOME_CHOICES[t]).lower() for t in child.chosen_incomes]
                text += ", " + (
                    _("egna inkomster: %(kinds)s") % {"kinds": ", ".join(kinds)}
                    if kinds
                    else _("inga egna inkomster")
                )
                rows.append((_("Barn %(n)s") % {"n": i}, text))
            sections.append(SummarySection(_("Barnen"), step, rows))
        elif step in forms.STEP_CHILD_INCOME:
            # One section per child with own incomes, with its own change link (its own page).
            n = forms.STEP_CHILD_INCOME[step]
            child = answers.children.items[n - 1]
            rows = [
                (
                    str(forms.CHILD_INCOME_CHOICES[t]),
                    _money(child.own_incomes[t]) if t in child.own_incomes else "–",
                )
                for t in child.chosen_incomes
            ]
            sections.append(SummarySection(str(forms.child_income_title(n)), step, rows))
        elif step == "andra-vuxna":
            relations = dict(forms.RELATION_LABELS)
            rows = [
                (
                    _("Vuxen %(n)s") % {"n": i},
                    _("född %(date)s") % {"date": _date(born)}
                    + (
                        f", {relations[answers.other_adults.relations[i - 1]]}".lower()
                        if i <= len(answers.other_adults.relations)
                        and answers.other_adults.relations[i - 1] in relations
                        else ""
                    ),
                )
                for i, born in enumerate(answers.other_adults.birth_dates, start=1)
            ]
            if answers.other_adults.children_in_home is not None:
                rows.append(
                    (
                        _("Barn i bostaden som inte är dina"),
                        str(answers.other_adults.children_in_home),
                    )
                )
            sections.append(SummarySection(_("Andra vuxna"), step, rows))
        elif step == "boende":
            housing = answers.housing
            rows = [
                (
                    _("Boende"),
                    str(dict(forms.HOUSING_TYPES).get(housing.housing_type, "–")),
                )
            ]
            rows += [
                (str(forms.COST_LABELS[k][0]), _money(housing.costs.get(k, Decimal(0))))
                for k in a.COST_TYPES
            ]
            if housing.agreed_rent_share is not None and answers.household.other_adults_count:
                rows.append((_("Din överenskomna del av hyran"), _money(housing.agreed_rent_share)))
            sections.append(SummarySection(_("Boende och kostnader"), step, rows))
        elif step == "inkomster":
            rows = []
            for member in answers.adult_members():
                if member.startswith("o"):
                    continue
                by_type = answers.incomes.by_member.get(member, {})
                if not by_type:
                    rows.append((forms.member_label(member), _("Inga inkomster")))
                for income_type, amount in by_type.items():
                    label = f"{forms.member_label(member)}: {forms.INCOME_LABELS[income_type]}"
                    rows.append((label, _money(amount)))
            sections.append(SummarySection(_("Inkomster"), step, rows))
        elif step == "tillgangar":
            s = answers.assets
            rows = [
                (_("Pengar på bankkonton"), _money(s.bank_balance)),
                (_("Äger fordon"), _yes_no(s.has_vehicle)),
            ]
            if s.has_vehicle:
                rows.append((_("Fordonets värde"), _money(s.vehicle_value)))
            if s.other_assets:
                rows.append((_("Andra tillgångar"), s.other_assets))
            sections.append(SummarySection(_("Tillgångar"), step, rows))
        elif step == "sysselsattning":
            rows = []
            for member in answers.adult_members():
                w = answers.work.by_member.get(member, a.WorkSituation())
                text = str(forms.WORK_LABELS.get(w.situation, "–"))
                if w.details:
                    text += f" – {w.details}"
                rows.append((forms.member_label(member), text))
            sections.append(SummarySection(_("Arbete och studier"), step, rows))
        elif step == "behov":
            chosen = [str(forms.NEED_FORM_LABELS[n]) for n in answers.needs.chosen]
            rows = [(_("Andra kostnader du behöver hjälp med"), ", ".join(chosen) or _("Inga"))]
            sections.append(SummarySection(_("Andra kostnader du behöver hjälp med"), step, rows))
        elif step in forms.STEP_NEED:
            # One section per chosen need, with its own change link (its own page).
            need = forms.STEP_NEED[step]
            item = next((n for n in answers.needs.items if n.type == need), None)
            rows = [
                (_("Kostnad"), _money(item.amount) if item else "–"),
                (_("Varför"), item.reason if item and item.reason else "–"),
            ]
            sections.append(SummarySection(str(forms.NEED_PAGE_TITLES[need]), step, rows))
        elif step == "utbetalning":
            p = answers.payment
            rows = [(_("Bankkonto"), f"{p.clearing}-{p.account}" if p.account else "–")]
            sections.append(SummarySection(_("Utbetalning"), step, rows))
        elif step == "samtycke":
            rows = [
                (
                    _("Vi får hämta uppgifter från andra myndigheter"),
                    _yes_no(answers.consent.registers),
                ),
                (_("Du intygar att uppgifterna stämmer"), _yes_no(answers.consent.truthful)),
            ]
            sections.append(SummarySection(_("Samtycke och intygande"), step, rows))
    return sections


def readable_summary(raw: dict[str, Any]) -> list[SummarySection]:
    """Every page of stored answers, labelled, as on the check page (for Mina uppgifter and the
    data export)."""
    answers = a.Answers.from_json(raw)
    return summary(answers, steps=summary_steps(answers))
