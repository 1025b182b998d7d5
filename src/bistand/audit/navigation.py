from django.utils.translation import gettext_lazy as _

from bistand.accounts.models import Role
from bistand.core.navigation import StaffLink, staff_link

staff_link(
    StaffLink(
        "audit:access_log_search",
        _("Åtkomstloggen"),
        roles=frozenset({Role.GRANSKARE}),
        order=90,
    )
)
