"""A young adult (18–20) who has left school applies as his or her own household, typically at
the parents' home (issue 11 item 2).

Law: 12 kap. 9 § SoL (2025:400): an 18–20-year-old belongs in the parents' household only while
in grundskola, gymnasieskola or comparable. Out of school he or she is an adult sharing the home
without being sambo: 12 kap. 3 § andra stycket SoF (2025:468): "personliga kostnader för
ensamstående plus kvoten av de gemensamma kostnaderna för hushållet och antalet medlemmar i
hushållet". The parents' incomes and personal costs are never counted; rent and household
electricity per head unless an agreed share is recorded.

Hand computation, 2026 (SFS 2025:1046: ensamstående 3 940 kr; gemensamma hushållskostnader for
4 persons 2 030 kr), the young adult with two parents and one younger sister (4 in the home),
rent 9 000 kr and electricity 600 kr for the whole home, no income:
    3 940 + 2 030 / 4 (507,50) + 9 000 / 4 (2 250) + 600 / 4 (150) = 6 847,50 kr.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from bistand.applications import answers as a
from bistand.applications.answers import to_rules_input
from bistand.applications.models import Application, ApplicationKind, ApplicationStatus
from bistand.applications.steps import steps_for
from tests import factories
from tests.factories import this_month

from .helpers import CONSENT, NEEDS, PAYMENT, post_step, start_application, step_url

pytestmark = pytest.mark.django_db

HOUSING_WHOLE_HOME = {
    "housing_type": "rental",
    "rent": "9 000",
    "household_electricity": "600",
    "home_insurance": "",
    "union_and_a_kassa": "",
    "work_travel": "",
    "agreed_rent_share": "",
}


def young(age: int = 19) -> date:
    """A birth date that makes the applicant `age` on the first of this month."""
    month = this_month()
    return date(month.year - age, 1, 1) if month.month > 1 else date(month.year - age - 1, 1, 1)


@pytest.fixture
def young_adult(db):
    return factories.citizen("ung", seed=7, born=young(19))


@pytest.fixture
def parent(db):
    return factories.citizen("foralder", seed=8, born=date(1972, 5, 14))


def month_value() -> str:
    return f"{this_month():%Y-%m}"


def fill_young_adult(client, application: Application, *, in_school: str = "no") -> None:
    response = post_step(
        client,
        application,
        "hushall",
        {"has_partner": "no", "children_count": "0", "other_adults_count": "2"},
    )
    # The next page asks the young adult about school: it decides whose household he is in.
    assert response["Location"] == step_url(application, "skolgang")
    assert post_step(client, application, "skolgang", {}).status_code == 400
    response = post_step(client, application, "skolgang", {"in_school": in_school})
    assert response["Location"] == step_url(application, "andra-vuxna")
    response = post_step(
        client,
        application,
        "andra-vuxna",
        {
            "o1_birth_date": "1972-05-14",
            "o1_relation": "parent",
            "o2_birth_date": "1974-09-02",
            "o2_relation": "parent",
            "children_in_home": "1",
        },
    )
    assert response["Location"] == step_url(application, "boende")
    for slug, data in [
        ("boende", HOUSING_WHOLE_HOME),
        ("inkomster", {"a1_sources": ["none"]}),
        ("tillgangar", {"bank_balance": "0", "has_vehicle": "no", "other_assets": ""}),
        ("sysselsattning", {"a1_situation": "registered_af", "a1_details": ""}),
        ("behov", NEEDS),
        ("utbetalning", PAYMENT),
        ("samtycke", CONSENT),
    ]:
        response = post_step(client, application, slug, data)
        assert response.status_code == 302, (slug, response.content.decode()[:3000])


def test_a_young_adult_out_of_school_applies_as_an_own_household(client, young_adult):
    client.force_login(young_adult)
    application = start_application(client, month_value())
    assert application.case.applicant_id == young_adult.pk
    fill_young_adult(client, application)

    application.refresh_from_db()
    rules_input = to_rules_input(application)
    # The young adult, the two parents and the sister: the parents and the sister are members
    # of the home who belong to another household there (the parents'), never of the young
    # adult's household; nothing about them but that (role "home_member", rules 2.0.2+).
    assert rules_input["household"] == [
        {"id": "a1", "role": "applicant", "age": 19},
        {"id": "o1", "role": "home_member", "age": a.age_at(date(1972, 5, 14), this_month())},
        {"id": "o2", "role": "home_member", "age": a.age_at(date(1974, 9, 2), this_month())},
        {"id": "o3", "role": "home_member", "age": None},
    ]
    assert rules_input["incomes"] == []
    assert "rent_agreed_share" not in rules_input["costs"]

    page = client.get(reverse("applications:check", args=[application.pk])).content.decode()
    assert "Du söker som ett eget hushåll" in page
    assert "Deras inkomster, pengar och behov räknas inte i din ansökan" in page
    assert "Barn i bostaden som inte är dina" in page
    # The preliminary calculation is the hand computation in the module docstring (2026).
    if this_month().year == 2026:
        assert "6\xa0847,50" in page or "6 847,50" in page, page[page.find("preview") :][:2000]
        # Another person's norm (3 940 + 507,50) is explained, never shown as an amount.
        assert "4\xa0447,50" not in page and "4 447,50" not in page
    # The parents (a couple) and the sister are not "Vuxen i hemmet som inte är sambo", and no
    # norm of theirs is stated ("Hens norm (3 940 kr för en ensamstående …)").
    assert page.count("bor i hemmet men hör till ett annat hushåll där") == 3
    assert f"Personen ({a.age_at(date(1972, 5, 14), this_month())} år) bor i hemmet" in page
    assert "Vuxen i hemmet som inte är sambo" not in page
    assert "Hens norm" not in page and "ensamstående plus" not in page
    assert "Hens behov och inkomster ingår inte i din beräkning" in page

    response = client.post(
        reverse("applications:check", args=[application.pk]), {"version": application.version}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.kind == ApplicationKind.NEW


def test_the_parents_work_money_and_incomes_are_never_asked(client, young_adult):
    """The parents are their own household: the e-service asks nothing about their work,
    incomes or money (data minimisation; 12 kap. 3 § andra stycket SoF 2025:468)."""
    client.force_login(young_adult)
    application = start_application(client, month_value())
    post_step(
        client,
        application,
        "hushall",
        {"has_partner": "no", "children_count": "0", "other_adults_count": "2"},
    )
    post_step(client, application, "skolgang", {"in_school": "no"})
    work = client.get(step_url(application, "sysselsattning")).content.decode()
    assert "a1_situation" in work and "o1_situation" not in work and "o2_situation" not in work
    incomes = client.get(step_url(application, "inkomster")).content.decode()
    assert "a1_sources" in incomes and "o1_sources" not in incomes
    assets = client.get(step_url(application, "tillgangar")).content.decode()
    assert "Räkna inte pengar som tillhör andra vuxna i bostaden" in assets
    assert "Räkna inte fordon som tillhör andra vuxna i bostaden" in assets


def test_a_sister_under_18_is_not_an_other_adult_but_a_child_in_the_home(client, young_adult):
    client.force_login(young_adult)
    application = start_application(client, month_value())
    post_step(
        client,
        application,
        "hushall",
        {"has_partner": "no", "children_count": "0", "other_adults_count": "1"},
    )
    post_step(client, application, "skolgang", {"in_school": "no"})
    sister = date(this_month().year - 12, 3, 9).isoformat()
    response = post_step(
        client,
        application,
        "andra-vuxna",
        {"o1_birth_date": sister, "o1_relation": "sibling", "children_in_home": ""},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Personen är under 18 år" in page and "barn som inte är dina" in page
    assert "Skriv hur många barn som inte är dina som bor i bostaden" in page
    assert sister in page  # nothing typed is lost


def test_a_young_adult_in_school_is_told_the_parents_household_comes_first(client, young_adult):
    client.force_login(young_adult)
    application = start_application(client, month_value())
    fill_young_adult(client, application, in_school="yes")
    page = client.get(reverse("applications:check", args=[application.pk])).content.decode()
    assert "Du går i skolan" in page
    assert "räknas du i deras hushåll" in page
    assert "En handläggare prövar den" in page


def test_an_applicant_over_20_is_not_asked_about_school(client, parent):
    client.force_login(parent)
    application = start_application(client, month_value())
    response = post_step(
        client,
        application,
        "hushall",
        {"has_partner": "no", "children_count": "0", "other_adults_count": "0"},
    )
    assert response["Location"] == step_url(application, "boende")
    slugs = [s.slug for s in steps_for(application, a.Answers.from_json(application.answers))]
    assert "skolgang" not in slugs


def test_the_school_question_is_asked_every_month_in_a_fortsatt_ansokan(client, young_adult):
    client.force_login(young_adult)
    first = start_application(client, month_value())
    fill_young_adult(client, first)
    first.refresh_from_db()
    client.post(reverse("applications:check", args=[first.pk]), {"version": first.version})
    Application.objects.filter(pk=first.pk).update(status=ApplicationStatus.DECIDED)
    nxt = this_month().replace(day=28).toordinal() + 4
    next_month = date.fromordinal(nxt).replace(day=1)
    second = start_application(client, f"{next_month:%Y-%m}")
    assert second.kind == ApplicationKind.RECURRING
    answers = a.Answers.from_json(second.answers)
    assert answers.other_adults.children_in_home == 1  # carried over
    post_step(client, second, "andringar", {"nothing_changed": "no"})
    slugs = [s.slug for s in steps_for(second, a.Answers.from_json(second.answers))]
    assert slugs == ["andringar", "skolgang", "samtycke"]


def test_the_young_adult_and_the_parent_cannot_see_each_others_case(client, young_adult, parent):
    """Separate cases: nothing links them, and neither login reaches the other's application or
    Min sida section (404), whatever each has answered about the other."""
    client.force_login(young_adult)
    own = start_application(client, month_value())
    fill_young_adult(client, own)
    own.refresh_from_db()
    client.post(reverse("applications:check", args=[own.pk]), {"version": own.version})

    client.force_login(parent)
    theirs = start_application(client, month_value())
    assert theirs.case_id != own.case_id
    for name in ("applications:receipt", "applications:check"):
        assert client.get(reverse(name, args=[own.pk])).status_code == 404
    assert client.get(step_url(own, "hushall")).status_code == 404
    min_sida = client.get(reverse("applications:min_sida")).content.decode()
    assert own.case.number not in min_sida

    client.force_login(young_adult)
    for name in ("applications:receipt", "applications:check"):
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 404
    assert theirs.case.number not in client.get(reverse("applications:min_sida")).content.decode()


@pytest.mark.parametrize(
    ("typed", "agreed"),
    [("", None), ("0", "0.00"), ("2 000", "2000.00")],
)
def test_an_empty_agreed_share_means_per_head_not_zero(client, young_adult, typed, agreed):
    """Issue 11 item 1: the rent of a shared home counts per head unless an agreed share is
    recorded. Leaving "Din del av hyran" empty records none (it was taken as 0 kr: no rent);
    "0" records an agreed share of 0 kr (the young adult pays nothing at home)."""
    client.force_login(young_adult)
    application = start_application(client, month_value())
    post_step(
        client,
        application,
        "hushall",
        {"has_partner": "no", "children_count": "0", "other_adults_count": "1"},
    )
    response = post_step(
        client, application, "boende", {**HOUSING_WHOLE_HOME, "agreed_rent_share": typed}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert to_rules_input(application)["costs"].get("rent_agreed_share") == agreed


@settings(max_examples=60, deadline=None)
@given(
    parents=st.integers(min_value=1, max_value=2),
    siblings=st.integers(min_value=0, max_value=6),
    rent=st.integers(min_value=0, max_value=20_000),
    electricity=st.integers(min_value=0, max_value=2_000),
    parent_born=st.dates(min_value=date(1950, 1, 1), max_value=date(1990, 12, 31)),
)
def test_the_young_adults_amount_is_the_law_s_whatever_the_home(
    parents, siblings, rent, electricity, parent_born
):
    """The young adult's norm is the ensamstående amount + the home's shared costs ÷ persons in
    the home; rent and electricity ÷ persons in the home (12 kap. 3 § andra stycket SoF
    2025:468). One more child in the home never raises it; the parents' ages never change it."""
    from bistand.applications.answers import rules_input_from_answers
    from bistand.demo import scenarios
    from bistand.rules import calculate
    from bistand.synthetic import personnummer

    number = personnummer.generate(random.Random(1), date(2007, 2, 2))

    def amount(children: int, born: date) -> Decimal:
        answers = scenarios.young_adult_answers(
            rent=f"{rent}.00", electricity=f"{electricity}.00", parents=parents, siblings=children
        )
        answers["other_adults"]["items"][0]["birth_date"] = born.isoformat()
        inp = rules_input_from_answers(
            answers, month=date(2026, 3, 1), applicant_personnummer=number
        )
        return calculate(inp).amount

    home = 1 + parents + siblings
    shared = [1280, 1410, 1790, 2030, 2330, 2640, 2830]  # 2026, SFS 2025:1046
    shared_cost = shared[home - 1] if home <= 7 else shared[6] + (home - 7) * (2830 - 2640)
    expected = (
        Decimal(3940)
        + (Decimal(shared_cost) / home).quantize(Decimal("0.01"), ROUND_HALF_UP)
        + (Decimal(rent) / home).quantize(Decimal("0.01"), ROUND_HALF_UP)
        + (Decimal(electricity) / home).quantize(Decimal("0.01"), ROUND_HALF_UP)
    )
    assert amount(siblings, parent_born) == expected
    assert amount(siblings + 1, parent_born) <= expected
    assert amount(siblings, date(1960, 6, 6)) == expected
