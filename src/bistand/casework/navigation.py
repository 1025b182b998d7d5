"""The staff menu: the shared queue and paper intake."""

from django.utils.translation import gettext_lazy as _

from bistand.core.navigation import StaffLink, staff_link

from .access import DECIDERS, READERS

staff_link(
    StaffLink(
        "casework:queue",
        _("Inkomna ansökningar"),
        roles=frozenset(str(r) for r in READERS),
        order=10,
    )
)
staff_link(
    StaffLink(
        "casework:paper_start",
        _("Registrera pappersansökan"),
        roles=frozenset(str(r) for r in DECIDERS),
        order=20,
    )
)
staff_link(
    StaffLink(
        "casework:emergency_new",
        _("Nödprövning"),
        roles=frozenset(str(r) for r in DECIDERS),
        order=25,
    )
)
