"""Demo: the nämnd has approved the installed rules version, so the robot decides in the demo.

The approval is registered by the demo enhetschef, dated today, with an example paragraph.
"""

from __future__ import annotations

import random

from django.utils import timezone

from bistand.accounts.models import Role, User
from bistand.governance import selectors, services

DEMO_REFERENCE = "Socialnämnden § 1 (EXEMPEL)"


def create(rng: random.Random) -> None:
    version = selectors.installed_rules_version()
    if selectors.rules_approval_for(rules_version=version) is not None:
        return
    manager = User.objects.filter(role=Role.ENHETSCHEF).order_by("pk").first()
    if manager is None:
        return
    services.rules_approval_register(
        rules_version=version,
        approved_on=timezone.localdate(),
        reference=DEMO_REFERENCE,
        registered_by=manager,
    )
