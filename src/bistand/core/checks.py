"""System checks: the municipality's configuration directory (every `bistand check`, and at
start-up of the web server and migrations; ADR 0095), and the deployment checks for
`bistand check --deploy` (docs/adr/0080-production-fails-closed.md).

Municipality directory: core.E010 a schema fault, core.E011 a broken guidelines.yaml, core.E012
an unknown guideline set, core.W010 production on the shipped example.

Deployment:
Production settings already refuse to load on what the environment alone shows is unsafe
(bistand.core.deployment); `bistand` then prints every such problem and exits 2. Once the settings
load, these checks name what remains, each as an Error so that the command exits non-zero:

- core.E001: the deployment is not running as production at all;
- core.E002: a production problem in the settings (when they were changed after loading);
- core.E003: a weak secret key (shorter than 50 characters or fewer than 5 different ones);
- core.E004: demo accounts in the production database;
- core.W005: citizens can upload files (stickprov, komplettering) but no virus scanner is
  configured (BISTAND_CLAMD empty): a warning, not an error (docs/adr/0246).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.db import DatabaseError

from bistand.rules.parameters import guideline_for

from .deployment import DEMO_USERNAME_PREFIX, production_problems
from .municipality import ENV_VAR, problems


@register()
def check_municipality(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """municipality.yaml and delegation.yaml follow the schema, the guideline set exists, and
    production does not run on the shipped example."""
    messages: list[CheckMessage] = [
        Error(
            fault,
            hint=f"Correct the file in {settings.MUNICIPALITY_DIR} ({ENV_VAR}); "
            "see docs/configuration.md.",
            id="core.E010",
        )
        for fault in problems(settings.MUNICIPALITY_DIR)
    ]
    if settings.MUNICIPALITY_GUIDELINE:
        try:
            known = guideline_for(settings.MUNICIPALITY_GUIDELINE) is not None
        except Exception as error:  # a broken guidelines.yaml: report it, never crash the check
            messages.append(Error(f"guidelines.yaml: {error}", id="core.E011"))
        else:
            if not known:
                messages.append(
                    Error(
                        f"No guideline set {settings.MUNICIPALITY_GUIDELINE!r} "
                        "(BISTAND_MUNICIPALITY_GUIDELINE).",
                        hint="Name the key in guidelines.yaml, or leave it empty for none.",
                        id="core.E012",
                    )
                )
    if settings.PRODUCTION and settings.MUNICIPALITY.example:
        messages.append(
            Warning(
                "Production runs on an example municipality configuration (example: true).",
                hint=f"Set {ENV_VAR} to the municipality's own directory.",
                id="core.W010",
            )
        )
    return messages


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
            registers_soap_url=(
                settings.REGISTERS_SOAP_URL if settings.REGISTERS_TRANSPORT == "soap" else None
            ),
            registers_tls=(
                settings.REGISTERS_TLS_CERT,
                settings.REGISTERS_TLS_KEY,
                settings.REGISTERS_TLS_CA,
            ),
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


@register(Tags.security, deploy=True)
def check_virus_scan(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Production takes files from citizens (stickprov documents, komplettering files) but
    nothing scans them: a warning (docs/adr/0246). Not an error: the service works without
    clamd, and refusing to start would stop every application for want of one defence layer;
    `bistand check --deploy --fail-level WARNING` makes it fail where a municipality wants that."""
    if not settings.PRODUCTION or settings.VIRUS_SCAN_CLAMD:
        return []
    uploads = settings.POST_CHECK_UPLOAD_MAX_FILES > 0 or settings.SUPPLEMENT_UPLOAD_MAX_FILES > 0
    if not uploads:
        return []
    return [
        Warning(
            "Citizens can upload files (stickprov documents, komplettering files) but no virus "
            "scanner is configured: BISTAND_CLAMD is empty, so files reach case workers "
            "unscanned.",
            hint="Run clamd beside the web servers and set "
            "BISTAND_CLAMD=unix:/run/clamav/clamd.ctl (or tcp:HOST:3310); see docs/adr/0214 "
            "and docs/adr/0246. Or accept no file at all: "
            "BISTAND_POST_CHECK_UPLOAD_MAX_FILES=0 and BISTAND_SUPPLEMENT_UPLOAD_MAX_FILES=0.",
            id="core.W005",
        )
    ]


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


@register("registers", deploy=True)
def check_registers(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """SSBTEK answers testaBastjanstInformation (with the organisation certificate). A network
    call, so only with --deploy (`bistand check --deploy --tag registers` alone)."""
    from bistand.registers.services import registers_connectivity

    answers = registers_connectivity()
    failing = {block: state for block, state in answers.items() if state not in {"ok"}}
    if "transport" in answers:
        return []
    if not failing:
        return []
    listed = ", ".join(f"{block}: {state}" for block, state in sorted(failing.items()))
    return [
        Warning(
            f"SSBTEK connectivity check (testaBastjanstInformation) is not all ok: {listed}.",
            hint="Cases are sent to the queue while a source is unavailable; nothing is "
            "rejected. tls_error: check BISTAND_REGISTERS_TLS_CERT/KEY/CA.",
            id="registers.W001",
        )
    ]
