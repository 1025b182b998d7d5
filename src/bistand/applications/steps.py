"""The pages of the application form and which of them an application has: one definition for
the e-service (`applications.views.step`) and the paper intake (`casework.views.paper_step`),
which both show them through the one form-step view (`applications.form_step.step_page`).

Which pages are asked follows from the answers saved so far, on the server, so the form works
without JavaScript: a follow-up question has a page of its own, asked only when an earlier answer
calls for it; a fortsatt ansökan asks only what changed (and what a change leaves unanswered).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy

from bistand.core import personnummer as pnr

from . import answers as a
from . import forms
from .models import Application, ApplicationKind


@dataclass(frozen=True)
class Step:
    slug: str
    form: type[forms.StepForm]
    title: Any  # lazy translation


CHANGES = Step("andringar", forms.ChangesForm, gettext_lazy("Har något ändrats?"))
STEPS: list[Step] = [
    Step("hushall", forms.HouseholdForm, gettext_lazy("Vilka bor i ditt hushåll?")),
    Step("skolgang", forms.OwnSchoolForm, gettext_lazy("Går du i skolan?")),
    Step("barn", forms.ChildrenForm, gettext_lazy("Barnen i ditt hushåll")),
    Step("barn-mer", forms.ChildDetailsForm, gettext_lazy("Mer om barnen")),
    # One page per child with own incomes chosen on "barn" (issue 15 item 2): the amounts.
    *(
        Step(slug, forms.CHILD_INCOME_FORMS[n], forms.child_income_title(n))
        for n, slug in forms.CHILD_INCOME_STEP.items()
    ),
    Step("andra-vuxna", forms.OtherAdultsForm, gettext_lazy("Andra som bor i bostaden")),
    Step("boende", forms.HousingForm, gettext_lazy("Ditt boende och dina kostnader")),
    Step("inkomster", forms.IncomeSourcesForm, gettext_lazy("Inkomster den här månaden")),
    Step(
        "inkomstbelopp",
        forms.IncomesForm,
        gettext_lazy("Hur stora är inkomsterna den här månaden?"),
    ),
    Step("tillgangar", forms.AssetsForm, gettext_lazy("Pengar och andra tillgångar")),
    Step("fordon", forms.VehicleForm, gettext_lazy("Vad är fordonet värt?")),
    Step("sysselsattning", forms.WorkForm, gettext_lazy("Arbete, studier och hälsa")),
    Step("behov", forms.NeedsForm, gettext_lazy("Andra kostnader du behöver hjälp med")),
    # One page per need chosen on "behov" (issue 15 item 2): its amount and why.
    *(
        Step(forms.NEED_STEP[need], forms.NEED_FORMS[need], title)
        for need, title in forms.NEED_PAGE_TITLES.items()
    ),
    Step("utbetalning", forms.PaymentForm, gettext_lazy("Bankkonto för utbetalning")),
    Step("samtycke", forms.ConsentForm, gettext_lazy("Samtycke och intygande")),
]
BY_SLUG = {s.slug: s for s in [CHANGES, *STEPS]}
# The sections a "what changed" choice opens, and the pages that follow from them.
FOLLOWS = {
    "household": [
        "hushall",
        "skolgang",
        "barn",
        "barn-mer",
        *forms.CHILD_INCOME_STEP.values(),
        "andra-vuxna",
    ],
    "incomes": ["inkomster", "inkomstbelopp"],
    "assets": ["tillgangar", "fordon"],
    "needs": ["behov", *forms.NEED_STEP.values()],
}
SECTION_STEP = {
    "housing": "boende",
    "incomes": "inkomster",
    "assets": "tillgangar",
    "work": "sysselsattning",
    "needs": "behov",
    "payment": "utbetalning",
}


# The parts of the application the page header counts ("Del 3 av 8: Inkomster"). Pages that open
# from an answer (a page per child, per need, the vehicle) belong to the part they open in, so
# the count does not jump when they open: it was "Sida 2 av 4", then "Sida 4 av 6" once the
# household had children (found walking the demo).
PARTS: list[tuple[Any, tuple[str, ...]]] = [
    (gettext_lazy("Ändringar"), ("andringar",)),
    (gettext_lazy("Hushållet"), tuple(FOLLOWS["household"])),
    (gettext_lazy("Boendet"), ("boende",)),
    (gettext_lazy("Inkomster"), tuple(FOLLOWS["incomes"])),
    (gettext_lazy("Tillgångar"), tuple(FOLLOWS["assets"])),
    (gettext_lazy("Arbete och studier"), ("sysselsattning",)),
    (gettext_lazy("Andra kostnader"), tuple(FOLLOWS["needs"])),
    (gettext_lazy("Utbetalning"), ("utbetalning",)),
    (gettext_lazy("Samtycke"), ("samtycke",)),
]


@dataclass(frozen=True)
class Progress:
    part: int
    parts: int
    title: str


def progress(steps: list[Step], current: Step) -> Progress:
    """Which part of the application `current` is in, of the parts `steps` has."""
    slugs = {step.slug for step in steps}
    present = [(title, part) for title, part in PARTS if slugs.intersection(part)]
    for number, (title, part) in enumerate(present, start=1):
        if current.slug in part:
            return Progress(part=number, parts=len(present), title=str(title))
    return Progress(part=len(present), parts=len(present), title=str(current.title))


def applicant_age(application: Application) -> int | None:
    """The applicant's age on the first of the month applied for (from the personnummer)."""
    try:
        born = pnr.birth_date(application.case.applicant.personnummer or "")
    except pnr.PersonnummerError:
        return None
    return a.age_at(born, application.month.replace(day=1))


def _applies(
    step: str, answers: a.Answers, month: date | None = None, applicant_age: int | None = None
) -> bool:
    """Whether a page is asked, from the answers saved so far: a follow-up question has a page
    of its own, asked only when an earlier answer calls for it (server-side, so it works without
    JavaScript). Without the month, a child's school is known only once answered; without the
    applicant's age, the applicant's own school likewise."""
    h = answers.household
    if step == "skolgang":
        if applicant_age is None:
            return h.applicant_in_school is not None
        return answers.applicant_young_adult(applicant_age)
    if step == "barn":
        return h.children_count > 0
    if step == "barn-mer":
        children = answers.children.items[: h.children_count]
        young = (
            answers.young_adults(month)
            if month is not None
            else [i for i, c in enumerate(children, 1) if c.in_school is not None]
        )
        return bool(young) or any(c.lives_here in ("umgange", "main_umgange") for c in children)
    if step in forms.STEP_CHILD_INCOME:
        n = forms.STEP_CHILD_INCOME[step]
        items = answers.children.items
        return n <= min(h.children_count, len(items)) and bool(items[n - 1].chosen_incomes)
    if step == "andra-vuxna":
        return h.other_adults_count > 0
    if step == "inkomstbelopp":
        return any(answers.income_sources.by_member.get(m) for m in answers.income_members())
    if step == "fordon":
        return bool(answers.assets.has_vehicle)
    if step in forms.STEP_NEED:
        return forms.STEP_NEED[step] in answers.needs.chosen
    return True


def steps_for(application: Application, answers: a.Answers) -> list[Step]:
    """The pages this application has, in order."""

    age = applicant_age(application)

    def applies(step: Step) -> bool:
        return _applies(step.slug, answers, application.month, age)

    if application.kind != ApplicationKind.RECURRING:
        return [s for s in STEPS if applies(s)]
    wanted = {"samtycke"}
    if answers.young_adults(application.month):
        # A child 18–20 is in the household only while in school: asked every month.
        wanted.update(["barn", "barn-mer", *forms.CHILD_INCOME_STEP.values()])
    if answers.applicant_young_adult(age):
        # So is an applicant 18–20 an own household only while out of school.
        wanted.add("skolgang")
    for section in answers.recurring.changed:
        wanted.update(FOLLOWS.get(section, [SECTION_STEP.get(section, "")]))
    if answers.recurring.changed:
        # A change can leave another page unanswered (a new partner's incomes): asked too.
        wanted.update(missing_steps(answers, application.answers, application.month, age))
    return [CHANGES] + [s for s in STEPS if s.slug in wanted and applies(s)]


def summary_steps(
    answers: a.Answers, month: date | None = None, applicant_age: int | None = None
) -> list[str]:
    return [s.slug for s in STEPS if _applies(s.slug, answers, month, applicant_age)]


# Pages whose answers a fortsatt ansökan does not carry over (answers.CARRIED_OVER): consent
# and the declaration are given afresh for every application, needs are this month's only. The
# changes page's "what you answered last time" leaves them out: the draft holds nothing of the
# last application there (found walking the demo: it showed the consent rows as last month's).
NOT_CARRIED_OVER = frozenset({"samtycke", "behov", *forms.STEP_NEED})


def carried_summary_steps(answers: a.Answers) -> list[str]:
    """The pages of `summary_steps` whose answers came over from the last application."""
    return [slug for slug in summary_steps(answers) if slug not in NOT_CARRIED_OVER]


def missing_steps(
    answers: a.Answers,
    raw: dict[str, Any],
    month: date | None = None,
    applicant_age: int | None = None,
) -> list[str]:
    """Pages whose answers are missing or no longer fit the household (with the month: also a
    child 18–20 without an answer about school; with the applicant's age, an applicant 18–20
    without an answer about his or her own school)."""
    missing = []
    h = answers.household
    required = {
        "hushall": "household" in raw and h.has_partner is not None,
        "skolgang": h.applicant_in_school is not None,
        "barn": len(answers.children.items) >= h.children_count,
        "barn-mer": all(
            answers.children.items[i - 1].in_school is not None
            for i in (answers.young_adults(month) if month is not None else [])
        )
        and all(
            c.umgange_days
            for c in answers.children.items[: h.children_count]
            if c.lives_here == "umgange"
        )
        and all(
            c.days_with_other_parent is not None
            for c in answers.children.items[: h.children_count]
            if c.lives_here == "main_umgange"
        ),
        "andra-vuxna": len(answers.other_adults.birth_dates) >= h.other_adults_count,
        "boende": bool(answers.housing.housing_type),
        "inkomster": answers.income_sources.answered
        and all(m in answers.income_sources.by_member for m in answers.income_members()),
        "inkomstbelopp": all(
            answers.incomes.by_member.get(m, {}).get(t, 0) > 0
            for m in answers.income_members()
            for t in answers.income_sources.by_member.get(m, [])
        ),
        "tillgangar": answers.assets.has_vehicle is not None,
        "fordon": answers.assets.vehicle_value > 0,
        "sysselsattning": all(
            answers.work.by_member.get(m, a.WorkSituation()).situation
            for m in answers.adult_members()
        ),
        "behov": "needs" in raw,
        "utbetalning": bool(answers.payment.account),
        "samtycke": answers.consent.truthful and answers.consent.registers is not None,
    }
    for n, step in forms.CHILD_INCOME_STEP.items():
        if n <= len(answers.children.items):
            child = answers.children.items[n - 1]
            required[step] = all(
                child.own_incomes.get(t, Decimal(0)) > 0 for t in child.chosen_incomes
            )
    given = {item.type: item for item in answers.needs.items}
    for need, step in forms.NEED_STEP.items():
        item = given.get(need)
        required[step] = item is not None and item.amount > 0 and bool(item.reason)
    for slug in summary_steps(answers, month, applicant_age):
        if not required.get(slug, True):
            missing.append(slug)
    return missing


# A follow-up page is shown on the check page within the section of the page it follows.
SUMMARY_PARENT = {"inkomstbelopp": "inkomster", "fordon": "tillgangar", "barn-mer": "barn"}


def missing_sections(
    answers: a.Answers,
    raw: dict[str, Any],
    month: date | None = None,
    applicant_age: int | None = None,
) -> list[str]:
    """`missing_steps` as the check page shows them: a follow-up page within its section."""
    sections: list[str] = []
    for slug in missing_steps(answers, raw, month, applicant_age):
        parent = SUMMARY_PARENT.get(slug, slug)
        if parent not in sections:
            sections.append(parent)
    return sections


def pages_after(application: Application, slug: str) -> list[str]:
    """The pages that follow `slug` in this application, its answers as saved (saving a page can
    open pages or close them)."""
    slugs = [s.slug for s in steps_for(application, a.Answers.from_json(application.answers))]
    return slugs[slugs.index(slug) + 1 :] if slug in slugs else []
