"""Planning's links in the staff menu."""

from django.utils.translation import gettext_lazy as _

from bistand.accounts.models import STAFF_ROLES
from bistand.core.navigation import StaffLink, staff_link

staff_link(StaffLink("planning:overview", _("Möten och planer"), roles=STAFF_ROLES, order=30))
staff_link(
    StaffLink(
        "planning:intensive",
        _("Intensivt motiveringsarbete"),
        roles=STAFF_ROLES,
        order=31,
    )
)
staff_link(
    StaffLink("planning:activity_overview", _("Aktivitetskrav"), roles=STAFF_ROLES, order=32)
)
