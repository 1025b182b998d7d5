"""The staff menu and the start-page notice for the nämnd's control (enhetschef, granskare)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from bistand.accounts.models import Role
from bistand.core.navigation import StaffLink, StaffNotice, staff_link, staff_notice

READERS = frozenset({Role.ENHETSCHEF.value, Role.GRANSKARE.value})
REGISTRARS = frozenset({Role.ENHETSCHEF.value})

staff_link(StaffLink("governance:overview", _("Nämndens styrning"), roles=READERS, order=85))


@staff_notice
def unapproved_rules(user: Any) -> StaffNotice | None:
    """On the enhetschef's start page: the robot decides nothing while the rules are unapproved."""
    from . import selectors

    if user.role not in READERS:
        return None
    version = selectors.installed_rules_version()
    if selectors.rules_approval_for(rules_version=version) is not None:
        return None
    return StaffNotice(
        title=_gettext("Den automatiska beslutsfunktionen fattar inga beslut"),
        text=_gettext(
            "Socialnämnden har inte godkänt regelversion %(version)s. Till dess går varje ansökan "
            "till en handläggare i kön Inkomna ansökningar."
        )
        % {"version": version},
        url=reverse("governance:rules"),
        link_label=_gettext("Registrera nämndens godkännande"),
    )
