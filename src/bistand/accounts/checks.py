"""System checks for the login settings (run by `bistand check` and at start-up)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

from .models import STAFF_ROLES


@register(Tags.security)
def check_staff_role_map(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Every value of BISTAND_OIDC_STAFF_ROLE_MAP must be a staff role: never "citizen"."""
    role_map = settings.OIDC_PROVIDERS["staff"].get("ROLE_MAP", {})
    wrong = sorted(role for role in role_map.values() if role not in STAFF_ROLES)
    if not wrong:
        return []
    allowed = ", ".join(sorted(STAFF_ROLES))
    return [
        Error(
            f"BISTAND_OIDC_STAFF_ROLE_MAP maps to {', '.join(wrong)}, which is not a staff role.",
            hint=f"Use one of: {allowed}.",
            id="accounts.E001",
        )
    ]
