"""Payments and stickprov in the staff menu."""

from django.utils.translation import gettext_lazy as _

from bistand.accounts.models import Role
from bistand.core.navigation import StaffLink, staff_link

PAYMENT_ROLES = frozenset({Role.EKONOMISEKRETERARE, Role.ENHETSCHEF, Role.GRANSKARE})
PAYMENT_CHANGE_ROLES = frozenset({Role.EKONOMISEKRETERARE, Role.ENHETSCHEF})

staff_link(StaffLink("payments:overview", _("Utbetalningar"), roles=PAYMENT_ROLES, order=60))
staff_link(StaffLink("payments:post_checks", _("Stickprov"), roles=PAYMENT_ROLES, order=61))
