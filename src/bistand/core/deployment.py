"""What production requires, as plain functions on plain values (no Django), so that settings.py
can refuse to load and `bistand check --deploy` (bistand.core.checks) can name the same problems
(docs/adr/0080-production-fails-closed.md).

The environment name is one of ENVIRONMENTS, spelt exactly; anything else ("Production",
"prod", "production ") is refused rather than taken for development.
"""

from __future__ import annotations

from urllib.parse import urlsplit

# development: a developer's machine (the default; scripts/test runs with it); test: a shared test
# or CI machine that wants to say so (behaves as development); demo: scripts/run with synthetic
# demo data; production: a municipality's real installation. Only production changes behaviour.
ENVIRONMENTS = ("development", "test", "demo", "production")
DEFAULT_ENVIRONMENT = "development"

# The debtor placeholders in settings.py: never in a pain.001 file sent to a bank.
PLACEHOLDER_ORGNR = "0000000000"
PLACEHOLDER_BANKGIRO = "00000000"

# Usernames of the demo users (bistand.accounts.services.user_get_or_create_demo).
DEMO_USERNAME_PREFIX = "demo-"


class UnknownEnvironmentError(ValueError):
    pass


def environment_from(raw: str | None) -> str:
    """The environment name from BISTAND_ENVIRONMENT; unset means development. Any value that is
    not exactly one of ENVIRONMENTS is refused: a typo must never turn production into a laptop."""
    if raw is None:
        return DEFAULT_ENVIRONMENT
    if raw not in ENVIRONMENTS:
        raise UnknownEnvironmentError(
            f"BISTAND_ENVIRONMENT is {raw!r}, which is not one of {', '.join(ENVIRONMENTS)} "
            "(written exactly so, in lower case without spaces). Bistånd does not start on an "
            "unknown environment name."
        )
    return raw


def _digits(value: str) -> str:
    return value.replace("-", "").replace(" ", "")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        number = int(char)
        if index % 2 == 1:
            number *= 2
            if number > 9:
                number -= 9
        total += number
    return total % 10 == 0


def debtor_problems(*, orgnr: str, bankgiro: str, iban: str) -> list[str]:
    """What is wrong with the municipality's debtor details for a real pain.001 file."""
    problems = []
    org = _digits(orgnr)
    if not org or org == PLACEHOLDER_ORGNR or set(org) == {"0"}:
        problems.append(
            "municipality.yaml debtor.orgnr is the placeholder or empty: set the municipality's "
            "organisation number (ten digits, NNNNNN-NNNN)."
        )
    elif not (org.isdigit() and len(org) == 10 and _luhn_ok(org)):
        problems.append(
            "municipality.yaml debtor.orgnr is not a valid organisation number (ten digits with a "
            "correct check digit)."
        )
    if iban.strip():
        account = iban.replace(" ", "").upper()
        if not (account.startswith("SE") and len(account) == 24 and account[2:].isdigit()):
            problems.append(
                "municipality.yaml debtor.iban is not a Swedish IBAN (SE and 22 digits)."
            )
    else:
        giro = _digits(bankgiro)
        if not giro or giro == PLACEHOLDER_BANKGIRO or set(giro) == {"0"}:
            problems.append(
                "municipality.yaml debtor.bankgiro is the placeholder or empty and no "
                "debtor.iban is set: set the account payments are made from."
            )
        elif not (giro.isdigit() and len(giro) in (7, 8) and _luhn_ok(giro)):
            problems.append(
                "municipality.yaml debtor.bankgiro is not a valid bankgiro number (7 or 8 digits "
                "with a correct check digit)."
            )
    return problems


def production_problems(
    *,
    secret_key_from_env: str,
    debug: bool,
    demo_login: bool,
    registers_base_url: str,
    debtor_orgnr: str,
    debtor_bankgiro: str,
    debtor_iban: str,
    registers_soap_url: str | None = None,
    registers_tls: tuple[str, str, str] | None = None,
) -> list[str]:
    """Every reason the given configuration must not run as production, in plain words; empty
    when none. settings.py refuses to load on any of them."""
    problems = []
    if not secret_key_from_env.strip():
        problems.append(
            "BISTAND_SECRET_KEY is not set. Production never creates a key by itself: generate "
            "one (e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))') and give it "
            "to every process."
        )
    if debug:
        problems.append("BISTAND_DEBUG is on: debug pages show internals; turn it off.")
    if demo_login:
        problems.append(
            "BISTAND_DEMO_LOGIN is on: anyone could log in as a demo user; turn it off."
        )
    url = urlsplit(registers_base_url.strip())
    if url.scheme != "https" or not url.hostname:
        problems.append(
            f"BISTAND_REGISTERS_BASE_URL is {registers_base_url!r}: production asks the SSBTEK "
            "registers over https only (the local register simulator is not for production)."
        )
    if registers_soap_url:  # empty: derived from the base URL, checked above
        soap = urlsplit(registers_soap_url.strip())
        if soap.scheme != "https" or not soap.hostname:
            problems.append(
                f"BISTAND_REGISTERS_SOAP_URL is {registers_soap_url!r}: production asks SSBTEK "
                "over https only."
            )
    if registers_tls is not None:
        names = (
            "BISTAND_REGISTERS_TLS_CERT",
            "BISTAND_REGISTERS_TLS_KEY",
            "BISTAND_REGISTERS_TLS_CA",
        )
        missing = [name for name, value in zip(names, registers_tls, strict=True) if not value]
        if missing:
            problems.append(
                f"{', '.join(missing)} not set: SSBTEK requires mutual TLS with the organisation "
                "certificate, its key and the CA that signs SSBTEK's server certificate "
                "(docs/adr/0106-register-mutual-tls.md)."
            )
    problems.extend(debtor_problems(orgnr=debtor_orgnr, bankgiro=debtor_bankgiro, iban=debtor_iban))
    return problems


def is_demo_username(username: str) -> bool:
    return username.startswith(DEMO_USERNAME_PREFIX)
