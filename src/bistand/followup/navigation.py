"""The follow-up dashboard in the staff menu: for the enhetschef and the granskare."""

from django.utils.translation import gettext_lazy as _

from bistand.accounts.models import Role
from bistand.core.navigation import StaffLink, staff_link

FOLLOWUP_ROLES = frozenset({Role.ENHETSCHEF, Role.GRANSKARE})

staff_link(StaffLink("followup:dashboard", _("Uppföljning"), roles=FOLLOWUP_ROLES, order=80))
