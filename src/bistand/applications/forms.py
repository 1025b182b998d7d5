"""One form per page of the application. Each validates with Swedish messages at the field and
turns what was entered into its section of the answers (see answers.py)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from bistand.core import personnummer as pnr
from bistand.core.forms import AccessibleForm
from bistand.core.uploads import DocumentError, sniff
from bistand.payments.bankaccount import InvalidBankAccountError, parse_bank_account
from bistand.rules.income_types import DECLARED_INCOME_TYPES, INCOME_TYPES

from . import answers as a

YES_NO = [("yes", _("Ja")), ("no", _("Nej"))]
MAX_FIELD = 200


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


class TextField(forms.CharField):
    """Text that is stripped; control characters and over-long input are refused cleanly."""

    def __init__(self, *args: Any, max_length: int = MAX_FIELD, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self._limit = max_length
        # No maxlength attribute: the browser would cut what is typed (or pasted) without a word.
        # Long text gets a message at the field instead; a text area shows how many characters
        # are left (core/_field.html, applications/charcount.js).
        self.char_limit = max_length if isinstance(self.widget, forms.Textarea) else None
        self.widget.attrs.setdefault("autocomplete", "off")

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        if len(text) > self._limit:
            raise forms.ValidationError(
                _(
                    "Texten är för lång: du har skrivit %(count)s tecken. Skriv högst %(limit)s "
                    "tecken."
                )
                % {"count": len(text), "limit": self._limit}
            )
        try:
            return a.clean_text(text, max_length=self._limit)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


class AmountField(forms.CharField):
    """An amount in kronor: "4 123,50", "4123.50", "4 123". Empty means 0 unless required."""

    def __init__(self, *args: Any, empty_is_none: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        # An optional amount whose absence means something else than 0 kr (an agreed share of
        # the rent: empty = none agreed, shared per head; "0" = the share agreed is 0 kr).
        self.empty_is_none = empty_is_none
        self.widget.attrs.update({"inputmode": "decimal", "class": "input-amount"})

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        if not text:
            return None if self.required or self.empty_is_none else Decimal("0.00")
        try:
            return a.parse_amount(text)
        except a.AmountError as exc:
            raise forms.ValidationError(str(exc)) from None


def amount_initial(amount: Decimal) -> str:
    return "" if amount == 0 else f"{amount:f}".replace(".", ",").removesuffix(",00")


# A field about one child (c2_…) or one other adult (o1_…) among several on a page.
_PERSON_FIELD = re.compile(r"^([co])(\d+)_")


class StepForm(AccessibleForm):
    """A page of the application. `section` names the answers key it writes."""

    section = ""

    def __init__(self, *args: Any, answers: a.Answers, month: date, **kwargs: Any) -> None:
        self.answers = answers
        self.month = month
        super().__init__(*args, **kwargs)
        self.build()
        if not self.is_bound:
            self.initial.update(self.initial_from(answers))

    def build(self) -> None:
        """Add fields that depend on the household (children, members)."""

    def initial_from(self, answers: a.Answers) -> dict[str, Any]:
        return {}

    def to_answers(self) -> dict[str, Any]:
        raise NotImplementedError

    def sections(self) -> dict[str, Any]:
        """The answers sections this page saves (most pages: their own section)."""
        return {self.section: self.to_answers()}

    def error_subject(self, name: str) -> str:
        # c2_birth_date is about Barn 2, o1_relation about Vuxen 1 (the labels' own names).
        person = _PERSON_FIELD.match(name)
        if person is None:
            return ""
        kind, n = person.groups()
        return str(_("Barn %(n)s") % {"n": n} if kind == "c" else _("Vuxen %(n)s") % {"n": n})


def yes_no_field(label: Any, *, help_text: Any = "", required_message: Any = None) -> Any:
    return forms.ChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": required_message or _("Svara ja eller nej.")},
    )


# --- Household ---------------------------------------------------------------------------------


class HouseholdForm(StepForm):
    section = "household"

    has_partner = yes_no_field(
        _("Bor du med en sambo, make eller maka?"),
        required_message=_("Svara om du bor med en sambo, make eller maka."),
    )
    partner_personnummer = TextField(
        label=_("Din sambos, makes eller makas personnummer"),
        help_text=_("12 siffror: ÅÅÅÅMMDD-NNNN. Hen godkänner ansökan själv."),
        max_length=20,
    )
    children_count = forms.IntegerField(
        label=_("Hur många barn bor hos dig, helt eller en del av tiden?"),
        help_text=_("Räkna med barn som bor hos dig några dagar i månaden (umgängesbarn)."),
        min_value=0,
        max_value=a.MAX_CHILDREN,
        error_messages={
            "required": _(
                "Skriv hur många barn som bor hos dig. Skriv 0 om inga barn bor hos dig."
            ),
            "invalid": _("Skriv antalet barn med siffror, till exempel 2."),
            "min_value": _("Antalet barn kan inte vara mindre än 0."),
            "max_value": _("Du kan ange högst 12 barn. Kontakta oss om ni är fler."),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "input-short"}),
    )
    other_adults_count = forms.IntegerField(
        label=_("Hur många andra vuxna bor i samma bostad som du?"),
        help_text=_(
            "Till exempel dina föräldrar, vuxna barn, syskon eller kompisar. Inte din sambo."
        ),
        min_value=0,
        max_value=a.MAX_OTHER_ADULTS,
        error_messages={
            "required": _("Skriv hur många andra vuxna som bor hos dig. Skriv 0 om ingen gör det."),
            "invalid": _("Skriv antalet vuxna med siffror, till exempel 1."),
            "min_value": _("Antalet vuxna kan inte vara mindre än 0."),
            "max_value": _("Du kan ange högst 6 andra vuxna. Kontakta oss om ni är fler."),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "input-short"}),
    )

    def __init__(self, *args: Any, applicant_personnummer: str | None = None, **kw: Any) -> None:
        self.applicant_personnummer = applicant_personnummer
        super().__init__(*args, **kw)

    def initial_from(self, answers: a.Answers) -> dict[str, Any]:
        h = answers.household
        return {
            "has_partner": _yes_no(h.has_partner),
            "partner_personnummer": h.partner_personnummer,
            "children_count": h.children_count if h.has_partner is not None else None,
            "other_adults_count": h.other_adults_count if h.has_partner is not None else None,
        }

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if data.get("has_partner") == "yes":
            number = data.get("partner_personnummer") or ""
            if not number:
                self.add_error(
                    "partner_personnummer", _("Skriv din sambos, makes eller makas personnummer.")
                )
            else:
                try:
                    normalised = pnr.parse(number)
                except pnr.PersonnummerError as exc:
                    self.add_error("partner_personnummer", str(exc))
                else:
                    if getattr(settings, "PRODUCTION", False) and pnr.is_synthetic(normalised):
                        self.add_error("partner_personnummer", _("Personnumret finns inte."))
                    elif normalised == self.applicant_personnummer:
                        self.add_error(
                            "partner_personnummer",
                            _("Skriv din sambos personnummer, inte ditt eget."),
                        )
                    else:
                        data["partner_personnummer"] = normalised
        return data

    def to_answers(self) -> dict[str, Any]:
        d = self.cleaned_data
        has_partner = d["has_partner"] == "yes"
        return a.HouseholdAnswers(
            has_partner=has_partner,
            partner_personnummer=d["partner_personnummer"] if has_partner else "",
            children_count=d["children_count"],
            other_adults_count=d["other_adults_count"],
            # Asked on its own page (OwnSchoolForm); kept while this page is changed.
            applicant_in_school=self.answers.household.applicant_in_school,
        ).to_json()


class OwnSchoolForm(StepForm):
    """An applicant 18–20: in school or not (12 kap. 9 § SoL 2025:400). Out of school he or she
    is an own household, also at the parents' home; in school, the parents' duty of support
    comes first. Asked every month, as for a child 18–20 in a parent's application."""

    section = "own_school"  # the page's own key (kept typing); it saves into household

    in_school = yes_no_field(
        _("Går du i grundskolan, gymnasieskolan eller en jämförlig utbildning?"),
        help_text=_(
            "Du är 18–20 år. Har du slutat skolan är du ett eget hushåll och söker själv, också "
            "om du bor hos dina föräldrar. Går du i skolan och bor hos dina föräldrar räknas du "
            "i deras hushåll, och de söker för dig. En handläggare prövar då din ansökan."
        ),
        required_message=_(
            "Svara om du går i grundskolan, gymnasieskolan eller en jämförlig utbildning."
        ),
    )

    def initial_from(self, answers: a.Answers) -> dict[str, Any]:
        return {"in_school": _yes_no(answers.household.applicant_in_school)}

    def to_answers(self) -> dict[str, Any]:
        household = self.answers.household
        household.applicant_in_school = self.cleaned_data["in_school"] == "yes"
        return household.to_json()

    def sections(self) -> dict[str, Any]:
        return {"household": self.to_answers()}


# A child's own incomes (answers.CHILD_INCOME_TYPES): the choice on the children's page, and the
# amount asked on the child's own page.
CHILD_INCOME_CHOICES: dict[str, Any] = {
    "pension": _("Barnpension"),
    "maintenance_support": _("Underhållsstöd eller underhållsbidrag för barnet"),
    "salary": _("Lön som barnet tjänar"),
}
CHILD_INCOME_AMOUNT_LABELS: dict[str, Any] = {
    "pension": _("Hur mycket barnpension får barnet?"),
    "maintenance_support": _("Hur mycket underhållsstöd eller underhållsbidrag får barnet?"),
    "salary": _("Hur mycket lön får barnet, efter skatt?"),
}
NO_CHILD_INCOME = "none"


class ChildrenForm(StepForm):
    section = "children"

    def build(self) -> None:
        for i in range(1, self.answers.household.children_count + 1):
            self.fields[f"c{i}_birth_date"] = TextField(
                label=_("Barn %(n)s: födelsedatum") % {"n": i},
                help_text=_("ÅÅÅÅ-MM-DD, till exempel 2019-04-17"),
                max_length=20,
                required=True,
                error_messages={"required": _("Skriv barnets födelsedatum.")},
            )
            self.fields[f"c{i}_lunch"] = yes_no_field(
                _("Barn %(n)s: äter barnet lunch i förskolan eller skolan på vardagar?") % {"n": i},
                required_message=_("Svara om barnet äter lunch i förskolan eller skolan."),
            )
            self.fields[f"c{i}_lives"] = forms.ChoiceField(
                label=_("Barn %(n)s: hur bor barnet hos dig?") % {"n": i},
                choices=[
                    ("full", _("Barnet bor hos mig hela tiden eller varannan vecka")),
                    ("umgange", _("Barnet bor hos mig några dagar i månaden (umgänge)")),
                    (
                        "main_umgange",
                        _("Barnet bor hos mig och är ibland hos sin andra förälder (umgänge)"),
                    ),
                ],
                widget=forms.RadioSelect,
                error_messages={"required": _("Svara hur barnet bor hos dig.")},
            )
            # Whether the child has own incomes, and which: the amounts are asked on a page of
            # the child's own, only for the incomes chosen here (issue 15 item 2).
            self.fields[f"c{i}_incomes"] = forms.MultipleChoiceField(
                label=_("Barn %(n)s: har barnet egna inkomster den här månaden?") % {"n": i},
                help_text=_(
                    "Välj alla som stämmer. Du skriver beloppen på en egen sida för barnet."
                ),
                choices=[
                    *CHILD_INCOME_CHOICES.items(),
                    (NO_CHILD_INCOME, _("Nej, barnet har inga egna inkomster")),
                ],
                widget=forms.CheckboxSelectMultiple,
                error_messages={
                    "required": _(
                        "Svara om barnet har egna inkomster. Välj Nej om barnet inte har några."
                    ),
                    "invalid_choice": _("Välj bland alternativen."),
                },
            )

    def groups(self) -> list[tuple[str, list[Any]]]:
        names = ["birth_date", "lunch", "lives", "incomes"]
        return [
            (str(_("Barn %(n)s") % {"n": i}), [self[f"c{i}_{name}"] for name in names])
            for i in range(1, self.answers.household.children_count + 1)
        ]

    def initial_from(self, answers: a.Answers) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for i, child in enumerate(answers.children.items, start=1):
            initial[f"c{i}_birth_date"] = child.birth_date.isoformat() if child.birth_date else ""
            initial[f"c{i}_lunch"] = _yes_no(child.lunch_at_school)
            initial[f"c{i}_lives"] = child.lives_here
            initial[f"c{i}_incomes"] = child.chosen_incomes or [NO_CHILD_INCOME]
        return initial

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        for i in range(1, self.answers.household.children_count + 1):
            raw = data.get(f"c{i}_birth_date")
            if raw:
                try:
                    born = a.parse_birth_date(raw, month=self.month)
                except ValueError as exc:
                    self.add_error(f"c{i}_birth_date", str(exc))
                else:
                    age = a.age_at(born, self.month)
                    if age >= 21:
                        self.add_error(
                            f"c{i}_birth_date",
                            _("Barnet är över 20 år. Räkna det som en annan vuxen i hushållet."),
                        )
                    data[f"c{i}_birth_date"] = born
            chosen = data.get(f"c{i}_incomes") or []
            if NO_CHILD_INCOME in chosen and len(chosen) > 1:
                self.add_error(
                    f"c{i}_incomes",
                    _(
                        "Du har valt både inkomster och Nej. Välj barnets inkomster, eller bara "
                        "Nej."
                    ),
                )
        return data

    def to_answers(self) -> dict[str, Any]:
        d = self.cleaned_data
        items = []
        earlier = self.answers.children.items
        for i in range(1, self.answers.household.children_count + 1):
            lives = d[f"c{i}_lives"]
            born = d[f"c{i}_birth_date"]
            young_adult = born is not None and a.age_at(born, self.month) >= 18
            # The follow-ups (days of umgänge, school for 18–20) are asked on the next page;
            # an earlier answer is kept while it still applies.
            before = earlier[i - 1] if i <= len(earlier) else a.Child()
            chosen = [t for t in a.CHILD_INCOME_TYPES if t in d[f"c{i}_incomes"]]
            items.append(
                a.Child(
                    birth_date=born,
                    lunch_at_school=d[f"c{i}_lunch"] == "yes",
                    lives_here=lives,
                    umgange_days=before.umgange_days if lives == "umgange" else None,
                    days_with_other_parent=(
                        before.days_with_other_parent if lives == "main_umgange" else None
                    ),
                    in_school=before.in_school if young_adult else None,
                    # The amounts of incomes still chosen are kept for the child's own page;
                    # those no longer chosen go.
                    own_incomes={
                        t: v for t, v in before.own_incomes.items() if t in chosen and v > 0
                    },
                    income_sources=chosen,
                )
            )
        return a.ChildrenAnswers(items).to_json()


class ChildIncomesForm(StepForm):
    """One child's own incomes, chosen on the children's page: the amount of each, and only of
    those (a page per child with own incomes; issue 15 item 2: one thing per page)."""

    child = 0  # the child's number (1, 2, …); set by the subclasses in CHILD_INCOME_FORMS

    def _child(self) -> a.Child:
        items = self.answers.children.items
        return items[self.child - 1] if 0 < self.child <= len(items) else a.Child()

    def chosen(self) -> list[str]:
        return self._child().chosen_incomes

    def build(self) -> None:
        for income_type in self.chosen():
            self.fields[f"c{self.child}_{income_type}"] = AmountField(
                label=CHILD_INCOME_AMOUNT_LABELS[income_type],
                help_text=_("Belopp i kronor för hela månaden."),
                required=True,
                error_messages={
                    "required": _(
                        "Skriv beloppet. Om barnet inte har den inkomsten, gå tillbaka och ta "
                        "bort den."
                    )
                },
            )

    def initial_from(self, answers: a.Answers) -> dict[str, Any]:
        return {
            f"c{self.child}_{t}": amount_initial(amount)
            for t, amount in self._child().own_incomes.items()
        }

    def to_answers(self) -> dict[str, Any]:
        items = list(self.answers.children.items)
        chosen = self.chosen()
        if 0 < self.child <= len(items):
            items[self.child - 1] = replace(
                items[self.child - 1],
                own_incomes={t: self.cleaned_data[f"c{self.child}_{t}"] for t in chosen},
                income_sources=chosen,
            )
        return a.ChildrenAnswers(items).to_json()

    def sections(self) -> dict[str, Any]:
        return {"children": self.to_answers()}


# The page of each child's own incomes: its slug, form and title, for children 1 … MAX_CHILDREN.
CHILD_INCOME_STEP: dict[int, str] = {n: f"barn-inkomster-{n}" for n in range(1, a.MAX_CHILDREN + 1)}
STEP_CHILD_INCOME = {step: n for n, step in CHILD_INCOME_STEP.items()}
CHILD_INCOME_FORMS: dict[int, type[ChildIncomesForm]] = {
    n: type(
        f"Child{n}IncomesForm", (ChildIncomesForm,), {"child": n, "section": f"child_incomes_{n}"}
    )
    for n in CHILD_INCOME_STEP
}


def _child_income_title(n: int) -> str:
    return gettext("Barn %(n)s: egna inkomster") % {"n": n}


# The page title in the language of the request (a lazy string, like the other titles).
child_income_title = lazy(_child_income_title, str)


class ChildDetailsForm(StepForm):
    """The follow-up questions about the children, asked only for a child they apply to: how
    many days a child in umgänge is here, and whether a child 18–20 is in school."""

    section = "children_details"  # the page's own key (kept typing); it saves into children

    def umgange(self) -> list[int]:
        return [
            i
            for i, child in enumerate(
                self.answers.children.items[: self.answers.household.children_count], 1
            )
            if child.lives_here == "umgange"
        ]

    def main_umgange(self) -> list[int]:
        return [
            i
            for i, child in enumerate(
                self.answers.children.items[: self.answers.household.children_count], 1
            )
            if child.lives_here == "main_umgange"
        ]

    def build(self) -> None:
        young = set(self.answers.young_adults(self.month))
        for i in range(1, self.answers.household.children_count + 1):
            if i in self.umgange():
                self.fields[f"c{i}_umgange_days"] = forms.IntegerField(
                    label=_("Barn %(n)s: hur många dagar i månaden är barnet hos dig?") % {"n": i},
                    min_value=1,
                    max_value=a.MAX_UMGANGE_DAYS,
                    error_messages={
                        "required": _("Skriv hur många dagar i månaden barnet är hos dig."),
                        "invalid": _("Skriv antalet dagar med siffror, till exempel 8."),
                        "min_value": _("Skriv minst 1 dag."),
                        "max_value": _("En månad har högst 31 dagar."),
                    },
                    widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "input-short"}),
                )
            if i in self.main_umgange():
                self.fields[f"c{i}_other_parent_days"] = forms.IntegerField(
                    label=_(
                        "Barn %(n)s: hur många dagar i månaden är barnet hos sin andra förälder?"
                    )
                    % {"n": i},
                    help_text=_("Skriv 0 om barnet inte är där den här månaden."),
                    min_value=0,
                    max_value=a.MAX_UMGANGE_DAYS,
                    error_messages={
                        "required": _(
                            "Skriv hur många dagar i månaden barnet är hos sin andra förälder."
                        ),
                        "invalid": _("Skriv antalet dagar med siffror, till exempel 8."),
                        "min_value": _("Skriv 0 eller fler dagar."),
                        "max_value": _("En månad har högst 31 dagar."),
                    },
                    widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "input-short"}),
                )
            if i in young:
                self.fields[f"c{i}_in_school"] = yes_no_field(
                    _(
                        "Barn %(n)s: går hen i grundskolan, gymnasieskolan eller en jämförlig "
                        "utbildning?"
                    )
                    % {"n": i},
                    help_text=_(
                        "Barnet är 18–20 år. En ung vuxen som har slutat skolan räknas inte i ditt "
                        "hushåll utan kan söka själv."
                    ),
                    required_message=_(
                        "Svara om barnet går i grundskolan, gymnasieskolan eller en jämförlig "
                        "utbildning."
                    ),
                )

    def initial_from(self, answers: a.Answers) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for i, child in enumerate(answers.children.items, start=1):
            initial[f"c{i}_umgange_days"] = child.umgange_days
            initial[f"c{i}_other_parent_days"] = child.days_with_other_parent
            initial[f"c{i}_in_school"] = _yes_no(child.in_school)
        return initial

    def to_answers(self) -> dict[str, Any]:
        d = self.cleaned_data
        items = list(self.answers.children.items)
        for i, child in enumerate(items, start=1):
            if f"c{i}_umgange_days" in d:
                child.umgange_days = d[f"c{i}_umgange_days"]
            if f"c{i}_other_parent_days" in d:
                child.days_with_other_parent = d[f"c{i}_other_parent_days"]
            if f"c{i}_in_school" in d:
                child.in_school = d[f"c{i}_in_school"] == "yes"
        return a.ChildrenAnswers(items).to_json()

    def sections(self) -> dict[str, Any]:
        return {"children": self.to_answers()}


RELATION_LABELS = [
    ("friend", _("Vän")),
    ("sibling", _("Syskon")),
    ("adult_child", _("Vuxet barn som inte går i skolan")),
    ("parent", _("Förälder")),
    ("lodger", _("Inneboende eller hyresgäst")),
    ("other", _("Annan")),
]


class OtherAdultsForm(StepForm):
    section = "other_adults"

    def build(self) -> None:
        for i in range(1, self.answers.household.other_adults_count + 1):
            self.fields[f"o{i}_birth_date"] = TextField(
                label=_("Vuxen %(n)s: födelsedatum") % {"n": i},
                help_text=_("ÅÅÅÅ-MM-DD, till exempel 1960-02-29"),
                max_length=20,
                required=True,
                error_messages={"required": _("Skriv den vuxnas födelsedatum.")},
            )
            self.fields[f"o{i}_relation"] = forms.ChoiceField(
                label=_("Vuxen %(n)s: vem är personen för dig?") % {"n": i},
                help_text=_(
                    "Den som bor hos dig utan att vara din make, maka eller sambo räknas som ett "
                    "eget hushåll. Hens inkomster räknas inte i din ansökan, och du får din del "
                    "av de gemensamma kostnaderna och av hyran."
                ),
                choices=RELATION_LABELS,
                widget=forms.RadioSelect,
                error_messages={"required": _("Svara vem personen är för dig.")},
            )
        self.fields["children_in_home"] = forms.IntegerField(
            label=_("Hur många barn som inte är dina bor också i bostaden?"),
            help_text=_(
                "Till exempel dina yngre syskon, eller barn till någon annan vuxen i bostaden. "
                "De räknas med när hyran och de gemensamma kostnaderna delas per person. Skriv 0 "
                "om inga."
            ),
            min_value=0,
            max_value=a.MAX_CHILDREN_IN_HOME,
            error_messages={
                "required": _(
                    "Skriv hur många barn som inte är dina som bor i bostaden. Skriv 0 om inga."
                ),
                "invalid": _("Skriv antalet barn med siffror, till exempel 2."),
                "min_value": _("Antalet barn kan inte vara mindre än 0."),
                "max_value": _("Du kan ange högst 12 barn. Kontakta oss om ni är fler."),
            },
            widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "input-short"}),
        )

    def initial_from(self, answers: a.Answers) -> dict[str, Any]:
        initial: dict[str, Any] = {
            f"o{i}_birth_date": born.isoformat() if born else ""
            for i, born in enumerate(answers.other_adults.birth_dates, start=1)
        }
        for i, relation in enumerate(answers.other_adults.relations, start=1):
            if relation:
                initial[f"o{i}_relation"] = relation
        initial["children_in_home"] = answers.other_adults.children_in_home
        return initial

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        for i in range(1, self.answers.household.other_adults_count + 1):
            raw = data.get(f"o{i}_birth_date")
            if raw:
                try:
                    born = a.parse_birth_date(raw, month=self.month)
                except ValueError as exc:
                    self.add_error(f"o{i}_birth_date", str(exc))
                else:
                    if a.age_at(born, self.month) < 18:
                        self.add_error(
                            f"o{i}_birth_date",
                            _(
                                "Personen är under 18 år. Är det ditt barn, räkna hen bland dina "
                                "barn. Annars räknar du hen i frågan om barn som inte är dina, "
                                "längst ned på sidan."
                            ),
                        )
                    data[f"o{i}_birth_date"] = born
        return data

    def to_answers(self) -> dict[str, Any]:
        n = self.answers.household.other_adults_count
        return a.OtherAdultsAnswers(
            [self.cleaned_data[f"o{i}_birth_date"] for i in range(1, n + 1)],
            [self.cleaned_data[f"o{i}_relation"] for i in range(1, n + 1)],
            self.cleaned_data["children_in_home"],
        ).to_json()


# --- Housing and costs ---------------------------------------------------------------------------

HOUSING_TYPES = [
    ("rental", _("Hyresrätt")),
    ("owned", _("Bostadsrätt eller eget hus")),
    ("sublet", _("Andrahandskontrakt")),
    ("lodger", _("Inneboende")),
    ("none", _("Jag har ingen egen bostad")),
]
COST_LABELS = {
    "rent": (_("Hyra eller avgift per månad"), _("Det du betalar, efter eventuell rabatt.")),
    "household_electricity": (_("Hushållsel per månad"), _("Inte om elen ingår i hyran.")),
    "home_insurance": (_("Hemförsäkring per månad"), ""),
    "union_and_a_kassa": (_("Fackavgift och a-kassa per månad"), ""),
    "work_travel": (_("Resor till och från arbete eller praktik per månad"), ""),
}


class HousingForm(StepForm):
    section = "housing"

    housing_type = forms.ChoiceField(
        label=_("Hur bor du?"),
        choices=HOUSING_TYPES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj hur du bor.")},
    )

    def build(self) -> None:
        for key, (label, hint) in COST_LABELS.items():
            self.fields[key] = AmountField(
                label=label, help_text=hint or _("I kronor. Lämna tomt om du inte har kostnaden.")
            )
        if self.answers.household.other_adults_count:
            self.fields["agreed_rent_share"] = AmountField(
                empty_is_none=True,
                label=_("Din del av hyran, om ni har kommit överens om en annan fördelning"),
                help_text=_(
                    "Du delar bostaden med någon som inte är din sambo. Skriv hela bostadens "
                    "hyra ovan. Har ni ett andrahandskontrakt eller en annan överenskommelse om "
                    "hur hyran delas, skriv din del här. Annars räknas hyran och elen lika per "
                    "person."
                ),
            )

    def initial_from(self, answers: a.Answers) -> dict[str, Any]:
        h = answers.housing
        initial = {
            "housing_type": h.housing_type or None,
            **{k: amount_initial(h.costs.get(k, Decimal(0))) for k in a.COST_TYPES},
        }
        if h.agreed_rent_share is not None:
            initial["agreed_rent_share"] = amount_initial(h.agreed_rent_share)
        return initial

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        share, rent = data.get("agreed_rent_share"), data.get("rent")
        if share is not None and share > (rent or Decimal(0)):
            self.add_error(
                "agreed_rent_share", _("Din del kan inte vara mer än hela bostadens hyra.")
            )
        return data

    def to_answers(self) -> dict[str, Any]:
        d = self.cleaned_data
        return a.HousingAnswers(
            housing_type=d["housing_type"],
            costs={k: d[k] for k in a.COST_TYPES},
            agreed_rent_share=d.get("agreed_rent_share"),
        ).to_json()


# --- Incomes -----------------------------------------------------------------------------------

# What the e-service asks, per income type (the catalogue: bistand.rules.income_types).
# The income types' questions come from the rules package (no Django there), so makemessages
# cannot find them in the _() call below: they are named here for the catalogues (ADR 0245).
INCOME_QUESTIONS_FOR_CATALOGUE = (
    gettext_noop("Lön (efter skatt)"),
    gettext_noop("Barnbidrag"),
    gettext_noop("Bostadsbidrag"),
    gettext_noop("Underhållsstöd eller underhållsbidrag"),
    gettext_noop("Sjukpenning eller sjukersättning"),
    gettext_noop("Aktivitetsstöd"),
    gettext_noop("Ersättning från a-kassan"),
    gettext_noop("Studiemedel från CSN (bidragsdelen)"),
    gettext_noop("Pension"),
    gettext_noop("Annan inkomst"),
)
INCOME_LABELS: dict[str, Any] = {
    key: _(INCOME_TYPES[key].question or INCOME_TYPES[key].label) for key in DECLARED_INCOME_TYPES
}
MEMBER_LABELS = {"a1": _("Du"), "p1": _("Din sambo, make eller maka")}


def member_label(member: str) -> str:
    if member in MEMBER_LABELS:
        return str(MEMBER_LABELS[member])
    if member.startswith("o"):
        return str(_("Vuxen %(n)s i hushållet") % {"n": member[1:]})
    return member


NO_INCOME = "none"
SOURCES_LABELS = {
    "a1": _("Vilka inkomster har du den här månaden?"),
    "p1": _("Vilka inkomster har din sambo, make eller maka den här månaden?"),
}


class IncomeSourcesForm(StepForm):
    """Which incomes each adult has this month: one question per person, the amounts on the next
    page for only the incomes chosen here (issue 15 item 2: one thing per page)."""

    section = "income_sources"

    def members(self) -> list[str]:
        return self.answers.income_members()

    def build(self) -> None:
        for member in self.members():
            self.fields[f"{member}_sources"] = forms.MultipleChoiceField(
                label=SOURCES_LABELS[member],
                help_text=_(
                    "Välj alla som stämmer. Räkna med pengar som kommer under månaden. "
                    "Du skriver beloppen på nästa sida."
                ),
                choices=[
                    *INCOME_LABELS.items(),
                    (NO_INCOME, _("Inga inkomster den här månaden")),
                ],
                widget=forms.CheckboxSelectMultiple,
                error_messages={
                    "required": _("Välj inkomsterna, eller Inga inkomster den här månaden.")
                    if member == "a1"
                    else _("Välj din sambos inkomster, eller Inga inkomster den här månaden."),
                    "invalid_choice": _("Välj bland alternativen."),
                },
            )

    def initial_from(self, answers: a.Answers) -> dict[str, Any]:
        sources = answers.income_sources
        if not sources.answered:
            return {}
        return {f"{m}_sources": sources.by_member.get(m) or [NO_INCOME] for m in self.members()}

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        for member in self.members():
            chosen = data.get(f"{member}_sources") or []
            if NO_INCOME in chosen and len(chosen) > 1:
                self.add_error(
                    f"{member}_sources",
                    _(
                        "Du har valt både inkomster och Inga inkomster. Välj det ena eller det "
                        "andra."
                    ),
                )
        return data

    def chosen(self) -> dict[str, list[str]]:
        return {
            m: [t for t in DECLARED_INCOME_TYPES if t in self.cleaned_data[f"{m}_sources"]]
            for m in self.members()
        }

    def to_answers(self) -> dict[str, Any]:
        return a.IncomeSourcesAnswers(self.chosen(), answered=True).to_json()

    def sections(self) -> dict[str, Any]:
        # The amounts of incomes no longer chosen go; those still chosen are kept for the next
        # page.
        chosen = self.chosen()
        kept = {
            m: {t: v for t, v in self.answers.incomes.by_member.get(m, {}).items() if t in types}
            for m, types in chosen.items()
        }
        return {self.section: self.to_answers(), "incomes": a.IncomesAnswers(kept).to_json()}


class IncomesForm(StepForm):
    """The amounts of the incomes chosen on the page before, and only those."""

    section = "incomes"

    def members(self) -> list[str]:
        return self.answers.income_members()

    def chosen(self, member: str) -> list[str]:
        return self.answers.income_sources.by_member.get(member, [])

    def build(self) -> None:
        for member in self.members():
            for income_type in self.chosen(member):
                self.fields[f"{member}_{income_type}"] = AmountField(
                    label=INCOME_LABELS[income_type],
                    help_text=_("Belopp i kronor för hela månaden, efter skatt."),
                    required=True,
                    error_messages={
                        "required": _(
                            "Skriv beloppet. Om det inte blir någon sådan inkomst, gå tillbaka "
                            "och ta bort den."
                        )
                    },
                )

    def groups(self) -> list[tuple[str, list[Any]]]:
        return [
            (member_label(m), [self[f"{m}_{t}"] for t in self.chosen(m)])
            for m in self.members()
            if self.chosen(m)
        ]

    def error_subject(self, name: str) -> str:
        # The error summary is read away from the fields and their headings: "Lön: Skriv
        # beloppet …", and with a partner whose too ("Lön – Din sambo, make eller maka: …").
        member, _sep, income_type = name.partition("_")
        if income_type not in INCOME_LABELS:
            return ""
        label = str(INCOME_LABELS[income_type])
        if len(self.members()) < 2:
            return label
        return f"{label} – {member_label(member)}"

    def initial_from(self, answers: a.Answers) -> dict[str, Any]:
        return {
            f"{m}_{t}": amount_initial(amount)
            for m, by_type in answers.incomes.by_member.items()
            for t, amount in by_type.items()
        }

    def to_answers(self) -> dict[str, Any]:
        return a.IncomesAnswers(
            {m: {t: self.cleaned_data[f"{m}_{t}"] for t in self.chosen(m)} for m in self.members()}
        ).to_json()


# --- Assets ------------------------------------------------------------------------------------


class AssetsForm(StepForm):
    section = "assets"

    bank_balance = AmountField(
        label=_("Hur mycket pengar har hushållet på bankkonton i dag?"),
        help_text=_(
            "Alla konton tillsammans, också sparkonton och barnens konton. Skriv 0 om inget."
        ),
        required=True,
        error_messages={
            "required": _("Skriv hur mycket pengar ni har. Skriv 0 om ni inte har några.")
        },
    )
    has_vehicle = yes_no_field(
        _("Äger någon i hushållet en bil, motorcykel eller båt?"),
        required_message=_("Svara om någon i hushållet äger ett fordon."),
    )
    other_assets = TextField(
        label=_("Andra tillgångar (frivilligt)"),
        help_text=_("Till exempel aktier, fonder eller en fastighet."),
        max_length=a.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def build(self) -> None:
        if self.answers.household.other_adults_count:
            # The others in the home are their own households: their money is not asked for.
            self.fields["bank_balance"].help_text = _(
                "Alla dina konton tillsammans, också sparkonton, och din sambos och dina barns "
                "om du har. Räkna inte pengar som tillhör andra vuxna i bostaden, till exempel "
                "dina föräldrar. Skriv 0 om inget."
            )
            self.fields["has_vehicle"].label = _(
                "Äger du, din sambo eller dina barn en bil, motorcykel eller båt?"
            )
            self.fields["has_vehicle"].help_text = _(
                "Räkna inte fordon som tillhör andra vuxna i bostaden."
            )

    def initial_from(self, answers: a.Answers) -> dict[str, Any]:
        s = answers.assets
        started = s.has_vehicle is not None
        return {
            "bank_balance": (f"{s.bank_balance:f}".replace(".", ",").removesuffix(",00"))
            if started
            else "",
            "has_vehicle": _yes_no(s.has_vehicle),
            "other_assets": s.other_assets,
        }

    def to_answers(self) -> dict[str, Any]:
        d = self.cleaned_data
        has_vehicle = d["has_vehicle"] == "yes"
        return a.AssetsAnswers(
            bank_balance=d["bank_balance"],
            has_vehicle=has_vehicle,
            # Its value is asked on the next page, only when there is a vehicle.
            vehicle_value=self.answers.assets.vehicle_value if has_vehicle else Decimal("0.00"),
            other_assets=d["other_assets"],
        ).to_json()


class VehicleForm(StepForm):
    """The vehicle's value: a page of its own, only when the household owns one."""

    section = "vehicle"  # the page's own key (kept typing); it saves into the assets section

    vehicle_value = AmountField(
        label=_("Ungefär vad är fordonet värt om ni säljer det?"),
        help_text=_("Har ni flera fordon: skriv vad de är värda tillsammans."),
        required=True,
        error_messages={"required": _("Skriv ungefär vad fordonet är värt.")},
    )

    def initial_from(self, answers: a.Answers) -> dict[str, Any]:
        return {"vehicle_value": amount_initial(answers.assets.vehicle_value)}

    def to_answers(self) -> dict[str, Any]:
        assets = self.answers.assets
        assets.vehicle_value = self.cleaned_data["vehicle_value"]
        return assets.to_json()

    def sections(self) -> dict[str, Any]:
        return {"assets": self.to_answers()}


# --- Work --------------------------------------------------------------------------------------

WORK_LABELS = {
    "registered_af": _("Inskriven som arbetssökande på Arbetsförmedlingen"),
    "studying": _("Studerar"),
    "sick": _("Sjukskriven eller sjuk"),
    "parental_leave": _("Föräldraledig"),
    "working": _("Arbetar"),
    "other": _("Annat"),
}


class WorkForm(StepForm):
    section = "work"

    def build(self) -> None:
        for member in self.answers.adult_members():
            # The applicant is "du"; anyone else is spoken of, not to ("hen").
            question: Any
            details: Any
            example: Any
            if member == "a1":
                question = _("Vad gör du just nu?")
                details = _("Berätta mer om vad du gör (frivilligt)")
                example = _("Till exempel hur mycket du arbetar eller hur länge du är sjukskriven.")
            else:
                who = member_label(member)
                question = _("%(who)s: vad gör hen just nu?") % {"who": who}
                details = _("%(who)s: berätta mer om vad hen gör (frivilligt)") % {"who": who}
                example = _(
                    "Till exempel hur mycket hen arbetar eller hur länge hen är sjukskriven."
                )
            self.fields[f"{member}_situation"] = forms.ChoiceField(
                label=question,
                choices=list(WORK_LABELS.items()),
                widget=forms.RadioSelect,
                error_messages={"required": _("Välj det som stämmer bäst.")},
            )
            self.fields[f"{member}_details"] = TextField(
                label=details,
                help_text=example,
                max_length=a.MAX_TEXT,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def initial_from(self, answers: a.Answers) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for member, w in answers.work.by_member.items():
            initial[f"{member}_situation"] = w.situation or None
            initial[f"{member}_details"] = w.details
        return initial

    def to_answers(self) -> dict[str, Any]:
        d = self.cleaned_data
        return a.WorkAnswers(
            {
                m: a.WorkSituation(situation=d[f"{m}_situation"], details=d[f"{m}_details"])
                for m in self.answers.adult_members()
            }
        ).to_json()


# --- Needs outside the norm -------------------------------------------------------------------

NEED_FORM_LABELS = {
    "dental_care": _("Tandvård"),
    "medical_care": _("Läkarvård och medicin"),
    "glasses": _("Glasögon"),
    "childcare": _("Avgift för barnomsorg"),
    "household_equipment": _("Hemutrustning, till exempel säng eller kylskåp"),
    "other": _("Annat"),
}


NO_NEEDS = "none"


class NeedsForm(StepForm):
    """Which costs outside the norm the household needs help with this month: one question; the
    amount and the reason for each chosen need are asked on a page of their own (issue 15 item 2:
    one thing per page; server-side, so it works without JavaScript)."""

    section = "needs"

    needs = forms.MultipleChoiceField(
        label=_("Behöver du hjälp med någon av de här kostnaderna den här månaden?"),
        help_text=_(
            "Kostnader som inte ingår i det vanliga försörjningsstödet. Välj alla som stämmer. "
            "Du skriver vad det kostar och varför på nästa sidor."
        ),
        choices=[
            *NEED_FORM_LABELS.items(),
            (NO_NEEDS, _("Nej, jag behöver inte hjälp med något av det här")),
        ],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _(
                "Välj det du behöver hjälp med, eller Nej, jag behöver inte hjälp med något av "
                "det här."
            ),
            "invalid_choice": _("Välj bland alternativen."),
        },
    )

    def initial_from(self, answers: a.Answers) -> dict[str, Any]:
        needs = answers.needs
        if not needs.answered:
            return {}
        return {"needs": list(needs.chosen) or [NO_NEEDS]}

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        chosen = data.get("needs") or []
        if NO_NEEDS in chosen and len(chosen) > 1:
            self.add_error(
                "needs",
                _(
                    "Du har valt både kostnader och Nej. Välj det du behöver hjälp med, eller "
                    "bara Nej."
                ),
            )
        return data

    def chosen(self) -> list[str]:
        return [n for n in a.NEED_TYPES if n in self.cleaned_data["needs"]]

    def to_answers(self) -> dict[str, Any]:
        # The amounts and reasons of needs still chosen are kept for their pages; the others go.
        chosen = self.chosen()
        kept = [item for item in self.answers.needs.items if item.type in chosen]
        return a.NeedsAnswers(kept, chosen=chosen, answered=True).to_json()


class NeedForm(StepForm):
    """One need chosen on the page before: what it costs and why (a page of its own)."""

    need = ""  # one of answers.NEED_TYPES; set by the subclasses in NEED_FORMS

    def build(self) -> None:
        other = self.need == "other"
        self.fields[f"{self.need}_amount"] = AmountField(
            label=_("Hur mycket kostar det, ungefär?"),
            help_text=_(
                "I kronor. Har du fått ett kostnadsförslag eller en faktura, skriv beloppet som "
                "står där."
            ),
            required=True,
            error_messages={"required": _("Skriv hur mycket det kostar, ungefär.")},
        )
        self.fields[f"{self.need}_reason"] = TextField(
            label=_("Vad behöver du, och varför?") if other else _("Varför behöver du det?"),
            help_text=_(
                "Berätta kort. Kvitton eller kostnadsförslag kan du skicka som komplettering när "
                "du har skickat ansökan."
            ),
            max_length=a.MAX_TEXT,
            required=True,
            error_messages={
                "required": _("Skriv vad du behöver och varför.")
                if other
                else _("Skriv varför du behöver det.")
            },
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    def initial_from(self, answers: a.Answers) -> dict[str, Any]:
        for item in answers.needs.items:
            if item.type == self.need:
                return {
                    f"{self.need}_amount": amount_initial(item.amount),
                    f"{self.need}_reason": item.reason,
                }
        return {}

    def to_answers(self) -> dict[str, Any]:
        needs = self.answers.needs
        mine = a.Need(
            type=self.need,
            amount=self.cleaned_data[f"{self.need}_amount"],
            reason=self.cleaned_data[f"{self.need}_reason"],
        )
        items = {item.type: item for item in needs.items if item.type != self.need}
        items[self.need] = mine
        ordered = [items[n] for n in a.NEED_TYPES if n in items]
        return a.NeedsAnswers(ordered, chosen=list(needs.chosen), answered=True).to_json()

    def sections(self) -> dict[str, Any]:
        return {"needs": self.to_answers()}


# Each need's page: its slug and title, in the order the needs are asked.
NEED_STEP: dict[str, str] = {
    "dental_care": "behov-tandvard",
    "medical_care": "behov-lakarvard",
    "glasses": "behov-glasogon",
    "childcare": "behov-barnomsorg",
    "household_equipment": "behov-hemutrustning",
    "other": "behov-annat",
}
STEP_NEED = {step: need for need, step in NEED_STEP.items()}
NEED_PAGE_TITLES: dict[str, Any] = {
    "dental_care": _("Tandvård"),
    "medical_care": _("Läkarvård och medicin"),
    "glasses": _("Glasögon"),
    "childcare": _("Avgift för barnomsorg"),
    "household_equipment": _("Hemutrustning"),
    "other": _("Annan kostnad"),
}

# One page per need; "section" is the page's own key for what is typed and kept.
NEED_FORMS: dict[str, type[NeedForm]] = {
    need: type(
        f"Need{''.join(part.title() for part in need.split('_'))}Form",
        (NeedForm,),
        {"need": need, "section": f"need_{need}"},
    )
    for need in a.NEED_TYPES
}


# --- Payment -----------------------------------------------------------------------------------


class PaymentForm(StepForm):
    section = "payment"

    clearing = TextField(
        label=_("Clearingnummer"),
        help_text=_("4 siffror, hos Swedbank ibland 5. Står i din internetbank."),
        max_length=20,
        required=True,
        error_messages={"required": _("Skriv clearingnumret.")},
    )
    account = TextField(
        label=_("Kontonummer"),
        help_text=_("Utan clearingnummer."),
        max_length=30,
        required=True,
        error_messages={"required": _("Skriv kontonumret.")},
    )

    def initial_from(self, answers: a.Answers) -> dict[str, Any]:
        return {"clearing": answers.payment.clearing, "account": answers.payment.account}

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if data.get("clearing") and data.get("account"):
            try:
                account = parse_bank_account(data["clearing"], data["account"])
            except InvalidBankAccountError as exc:
                message = str(exc)
                field = "clearing" if "learing" in message else "account"
                self.add_error(field, message)
            else:
                data["clearing"], data["account"] = account.clearing, account.account
        return data

    def to_answers(self) -> dict[str, Any]:
        return a.PaymentAnswers(
            clearing=self.cleaned_data["clearing"], account=self.cleaned_data["account"]
        ).to_json()


# --- Consent and declaration ------------------------------------------------------------------


class ConsentForm(StepForm):
    section = "consent"

    registers = yes_no_field(
        _("Får vi hämta uppgifter om dig från andra myndigheter?"),
        required_message=_("Svara om vi får hämta uppgifter från andra myndigheter."),
    )
    truthful = forms.BooleanField(
        label=_("Jag intygar att uppgifterna i ansökan är riktiga och fullständiga."),
        error_messages={
            "required": _("Du måste intyga att uppgifterna stämmer för att kunna skicka ansökan.")
        },
    )

    def initial_from(self, answers: a.Answers) -> dict[str, Any]:
        return {
            "registers": _yes_no(answers.consent.registers),
            "truthful": answers.consent.truthful,
        }

    def to_answers(self) -> dict[str, Any]:
        return a.ConsentAnswers(
            registers=self.cleaned_data["registers"] == "yes", truthful=True
        ).to_json()


# --- Recurring: what changed -------------------------------------------------------------------

CHANGEABLE = [
    ("household", _("Vilka som bor i hushållet")),
    ("housing", _("Boende och kostnader")),
    ("incomes", _("Inkomster")),
    ("assets", _("Pengar på banken och andra tillgångar")),
    ("work", _("Arbete, studier eller sjukskrivning")),
    ("needs", _("Andra kostnader du behöver hjälp med, till exempel tandvård")),
    ("payment", _("Bankkonto för utbetalning")),
]


class ChangesForm(StepForm):
    section = "recurring"

    nothing_changed = forms.ChoiceField(
        label=_("Har något ändrats sedan förra ansökan?"),
        choices=[
            ("no", _("Nej, inget har ändrats")),
            ("yes", _("Ja, något har ändrats")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Svara om något har ändrats sedan förra ansökan.")},
    )
    changed = forms.MultipleChoiceField(
        label=_("Vad har ändrats?"),
        help_text=_("Välj allt som har ändrats. Du får ändra bara de delarna."),
        choices=CHANGEABLE,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Välj bland alternativen.")},
    )

    def initial_from(self, answers: a.Answers) -> dict[str, Any]:
        r = answers.recurring
        if r.nothing_changed is None:
            return {}
        return {"nothing_changed": "no" if r.nothing_changed else "yes", "changed": r.changed}

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if data.get("nothing_changed") == "yes" and not data.get("changed"):
            self.add_error("changed", _("Välj vad som har ändrats."))
        if data.get("nothing_changed") == "no" and data.get("changed"):
            self.add_error(
                "changed",
                _(
                    "Du har svarat att inget har ändrats men också valt något som har ändrats. "
                    "Svara Ja om något har ändrats, eller ta bort valen."
                ),
            )
        return data

    def to_answers(self) -> dict[str, Any]:
        d = self.cleaned_data
        nothing = d["nothing_changed"] == "no"
        return a.RecurringAnswers(
            nothing_changed=nothing, changed=[] if nothing else list(d["changed"])
        ).to_json()


class PartnerConfirmForm(AccessibleForm):
    truthful = forms.BooleanField(
        label=_("Jag har läst ansökan och intygar att uppgifterna är riktiga och fullständiga."),
        error_messages={"required": _("Du måste intyga att uppgifterna stämmer för att godkänna.")},
    )
    registers = forms.BooleanField(
        label=_("Ni får hämta uppgifter om mig från andra myndigheter."),
        required=False,
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (`<input type="file" multiple>`); none is allowed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class SupplementForm(AccessibleForm):
    """Komplettering: what the applicant adds to a sent application, in words and/or as files
    (PDF, JPEG or PNG, read from their content; docs/adr/0216)."""

    text = TextField(
        label=_("Vad vill du lägga till eller ändra i ansökan?"),
        help_text=_(
            "Skriv till exempel en inkomst eller kostnad som har ändrats, eller svar på det vi "
            "har bett dig komplettera med. Skriv inte av hela ansökan."
        ),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    documents = MultipleFileField(
        label=_("Bifoga filer (frivilligt)"),
        error_messages={
            "empty": _("Filen är tom."),
            "invalid": _("Välj filerna igen."),
        },
    )

    def __init__(self, *args: Any, max_mb: int = 10, max_files: int = 10, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_mb, self.max_files = max_mb, max_files
        self.fields["documents"].help_text = _(
            "Till exempel ett kvitto, ett lönebesked eller ett kostnadsförslag. PDF, JPEG eller "
            "PNG, högst %(mb)s MB per fil och högst %(n)s filer. Ett foto går bra. Du kan välja "
            "flera filer på en gång."
        ) % {"mb": max_mb, "n": max_files}
        self.fields["documents"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png"

    def clean_documents(self) -> list[Any]:
        files = self.cleaned_data.get("documents") or []
        if len(files) > self.max_files:
            raise forms.ValidationError(
                _("Du kan skicka högst %(n)s filer med en komplettering.") % {"n": self.max_files}
            )
        problems = []
        for upload in files:
            if upload.size > self.max_mb * 1024 * 1024:
                problems.append(
                    _("%(name)s: Filen är för stor. Den får vara högst %(mb)s MB.")
                    % {"name": upload.name, "mb": self.max_mb}
                )
                continue
            head = upload.read(16)
            upload.seek(0)
            try:
                sniff(head)
            except DocumentError as exc:
                problems.append(_("%(name)s: %(problem)s") % {"name": upload.name, "problem": exc})
        if problems:
            raise forms.ValidationError(problems)
        return files

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if (
            not data.get("text")
            and not data.get("documents")
            and "text" not in self.errors
            and "documents" not in self.errors
        ):
            self.add_error("text", _("Skriv vad du vill lägga till, eller bifoga en fil."))
        if self.errors and self.files.getlist("documents") and "documents" not in self.errors:
            # The browser cannot fill a file field in again: say so where it matters.
            self.add_error(
                "documents",
                _("Välj filerna igen: webbläsaren sparar dem inte när något annat behöver rättas."),
            )
        return data


class WithdrawForm(AccessibleForm):
    confirm = forms.BooleanField(
        label=_("Jag vill återkalla ansökan. Jag vet att den inte kommer att prövas."),
        error_messages={"required": _("Kryssa i rutan om du vill återkalla ansökan.")},
    )
