from django.utils.translation import gettext_lazy as _

from bistand.core.navigation import StaffLink, staff_link

from .access import READ_ROLES

staff_link(
    StaffLink("appeals:staff_list", _("Överklaganden"), roles=frozenset(READ_ROLES), order=40)
)
