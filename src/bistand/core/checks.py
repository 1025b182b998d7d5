"""Deployment checks for `bistand check --deploy` (docs/adr/0080-production-fails-closed.md).

Production settings already refuse to load on what the environment alone shows is unsafe
(bistand.core.deployment); `bistand` then prints every such problem and exits 2. Once the settings
load, these checks name what remains, each as an Error so that the command exits non-zero:

- core.E001: the deployment is not running as production at all;
- core.E002: a production problem in the settings (when they were changed after loading);
- core.E003: a weak secret key (shorter than 50 characters or fewer than 5 different ones);
- core.E004: demo accounts in the production database.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.db import DatabaseError

from .deployment import DEMO_USERNAME_PREFIX, production_problems


@register(Tags.security, deploy=True)
def check_production(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if not settings.PRODUCTION:
        return [
            Error(
                f"BISTAND_ENVIRONMENT is {settings.ENVIRONMENT!r}, not 'production': secure "
                "cookies, HSTS, the HTTPS redirect and the refusals of demo data are off.",
                hint="Set BISTAND_ENVIRONMENT=production on the production machine.",
                id="core.E001",
            )
        ]
    messages: list[CheckMessage] = [
        Error(problem, id="core.E002")
        for problem in production_problems(
            secret_key_from_env=settings.SECRET_KEY,
            debug=settings.DEBUG,
            demo_login=settings.DEMO_LOGIN,
            registers_base_url=settings.REGISTERS_BASE_URL,
            debtor_orgnr=settings.PAYMENT_DEBTOR_ORGNR,
            debtor_bankgiro=settings.PAYMENT_DEBTOR_BANKGIRO,
            debtor_iban=settings.PAYMENT_DEBTOR_IBAN,
        )
    ]
    key = settings.SECRET_KEY
    if key and (len(key) < 50 or len(set(key)) < 5):
        messages.append(
            Error(
                "BISTAND_SECRET_KEY is weak: it must be at least 50 characters with at least 5 "
                "different ones.",
                hint="python -c 'import secrets; print(secrets.token_urlsafe(50))'",
                id="core.E003",
            )
        )
    messages.extend(_demo_accounts())
    return messages


def _demo_accounts() -> list[CheckMessage]:
    from bistand.accounts.models import User

    try:
        count = User.objects.filter(username__startswith=DEMO_USERNAME_PREFIX).count()
    except DatabaseError:  # not migrated yet: no accounts at all
        return []
    if not count:
        return []
    return [
        Error(
            f"The production database holds {count} demo account(s) (usernames starting with "
            f"{DEMO_USERNAME_PREFIX!r}); they can never log in here, but they do not belong in "
            "production data.",
            hint="Production data never comes from the demo: start from an empty database, or "
            "remove these accounts and what they own.",
            id="core.E004",
        )
    ]
