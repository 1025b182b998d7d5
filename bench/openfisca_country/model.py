"""The same riksnorm as bistand.rules in OpenFisca-core, built in-process (bench only).

Försörjningsstöd = max(0, riksnorm + housing cost − income), with the riksnorm from
12 kap. 2–3 §§ SFS 2025:468 (2025 and 2026 tables): adults (ensamstående / sambor), children by
age band, shared costs by household size 1–7 plus the difference between 6 and 7 for each person
above seven. Children are assumed to eat lunch at home (no "utan lunch" variant).
"""

from __future__ import annotations

from pathlib import Path

from numpy import maximum as max_
from numpy import where
from openfisca_core.entities import build_entity
from openfisca_core.periods import DateUnit
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

Person = build_entity(key="person", plural="persons", label="Person", is_person=True)
Household = build_entity(
    key="household",
    plural="households",
    label="Hushåll",
    roles=[
        {"key": "adult", "plural": "adults", "label": "Vuxen", "max": 2},
        {"key": "child", "plural": "children", "label": "Barn"},
    ],
)


class age(Variable):  # noqa: N801 - OpenFisca names variables in snake_case
    value_type = int
    entity = Person
    definition_period = DateUnit.MONTH
    label = "Ålder"


class income(Variable):  # noqa: N801
    value_type = float
    entity = Person
    definition_period = DateUnit.MONTH
    label = "Inkomst efter skatt"


class housing_cost(Variable):  # noqa: N801
    value_type = float
    entity = Household
    definition_period = DateUnit.MONTH
    label = "Boendekostnad"


class number_of_adults(Variable):  # noqa: N801
    value_type = int
    entity = Household
    definition_period = DateUnit.MONTH

    def formula(household, period):  # type: ignore[no-untyped-def]  # noqa: N805
        return household.nb_persons(Household.ADULT)


class household_size(Variable):  # noqa: N801
    value_type = int
    entity = Household
    definition_period = DateUnit.MONTH

    def formula(household, period):  # type: ignore[no-untyped-def]  # noqa: N805
        return household.nb_persons()


class personal_amount(Variable):  # noqa: N801
    value_type = float
    entity = Person
    definition_period = DateUnit.MONTH
    reference = "SFS 2025:468 12 kap. 2 §"

    def formula(person, period, parameters):  # type: ignore[no-untyped-def]  # noqa: N805
        p = parameters(period).norm
        cohabiting = person.household("number_of_adults", period) >= 2
        adult = person.has_role(Household.ADULT)
        # The sambo amount covers both adults: half each.
        adult_amount = where(cohabiting, p.adult_cohabiting / 2, p.adult_single)
        return where(adult, adult_amount, p.child_by_age.calc(person("age", period)))


class household_amount(Variable):  # noqa: N801
    value_type = float
    entity = Household
    definition_period = DateUnit.MONTH
    reference = "SFS 2025:468 12 kap. 2–3 §§"

    def formula(household, period, parameters):  # type: ignore[no-untyped-def]  # noqa: N805
        scale = parameters(period).norm.household_by_size
        size = household("household_size", period)
        extra = scale.calc(7) - scale.calc(6)
        return scale.calc(size) + max_(size - 7, 0) * extra


class riksnorm(Variable):  # noqa: N801
    value_type = float
    entity = Household
    definition_period = DateUnit.MONTH

    def formula(household, period):  # type: ignore[no-untyped-def]  # noqa: N805
        personal = household.sum(household.members("personal_amount", period))
        return personal + household("household_amount", period)


class economic_assistance(Variable):  # noqa: N801
    value_type = float
    entity = Household
    definition_period = DateUnit.MONTH

    def formula(household, period):  # type: ignore[no-untyped-def]  # noqa: N805
        total_income = household.sum(household.members("income", period))
        need = household("riksnorm", period) + household("housing_cost", period)
        return max_(need - total_income, 0)


class SwedenTBS(TaxBenefitSystem):
    def __init__(self) -> None:
        super().__init__([Person, Household])
        self.load_parameters(str(Path(__file__).parent / "params"))
        for variable in (
            age,
            income,
            housing_cost,
            number_of_adults,
            household_size,
            personal_amount,
            household_amount,
            riksnorm,
            economic_assistance,
        ):
            self.add_variable(variable)
