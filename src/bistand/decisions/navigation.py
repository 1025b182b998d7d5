"""Letters by post in the staff menu: the print batch (issue 12 item 3)."""

from django.utils.translation import gettext_lazy as _

from bistand.core.navigation import StaffLink, staff_link

PRINT_ROLES = frozenset({"ekonomisekreterare", "enhetschef"})

staff_link(StaffLink("decisions:print_batches", _("Brev med post"), roles=PRINT_ROLES, order=62))
