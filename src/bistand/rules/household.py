"""Who belongs in the applicant's household, and who only shares the home.

Law:
- Försörjningsstöd is for the applicant and those he or she must support: a spouse or sambo
  and hemmavarande barn (under 18, 3 kap. 1 § andra stycket SoL 2025:400) and skolungdomar
  (under 21 and in grundskola, gymnasieskola or comparable grundutbildning, 12 kap. 9 §).
- An adult who shares the home without being spouse or sambo — a friend, an adult sibling, an
  adult child who has left school, a lodger — is his or her own household: "För en vuxen person
  som inte är att anse som sambo, men som ingår i hushållsgemenskap med flera personer, beräknas
  normen såsom personliga kostnader för ensamstående plus kvoten av de gemensamma kostnaderna för
  hushållet och antalet medlemmar i hushållet" (12 kap. 3 § andra stycket SoF 2025:468; before
  2025-07-01 2 kap. 1 § SoF 2001:937). There is no försörjningsplikt between them, so that
  adult's needs, incomes and assets belong to his or her own application, never the applicant's.

This module only sorts the members; the rule modules compute with the result.
"""

from __future__ import annotations

from dataclasses import dataclass

from bistand.rules.inputs import HouseholdInput, Member

__all__ = ["Household", "household_of"]


@dataclass(frozen=True, slots=True)
class Household:
    applicant: Member
    partner: Member | None
    children: tuple[Member, ...]
    """Hemmavarande barn and skolungdomar living here the whole month."""
    umgange: tuple[Member, ...]
    """Umgängesbarn, most days first (then as listed), the order they are added."""
    own_households: tuple[Member, ...]
    """People sharing the home who are their own household (not the applicant's family)."""

    @property
    def adults(self) -> int:
        return 2 if self.partner is not None else 1

    @property
    def family_size(self) -> int:
        """The applicant's family living here the whole month."""
        return self.adults + len(self.children)

    @property
    def home_size(self) -> int:
        """Everyone living in the home the whole month (the family and the others)."""
        return self.family_size + len(self.own_households)

    def in_family(self, member_id: str) -> bool:
        return member_id not in {m.id for m in self.own_households}

    def is_child(self, member_id: str) -> bool:
        return any(m.id == member_id for m in (*self.children, *self.umgange))


def household_of(inp: HouseholdInput) -> Household:
    applicant = next(m for m in inp.household if m.role == "applicant")
    partner = next((m for m in inp.household if m.role == "partner"), None)
    children: list[Member] = []
    umgange: list[tuple[int, Member]] = []
    others: list[Member] = []
    for i, m in enumerate(inp.household):
        if m.own_household:
            others.append(m)
        elif m.role == "child":
            if m.umgange_days is None:
                children.append(m)
            else:
                umgange.append((i, m))
    umgange.sort(key=lambda im: (-(im[1].umgange_days or 0), im[0]))
    return Household(
        applicant, partner, tuple(children), tuple(m for _, m in umgange), tuple(others)
    )
