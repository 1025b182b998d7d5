from django.utils.translation import gettext_lazy as _

from bistand.core.navigation import StaffLink, staff_link

from .access import READ_ROLES

staff_link(StaffLink("messaging:staff_list", _("Meddelanden"), roles=READ_ROLES, order=45))
