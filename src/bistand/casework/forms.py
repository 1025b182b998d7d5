"""Forms of the staff pages: Swedish messages at the field, nothing entered is lost."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bistand.applications.forms import AmountField, TextField, amount_initial
from bistand.core import personnummer as pnr
from bistand.core.format import kronor
from bistand.core.forms import AccessibleForm
from bistand.decisions.legal import legal_basis
from bistand.rules.income_types import income_label
from bistand.rules.inputs import income_types

from . import corrections as corr
from .services import Assessment, EmergencyInput, NeedAssessment


def _paragraph(source: str, law: str) -> str:
    """ "12 kap. 2 §" of "Socialtjänstlagen (2025:400) 12 kap. 2 §"."""
    return source[len(law) :].strip()


MAX_TEXT = 4000


class CaseworkForm(AccessibleForm):
    """A case worker's form: error summary links and aria-describedby (core.forms)."""


def _date_field(label: Any, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=help_text or _("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-12-31."),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"autocomplete": "off", "class": "input-date"}),
        error_messages={"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-12-31.")},
    )


def _text_area(label: Any, *, required: bool = False, help_text: Any = "") -> TextField:
    return TextField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


NEW_MEMBER = "ny"
"""The new-income row's choice for the adult added under Hushållet in the same form."""

SCHOOL_CHOICES = [
    ("", _("Uppgift saknas eller gäller inte")),
    ("true", _("Ja, går i skolan")),
    ("false", _("Nej, går inte i skolan")),
]


def _school_value(in_school: Any) -> str:
    return "" if in_school is None else ("true" if in_school else "false")


def _reason_field(what: Any) -> TextField:
    return TextField(
        label=_("%(what)s: skäl till ändringen") % {"what": what},
        max_length=500,
    )


def rent_initial(rules_input: dict[str, Any], month: date) -> dict[str, Any]:
    """The rent part of the form as the input has it: a rådrum still running and the highest
    skälig rent decided earlier (carried by the pipeline while the rent is the same)."""
    costs = rules_input.get("costs", {})
    assessed = costs.get("rent_assessed_max")
    found: dict[str, Any] = {}
    if assessed:
        found = {
            "rent_choice": "cap",
            "rent_cap": amount_initial(Decimal(str(assessed))),
            "rent_reason": str(costs.get("rent_assessed_reason", "")),
        }
    until = costs.get("rent_radrum_until")
    if until and date.fromisoformat(str(until)) >= month:
        found.update({"rent_choice": "radrum", "radrum_until": date.fromisoformat(str(until))})
    return found


class DecisionForm(CaseworkForm):
    """Decide per post: norm, rent, each livsföring-i-övrigt need, and the motivering."""

    norm_direction = forms.ChoiceField(
        label=_("Riksnormen"),
        choices=[
            ("none", _("Som riksnormen")),
            ("up", _("Höj normen")),
            ("down", _("Sänk normen")),
        ],
        initial="none",
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj om normen ska gälla, höjas eller sänkas.")},
    )
    norm_amount = AmountField(
        label=_("Höj eller sänk med belopp per månad"), help_text=_("I kronor, till exempel 500.")
    )
    norm_reason = _text_area(_("Skäl till att normen höjs eller sänks"))
    rent_choice = forms.ChoiceField(
        label=_("Hyran"),
        choices=[
            ("guideline", _("Enligt kommunens riktlinje (högst riktlinjens belopp)")),
            ("cap", _("Bedöm en annan skälig hyra, högre eller lägre än riktlinjen")),
            ("radrum", _("Ge rådrum: hela hyran till ett visst datum, sedan en högsta hyra")),
        ],
        initial="guideline",
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj hur hyran ska räknas.")},
    )
    rent_cap = AmountField(
        label=_("Högsta skäliga hyra per månad"),
        help_text=_(
            "Vid rådrum: den hyra som räknas efter rådrummet. Lämna tomt för riktlinjens belopp."
        ),
    )
    rent_reason = _text_area(_("Skäl till din bedömning av hyran"))
    radrum_until = _date_field(_("Rådrum till och med"))
    motivering = _text_area(
        _("Motivering till beslutet"),
        required=True,
        help_text=_("Skriv i klarspråk varför du beslutar så här. Den står i beslutsbrevet."),
    )
    repayment_condition = forms.ChoiceField(
        label=_("Villkor om återbetalning"),
        choices=[
            ("", _("Inget villkor")),
            ("forskott", _("Förskott på en förmån eller ersättning")),
            ("egna_medel", _("Egna tillgångar som inte kan användas just nu")),
            ("arbetskonflikt", _("Arbetskonflikt")),
        ],
        initial="",
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Bara med ett villkor i beslutet kan biståndet senare krävas tillbaka på den grunden "
            "(33 kap. 2 § socialtjänstlagen). Villkoret står i beslutsbrevet."
        ),
    )
    repayment_detail = forms.CharField(
        label=_("Vilken förmån eller vilka tillgångar"),
        help_text=_("Till exempel: sjukpenning från Försäkringskassan för november."),
        required=False,
        max_length=200,
    )
    unseen_material = forms.BooleanField(
        label=_(
            "Beslutet grundar sig på uppgifter som den sökande inte har sett, till exempel "
            "uppgifter från andra myndigheter"
        ),
        help_text=_(
            "Om beslutet helt eller delvis går den sökande emot ska hen först få uppgifterna "
            "och svara (kommunicering, 25 § förvaltningslagen)."
        ),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        needs: list[dict[str, str]],
        declared_rent: Decimal | None = None,
        rules_input: dict[str, Any] | None = None,
        register_totals: dict[tuple[str, str], Decimal] | None = None,
        guideline_rent: Decimal | None = None,
        month: date | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.needs = needs
        basis = legal_basis(month or timezone.localdate())
        self.declared_rent = declared_rent
        self.guideline_rent = guideline_rent
        self.base = rules_input or {"household": [], "incomes": [], "costs": {}}
        self.fields["motivering"].error_messages["required"] = _("Skriv en motivering.")
        self._correction_fields(register_totals)
        for need in needs:
            key = f"need_{need['id']}"
            self.fields[f"{key}_decision"] = forms.ChoiceField(
                label=_("%(need)s (sökt %(amount)s)")
                % {"need": need["label"], "amount": need["amount_display"]},
                choices=[("granted", _("Beviljas")), ("denied", _("Avslås"))],
                widget=forms.RadioSelect,
                error_messages={"required": _("Välj om behovet beviljas eller avslås.")},
            )
            # Bistånd utöver (12 kap. 2 §) is no right, never automated, and only
            # laglighetsprövas: the letter and Min sida say so (ADR 0310).
            self.fields[f"{key}_basis"] = forms.ChoiceField(
                label=_("%(need)s: prövas enligt") % {"need": need["label"]},
                choices=[
                    (
                        "right",
                        _("Rätten till bistånd (%(paragraph)s)")
                        % {"paragraph": _paragraph(basis.right, basis.law)},
                    ),
                    (
                        "utover",
                        _("Bistånd utöver rätten (%(paragraph)s)")
                        % {"paragraph": _paragraph(basis.utover, basis.law)},
                    ),
                ],
                widget=forms.RadioSelect,
                required=False,
                initial="right",
                help_text=_(
                    "Bistånd utöver rätten får socialnämnden ge om det finns skäl för det. "
                    "Beslutet om det kan inte överklagas till förvaltningsrätten, bara "
                    "laglighetsprövas. Beslutsbrevet säger det."
                ),
            )
            self.fields[f"{key}_amount"] = AmountField(
                label=_("%(need)s: beviljat belopp") % {"need": need["label"]}
            )
            self.fields[f"{key}_reason"] = _text_area(_("%(need)s: skäl") % {"need": need["label"]})

    # --- Corrections of incomes, costs and the household (issue 14 item 3) ------------------

    NEW_INCOME_ROWS = 2

    def _correction_fields(self, register_totals: dict[tuple[str, str], Decimal] | None) -> None:
        base = self.base
        self.income_rows = corr.income_rows(base, register_totals)
        for i, row in enumerate(self.income_rows):
            label = (
                f"{gettext(income_label(row.type))}, {corr.member_label(row.member, base).lower()}"
            )
            hint = ""
            if row.register is not None:
                hint = _("Hos myndigheterna: %(amount)s.") % {"amount": kronor(row.register)}
                if row.register != row.amount:
                    hint += " " + _("Skiljer sig från beräkningen.")
            self.fields[f"inc_{i}_amount"] = AmountField(
                label=_("%(what)s, kronor per månad") % {"what": label},
                help_text=hint,
                initial=amount_initial(row.amount),
            )
            self.fields[f"inc_{i}_reason"] = _reason_field(label)
        member_choices = [
            ("", _("Välj person")),
            *(
                (str(m["id"]), corr.member_label(str(m["id"]), base))
                for m in corr.members(base)
                if m.get("role") != "child"
            ),
            (NEW_MEMBER, _("Den vuxna som du lägger till i hushållet")),
        ]
        type_choices = [("", _("Välj slag av inkomst"))] + [
            (t, gettext(income_label(t))) for t in income_types()
        ]
        for k in range(1, self.NEW_INCOME_ROWS + 1):
            self.fields[f"inc_new{k}_member"] = forms.ChoiceField(
                label=_("Ny inkomst %(n)s: vems") % {"n": k}, choices=member_choices, required=False
            )
            self.fields[f"inc_new{k}_type"] = forms.ChoiceField(
                label=_("Ny inkomst %(n)s: slag") % {"n": k}, choices=type_choices, required=False
            )
            self.fields[f"inc_new{k}_amount"] = AmountField(
                label=_("Ny inkomst %(n)s: kronor per månad") % {"n": k}
            )
            self.fields[f"inc_new{k}_reason"] = _reason_field(_("Ny inkomst %(n)s") % {"n": k})
        costs = base.get("costs", {})
        for cost, cost_label in corr.COST_LABELS.items():
            self.fields[f"cost_{cost}_amount"] = AmountField(
                label=_("%(what)s, kronor per månad") % {"what": _(cost_label)},
                initial=amount_initial(Decimal(str(costs.get(cost, "0")))),
            )
            self.fields[f"cost_{cost}_reason"] = _reason_field(_(cost_label))
        for m in corr.members(base):
            mid = str(m["id"])
            who = corr.member_label(mid, base)
            self.fields[f"mem_{mid}_age"] = forms.IntegerField(
                label=_("%(who)s: ålder") % {"who": who},
                min_value=0,
                max_value=130,
                required=False,
                initial=m.get("age"),
                error_messages={
                    "invalid": _("Skriv åldern i hela år, till exempel 7."),
                    "min_value": _("Åldern kan inte vara under 0 år."),
                    "max_value": _("Skriv en ålder under 130 år."),
                },
            )
            if m.get("role") == "child":
                self.fields[f"mem_{mid}_school"] = forms.ChoiceField(
                    label=_("%(who)s: går i grundskola, gymnasieskola eller liknande")
                    % {"who": who},
                    help_text=_("Behövs för unga som är 18–20 år."),
                    choices=SCHOOL_CHOICES,
                    required=False,
                    initial=_school_value(m.get("in_school")),
                )
            if m.get("role") != "applicant":
                self.fields[f"mem_{mid}_remove"] = forms.BooleanField(
                    label=_("%(who)s ingår inte i hushållet") % {"who": who}, required=False
                )
            self.fields[f"mem_{mid}_reason"] = _reason_field(who)
        self.fields["mem_new_role"] = forms.ChoiceField(
            label=_("Lägg till en person i hushållet"),
            choices=[("", _("Ingen"))]
            + [(r, _(corr.ROLE_LABELS[r])) for r in ("partner", "child", "other_adult")],
            required=False,
        )
        self.fields["mem_new_age"] = forms.IntegerField(
            label=_("Den nya personens ålder"),
            min_value=0,
            max_value=130,
            required=False,
            error_messages={"invalid": _("Skriv åldern i hela år, till exempel 7.")},
        )
        self.fields["mem_new_school"] = forms.ChoiceField(
            label=_("Den nya personen går i grundskola, gymnasieskola eller liknande"),
            help_text=_("Behövs för unga som är 18–20 år."),
            choices=SCHOOL_CHOICES,
            required=False,
        )
        self.fields["mem_new_reason"] = _reason_field(_("Ny person i hushållet"))

    def income_groups(self) -> list[tuple[str, list[Any]]]:
        return [
            (
                f"{gettext(income_label(row.type))}, "
                f"{corr.member_label(row.member, self.base).lower()}",
                [self[f"inc_{i}_amount"], self[f"inc_{i}_reason"]],
            )
            for i, row in enumerate(self.income_rows)
        ]

    def new_income_groups(self) -> list[tuple[str, list[Any]]]:
        return [
            (
                str(_("Ny inkomst %(n)s") % {"n": k}),
                [self[f"inc_new{k}_{part}"] for part in ("member", "type", "amount", "reason")],
            )
            for k in range(1, self.NEW_INCOME_ROWS + 1)
        ]

    def _entered(self, prefix: str) -> bool:
        """Something typed in the fields starting with `prefix` (keeps a <details> open)."""
        return self.is_bound and any(
            str(self.data.get(self.add_prefix(name), "")).strip()
            for name in self.fields
            if name.startswith(prefix)
        )

    def new_income_open(self) -> bool:
        return self._entered("inc_new")

    def new_member_open(self) -> bool:
        return self._entered("mem_new")

    def cost_groups(self) -> list[tuple[str, list[Any]]]:
        return [
            (str(_(label)), [self[f"cost_{cost}_amount"], self[f"cost_{cost}_reason"]])
            for cost, label in corr.COST_LABELS.items()
        ]

    def member_groups(self) -> list[tuple[str, list[Any]]]:
        groups = []
        for m in corr.members(self.base):
            mid = str(m["id"])
            names = [f"mem_{mid}_{p}" for p in ("age", "school", "remove", "reason")]
            groups.append(
                (
                    corr.member_label(mid, self.base),
                    [self[n] for n in names if n in self.fields],
                )
            )
        return groups

    def new_member_fields(self) -> list[Any]:
        return [self[f"mem_new_{p}"] for p in ("role", "age", "school", "reason")]

    def _posted(self, name: str) -> bool:
        """A field the page sent without an error. A field not sent at all is left as it was
        (the page always sends every field, filled in with the current figure)."""
        return self.add_prefix(name) in self.data and name not in self.errors

    def _needs_reason(self, field: str, changed: bool) -> str:
        reason = str(self.cleaned_data.get(field) or "").strip()
        if changed and not reason and field not in self.errors:
            self.add_error(field, _("Skriv skälet till ändringen."))
        return reason

    def _clean_corrections(self) -> list[corr.Correction]:
        d = self.cleaned_data
        base = self.base
        out: list[corr.Correction] = []
        for i, row in enumerate(self.income_rows):
            new = d.get(f"inc_{i}_amount")
            if not self._posted(f"inc_{i}_amount") or new is None:
                continue
            changed = new != row.amount
            reason = self._needs_reason(f"inc_{i}_reason", changed)
            if changed and reason:
                out.append(
                    corr.income_correction(
                        base,
                        member=row.member,
                        kind=row.type,
                        old=row.amount,
                        new=new,
                        reason=reason,
                    )
                )
        existing = {(row.member, row.type): row.amount for row in self.income_rows}
        new_role = d.get("mem_new_role") or ""
        for k in range(1, self.NEW_INCOME_ROWS + 1):
            member, kind = d.get(f"inc_new{k}_member"), d.get(f"inc_new{k}_type")
            if member == NEW_MEMBER:
                if new_role not in ("partner", "other_adult"):
                    self.add_error(
                        f"inc_new{k}_member",
                        _("Lägg till den vuxna under Hushållet först, eller välj en annan person."),
                    )
                    member = ""
                    continue
                member = corr.next_member_id(base, new_role)
            amount = d.get(f"inc_new{k}_amount") or Decimal("0.00")
            if not (member or kind or amount):
                continue
            if not member:
                self.add_error(f"inc_new{k}_member", _("Välj vems inkomsten är."))
            if not kind:
                self.add_error(f"inc_new{k}_type", _("Välj vilket slag av inkomst det är."))
            if not amount and f"inc_new{k}_amount" not in self.errors:
                self.add_error(f"inc_new{k}_amount", _("Skriv inkomstens belopp."))
            reason = self._needs_reason(f"inc_new{k}_reason", True)
            if member and kind and amount and reason:
                if (member, kind) in existing:
                    self.add_error(
                        f"inc_new{k}_type",
                        _("Den inkomsten finns redan ovan. Ändra beloppet där."),
                    )
                    continue
                out.append(
                    corr.income_correction(
                        base,
                        member=member,
                        kind=kind,
                        old=Decimal("0.00"),
                        new=amount,
                        reason=reason,
                    )
                )
        costs = base.get("costs", {})
        for cost, label in corr.COST_LABELS.items():
            new = d.get(f"cost_{cost}_amount")
            if not self._posted(f"cost_{cost}_amount") or new is None:
                continue
            old = Decimal(str(costs.get(cost, "0"))).quantize(Decimal("0.01"))
            changed = new != old
            reason = self._needs_reason(f"cost_{cost}_reason", changed)
            if changed and reason:
                out.append(corr.Correction("cost", cost, label, f"{old:.2f}", f"{new:.2f}", reason))
        for m in corr.members(base):
            out.extend(self._member_corrections(m))
        removed = {c.target for c in out if c.kind == "member_remove"}
        for i, row in enumerate(self.income_rows):
            if row.member in removed and any(
                c.kind == "income" and c.target == row.key for c in out
            ):
                self.add_error(
                    f"inc_{i}_amount",
                    _("Personen ingår inte längre i hushållet. Ändra inte den här inkomsten."),
                )
        role = d.get("mem_new_role") or ""
        if role:
            age = d.get("mem_new_age")
            school = d.get("mem_new_school") or ""
            if age is None and "mem_new_age" not in self.errors:
                self.add_error("mem_new_age", _("Skriv den nya personens ålder."))
            if role == "child" and age is not None and age > 20:
                self.add_error("mem_new_age", _("Ett barn i hushållet är högst 20 år."))
            if role == "child" and age is not None and age >= 18 and not school:
                self.add_error(
                    "mem_new_school", _("Välj om den unga går i skolan (12 kap. 9 § SoL).")
                )
            reason = self._needs_reason("mem_new_reason", True)
            if age is not None and reason and not self.errors:
                in_school = {"true": True, "false": False}.get(school) if role == "child" else None
                out.append(
                    corr.Correction(
                        "member_add",
                        role,
                        str(_("Ny person i hushållet")),
                        "",
                        corr.new_member_value(role, age, in_school),
                        reason,
                    )
                )
        return corr.in_order(out)

    def _member_corrections(self, m: dict[str, Any]) -> list[corr.Correction]:
        d = self.cleaned_data
        mid = str(m["id"])
        who = corr.member_label(mid, self.base)
        removed = bool(d.get(f"mem_{mid}_remove"))
        age = d.get(f"mem_{mid}_age")
        age_changed = (
            f"mem_{mid}_age" not in self.errors and age is not None and age != m.get("age")
        )
        old_school = _school_value(m.get("in_school"))
        school = d.get(f"mem_{mid}_school", old_school) or ""
        school_changed = self._posted(f"mem_{mid}_school") and school != old_school
        changed = removed or age_changed or school_changed
        reason = self._needs_reason(f"mem_{mid}_reason", changed)
        if not (changed and reason):
            return []
        if removed:
            return [corr.Correction("member_remove", mid, who, "", "removed", reason)]
        out = []
        if age_changed:
            out.append(
                corr.Correction(
                    "member_age",
                    mid,
                    _("%(who)s, ålder") % {"who": who},
                    str(m.get("age") if m.get("age") is not None else ""),
                    str(age),
                    reason,
                )
            )
        if school_changed:
            out.append(
                corr.Correction(
                    "member_school",
                    mid,
                    _("%(who)s, skolgång") % {"who": who},
                    old_school,
                    school,
                    reason,
                )
            )
        return out

    def need_groups(self) -> list[tuple[str, list[Any]]]:
        return [
            (
                need["label"],
                [
                    self[f"need_{need['id']}_decision"],
                    self[f"need_{need['id']}_basis"],
                    self[f"need_{need['id']}_amount"],
                    self[f"need_{need['id']}_reason"],
                ],
            )
            for need in self.needs
        ]

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        self.corrections = self._clean_corrections()
        direction = data.get("norm_direction")
        if direction in ("up", "down"):
            if not data.get("norm_amount"):
                self.add_error("norm_amount", _("Skriv hur mycket normen ska höjas eller sänkas."))
            if not data.get("norm_reason"):
                self.add_error("norm_reason", _("Skriv varför normen höjs eller sänks."))
        rent = data.get("rent_choice")
        if rent == "cap":
            cap = data.get("rent_cap")
            if cap in (None, Decimal("0.00")) and "rent_cap" not in self.errors:
                self.add_error("rent_cap", _("Skriv vilken hyra som är skälig."))
            if not data.get("rent_reason"):
                self.add_error("rent_reason", _("Skriv varför du bedömer hyran så."))
        if rent == "radrum" and data.get("rent_cap") and not data.get("rent_reason"):
            self.add_error("rent_reason", _("Skriv varför du bedömer hyran så."))
        if rent == "radrum":
            until = data.get("radrum_until")
            if until is None and "radrum_until" not in self.errors:
                self.add_error(
                    "radrum_until", _("Skriv till och med vilket datum rådrummet gäller.")
                )
            elif until is not None and until < timezone.localdate():
                self.add_error("radrum_until", _("Datumet för rådrum kan inte ha passerat."))
        if (
            data.get("repayment_condition") in ("forskott", "egna_medel")
            and not (data.get("repayment_detail") or "").strip()
        ):
            self.add_error(
                "repayment_detail", _("Skriv vilken förmån eller vilka tillgångar det gäller.")
            )
        for need in self.needs:
            key = f"need_{need['id']}"
            if not data.get(f"{key}_reason") and f"{key}_reason" not in self.errors:
                self.add_error(f"{key}_reason", _("Skriv skälet till din bedömning."))
            amount = data.get(f"{key}_amount")
            if data.get(f"{key}_decision") == "granted":
                if not amount:
                    self.add_error(f"{key}_amount", _("Skriv hur mycket som beviljas."))
                elif amount > Decimal(need["amount"]):
                    self.add_error(
                        f"{key}_amount", _("Du kan inte bevilja mer än det sökta beloppet.")
                    )
        return data

    def assessment(self) -> Assessment:
        d = self.cleaned_data
        sign = {"up": 1, "down": -1}.get(d["norm_direction"], 0)
        return Assessment(
            norm_adjustment=sign * (d.get("norm_amount") or Decimal("0")),
            norm_reason=d.get("norm_reason", "") if sign else "",
            rent_choice=d["rent_choice"],
            rent_cap=(d.get("rent_cap") or None) if d["rent_choice"] != "guideline" else None,
            rent_reason=d.get("rent_reason", ""),
            radrum_until=d.get("radrum_until") if d["rent_choice"] == "radrum" else None,
            needs=tuple(
                NeedAssessment(
                    need=need["id"],
                    granted=d[f"need_{need['id']}_decision"] == "granted",
                    amount=d.get(f"need_{need['id']}_amount") or Decimal("0"),
                    reason=d[f"need_{need['id']}_reason"],
                    utover=d.get(f"need_{need['id']}_basis") == "utover",
                )
                for need in self.needs
            ),
            motivering=d["motivering"],
            unseen_material=bool(d.get("unseen_material")),
            repayment_condition=d.get("repayment_condition") or "",
            repayment_detail=(d.get("repayment_detail") or "").strip(),
            corrections=tuple(self.corrections),
        )


BREAK_GLASS_MAX = 280  # the access log's reason holds 300 characters with "Nödåtkomst: "


class BreakGlassForm(CaseworkForm):
    """Why someone without the need-to-know opens a case anyway (to the access log)."""

    reason = _text_area(
        _("Varför behöver du öppna ärendet?"),
        required=True,
        help_text=_("Skälet sparas i åtkomstloggen tillsammans med ditt namn och tiden."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _(
            "Skriv varför du behöver öppna ärendet."
        )

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data.get("reason", "")).strip()
        if len(reason) < 10:
            raise forms.ValidationError(_("Skriv skälet med minst 10 tecken."))
        if len(reason) > BREAK_GLASS_MAX:
            raise forms.ValidationError(
                _("Skriv skälet med högst %(max)s tecken.") % {"max": BREAK_GLASS_MAX}
            )
        return reason


class JournalForm(CaseworkForm):
    text = _text_area(_("Anteckning"), required=True)
    amends = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = _("Skriv en anteckning.")


class CompletionForm(CaseworkForm):
    text = _text_area(
        _("Vad behöver den sökande skicka in?"),
        required=True,
        help_text=_("Skriv i klarspråk. Texten visas på den sökandes Min sida."),
    )
    due_date = _date_field(_("Senast"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = _("Skriv vad som behövs.")

    def clean_due_date(self) -> date:
        due: date | None = self.cleaned_data.get("due_date")
        if due is None:
            raise forms.ValidationError(_("Skriv sista dagen för kompletteringen."))
        if due <= timezone.localdate():
            raise forms.ValidationError(_("Sista dagen måste vara efter i dag."))
        return due


class PaperStartForm(CaseworkForm):
    personnummer = TextField(
        label=_("Den sökandes personnummer"),
        help_text=_("12 siffror: ÅÅÅÅMMDD-NNNN."),
        max_length=20,
        required=True,
    )
    received_on = _date_field(
        _("Dag då pappersansökan kom in till kommunen"),
        help_text=_(
            "Datumstämpeln på pappret, som ÅÅÅÅ-MM-DD. Tiden för beslut räknas från den dagen."
        ),
    )
    month = forms.ChoiceField(
        label=_("Månad som ansökan gäller"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj vilken månad ansökan gäller.")},
    )

    def __init__(self, *args: Any, months: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        received = self.fields["received_on"]
        received.required = True
        received.error_messages["required"] = _(
            "Skriv dagen då pappersansökan kom in, som ÅÅÅÅ-MM-DD."
        )
        month_field = self.fields["month"]
        assert isinstance(month_field, forms.ChoiceField)
        month_field.choices = months
        self.fields["personnummer"].error_messages["required"] = _(
            "Skriv den sökandes personnummer."
        )

    def clean_personnummer(self) -> str:
        number = self.cleaned_data.get("personnummer") or ""
        try:
            normalised = pnr.parse(number)
        except pnr.PersonnummerError as exc:
            raise forms.ValidationError(str(exc)) from None
        synthetic = pnr.is_synthetic(normalised)
        if getattr(settings, "PRODUCTION", False) and synthetic:
            raise forms.ValidationError(_("Personnumret finns inte."))
        if not getattr(settings, "PRODUCTION", False) and not synthetic:
            raise forms.ValidationError(
                _("I testmiljön går det bara att använda påhittade personnummer (månad 21–32).")
            )
        return normalised

    def clean_received_on(self) -> date:
        received: date = self.cleaned_data["received_on"]
        today = timezone.localdate()
        if received > today:
            raise forms.ValidationError(
                _("Dagen då ansökan kom in kan inte vara senare än i dag (%(today)s).")
                % {"today": f"{today:%Y-%m-%d}"}
            )
        if received < today.replace(year=today.year - 1):
            raise forms.ValidationError(
                _("Dagen då ansökan kom in kan inte vara mer än ett år sedan. Kontrollera året.")
            )
        return received


class KommuniceringForm(CaseworkForm):
    material = _text_area(
        _("Uppgifter som den sökande ska få yttra sig över"),
        required=True,
        help_text=_(
            "Skriv uppgifterna som beslutet grundar sig på och som den sökande inte har sett, "
            "till exempel vad Försäkringskassan har uppgett om inkomster."
        ),
    )
    reply_by = forms.DateField(
        label=_("Sista dag för svar"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%Y%m%d"],
        error_messages={
            "required": _("Skriv sista dag för svar som ÅÅÅÅ-MM-DD."),
            "invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-12-15."),
        },
    )


class KommuniceringReplyForm(CaseworkForm):
    text = _text_area(_("Ditt svar"), required=True)


class EmergencyForm(CaseworkForm):
    """Nödprövning with minimal facts: who, what is needed, how much, and how it is paid."""

    personnummer = TextField(
        label=_("Personnummer"),
        help_text=_("12 siffror: ÅÅÅÅMMDD-NNNN. Personen behöver inte ha ett ärende."),
        max_length=20,
        required=True,
    )
    need = forms.ChoiceField(
        label=_("Vad behövs i dag?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj vad som behövs.")},
    )
    applied = AmountField(
        label=_("Sökt belopp"), help_text=_("I kronor, till exempel 450."), required=True
    )
    facts = _text_area(
        _("Uppgifter om situationen"),
        required=True,
        help_text=_("Kort: vad har hänt, varför behovet inte kan vänta och vad personen har sagt."),
    )
    decision = forms.ChoiceField(
        label=_("Beslut"),
        choices=[("granted", _("Beviljas")), ("denied", _("Avslås"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj om nödbiståndet beviljas eller avslås.")},
    )
    amount = AmountField(
        label=_("Beviljat belopp"),
        help_text=_("Lägre än det sökta beloppet om ansökan avslås delvis."),
    )
    reason = _text_area(
        _("Skäl för beslutet"),
        required=True,
        help_text=_("Skriv i klarspråk. Skälen står i beslutsbrevet."),
    )
    means = forms.ChoiceField(
        label=_("Så betalas pengarna ut i dag"), widget=forms.RadioSelect, required=False
    )
    supplier = forms.ChoiceField(
        label=_("Leverantör (vid rekvisition)"), widget=forms.RadioSelect, required=False
    )
    reference = TextField(
        label=_("Kvittots, kortets eller rekvisitionens nummer"), max_length=60, required=False
    )

    def __init__(self, *args: Any, rules: Any, **kwargs: Any) -> None:
        from bistand.core.emergency import MEANS_LABELS

        super().__init__(*args, **kwargs)
        self.rules = rules
        choice_fields = {name: self.fields[name] for name in ("need", "means", "supplier")}
        for field in choice_fields.values():
            assert isinstance(field, forms.ChoiceField)
        choice_fields["need"].choices = [  # type: ignore[attr-defined]
            (n.key, f"{n.label} (högst {kronor(n.max_amount)} enligt riktlinjen)")
            for n in rules.needs
        ]
        choice_fields["means"].choices = [  # type: ignore[attr-defined]
            (m, MEANS_LABELS[m]) for m in rules.means
        ]
        choice_fields["supplier"].choices = [  # type: ignore[attr-defined]
            (s.key, s.name) for s in rules.suppliers
        ]
        self.fields["personnummer"].error_messages["required"] = _("Skriv personnumret.")
        self.fields["applied"].error_messages["required"] = _("Skriv det sökta beloppet.")
        self.fields["facts"].error_messages["required"] = _("Skriv kort om situationen.")
        self.fields["reason"].error_messages["required"] = _("Skriv skälen för beslutet.")

    clean_personnummer = PaperStartForm.clean_personnummer

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        applied = data.get("applied")
        if applied is not None and applied <= 0 and "applied" not in self.errors:
            self.add_error("applied", _("Det sökta beloppet ska vara mer än 0 kr."))
        if data.get("decision") != "granted":
            return data
        amount = data.get("amount")
        if not amount:
            if "amount" not in self.errors:
                self.add_error("amount", _("Skriv hur mycket som beviljas."))
        elif applied and amount > applied:
            self.add_error("amount", _("Du kan inte bevilja mer än det sökta beloppet."))
        else:
            need = self.rules.need(data.get("need") or "")
            if need is not None and amount > need.max_amount:
                self.add_error(
                    "amount",
                    _("Riktlinjen för %(need)s är högst %(max)s per nödprövning.")
                    % {"need": need.label.lower(), "max": kronor(need.max_amount)},
                )
        means = data.get("means")
        if not means:
            self.add_error("means", _("Välj hur pengarna betalas ut."))
        elif means == "leverantor":
            supplier = self.rules.supplier(data.get("supplier") or "")
            if supplier is None:
                self.add_error("supplier", _("Välj leverantör."))
            elif data.get("need") and data["need"] not in supplier.needs:
                self.add_error("supplier", _("Leverantören har inte avtal för det behovet."))
        if not data.get("reference") and "reference" not in self.errors:
            self.add_error("reference", _("Skriv kvittots, kortets eller rekvisitionens nummer."))
        return data

    def emergency_input(self) -> EmergencyInput:
        d = self.cleaned_data
        granted = d["decision"] == "granted"
        return EmergencyInput(
            personnummer=d["personnummer"],
            need=d["need"],
            applied=d["applied"],
            granted=granted,
            amount=(d.get("amount") or Decimal("0.00")) if granted else Decimal("0.00"),
            facts=d["facts"],
            reason=d["reason"],
            means=d.get("means") or "" if granted else "",
            supplier=d.get("supplier") or "" if granted else "",
            reference=d.get("reference") or "",
        )
