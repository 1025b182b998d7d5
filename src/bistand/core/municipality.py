"""The municipality's own configuration: one directory outside the installed package.

``BISTAND_MUNICIPALITY_DIR`` names the directory; without it Bistånd uses the shipped synthetic
example, ``bistand/municipalities/exempelkommun``. The directory holds (docs/configuration.md):

- ``municipality.yaml``: name, unit, contact details, debtor account, payment days and
  remittance text, SLA and meeting rules (offers, reminders, intensive list);
- ``delegation.yaml``: the nämnd's delegationsordning (:mod:`bistand.core.delegation`);
- ``guidelines.yaml``: the riktlinjer that cap costs (read by :mod:`bistand.rules.parameters`);
- ``gallring.yaml``: the gallring rules (:mod:`bistand.privacy.gallring`);
- ``emergency.yaml``: nödprövning's needs, means of payment and suppliers
  (:mod:`bistand.core.emergency`).

Plain Python (no Django): the settings load ``municipality.yaml`` at start-up and refuse to start
on a schema error; ``bistand check`` runs :func:`problems` over the whole directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ENV_VAR = "BISTAND_MUNICIPALITY_DIR"
EXAMPLE_DIR = Path(__file__).resolve().parents[1] / "municipalities" / "exempelkommun"
MUNICIPALITY_FILE = "municipality.yaml"
DELEGATION_FILE = "delegation.yaml"
GUIDELINES_FILE = "guidelines.yaml"
GALLRING_FILE = "gallring.yaml"
REQUIRED_FILES = (MUNICIPALITY_FILE, DELEGATION_FILE, GALLRING_FILE)


class MunicipalityConfigError(ValueError):
    """The configuration directory does not follow the schema; the message lists every fault."""


def municipality_dir() -> Path:
    """The configuration directory in use (BISTAND_MUNICIPALITY_DIR, else the example)."""
    configured = os.environ.get(ENV_VAR, "").strip()
    return Path(configured).expanduser().resolve() if configured else EXAMPLE_DIR


def config_file(name: str, directory: Path | None = None) -> Path:
    return (directory or municipality_dir()) / name


class Localized(str):
    """A text from the configuration that a citizen reads: the string itself is the Swedish (what
    letters and staff pages use); ``in_language("en")`` gives the municipality's own translation,
    or the Swedish when there is none (docs/adr/0217). In YAML either a plain string or a mapping
    ``{sv: …, en: …, ar: …}`` whose ``sv`` is required."""

    translations: dict[str, str]

    def __new__(cls, swedish: str, translations: dict[str, str] | None = None) -> Localized:
        text = super().__new__(cls, swedish)
        text.translations = dict(translations or {})
        return text

    def in_language(self, language: str | None) -> str:
        code = (language or "sv").split("-")[0]
        return self.translations.get(code) or str(self)


@dataclass(frozen=True)
class OpeningHours:
    days: Localized
    hours: Localized


@dataclass(frozen=True)
class Contact:
    phone: str
    email: str
    address: tuple[str, ...]
    visiting_address: str
    opening_hours: tuple[OpeningHours, ...]
    telephone_hours: tuple[OpeningHours, ...]


@dataclass(frozen=True)
class Debtor:
    name: str
    orgnr: str
    bankgiro: str
    iban: str
    bic: str


@dataclass(frozen=True)
class Payments:
    """When and how the municipality pays (municipality.yaml `payments`)."""

    # Fixed payment days of the month (e.g. (25,)); empty: the decision's payment date.
    fixed_days: tuple[int, ...]
    # Text on the citizen's bank statement; {case_number} is replaced. At most 140 characters.
    remittance: str


PRINT_ADAPTERS = ("none", "simulator", "https", "directory")


@dataclass(frozen=True)
class PrintService:
    """How the print batch reaches the print-and-mail service (municipality.yaml
    `print_service`, docs/adr/0207). `none`: staff download the file and record deliveries by
    hand; `simulator`: the local stand-in (tests and the demo, refused in production); `https`:
    upload to `url` with the organisation certificate; `directory`: an `outbox` the municipality's
    SFTP/file-transfer agent sends and an `inbox` it fills with the service's receipt files."""

    adapter: str = "none"
    url: str = ""
    outbox: str = ""
    inbox: str = ""
    # Working days from the day the service posted a letter to the day it is taken to have
    # reached the citizen; the appeal period runs from then (FL 44 §). Provisional.
    delivery_working_days: int = 2


@dataclass(frozen=True)
class Municipality:
    directory: Path
    example: bool
    name: Localized
    unit: Localized
    contact: Contact
    debtor: Debtor
    sla_decision_working_days: int
    meeting_offer_within_hours: int
    intensive_max_clients: int
    meeting_reminder_days_before: int
    payments: Payments
    print_service: PrintService = PrintService()


# --- Schema ----------------------------------------------------------------------------------
# A small checker instead of a schema library: each check appends a Swedish-free, precise fault
# ("municipality.yaml: contact.phone must be a non-empty string") to `faults`.


def _read_yaml(path: Path, faults: list[str]) -> Any:
    if not path.is_file():
        faults.append(f"{path.name}: missing in {path.parent}")
        return None
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        faults.append(f"{path.name}: not valid YAML ({error})")
        return None


def _text(data: Any, key: str, where: str, faults: list[str], *, empty: bool = False) -> str:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, str) or (not empty and not value.strip()):
        faults.append(f"{where}.{key}: must be a{'' if empty else ' non-empty'} string")
        return ""
    return value


# A language code in the configuration: two or three lowercase letters (sv, en, ar, fi, sma …).
def _language_code(code: object) -> bool:
    return isinstance(code, str) and 2 <= len(code) <= 3 and code.isascii() and code.islower()


def _localized(data: Any, key: str, where: str, faults: list[str]) -> Localized:
    """A text a citizen reads: a string (Swedish), or a mapping of language → text with ``sv``."""
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, dict):
        return Localized(_text(data, key, where, faults))
    swedish = value.get("sv")
    if not isinstance(swedish, str) or not swedish.strip():
        faults.append(f"{where}.{key}.sv: the Swedish text is required (the fallback)")
        swedish = ""
    translations = {}
    for code, text in value.items():
        if code == "sv":
            continue
        if not _language_code(code) or not isinstance(text, str) or not text.strip():
            faults.append(f"{where}.{key}.{code}: must be a language code with a non-empty text")
            continue
        translations[code] = text
    return Localized(swedish, translations)


def _whole(data: Any, key: str, where: str, faults: list[str], *, minimum: int) -> int:
    value = data.get(key) if isinstance(data, dict) else None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        faults.append(f"{where}.{key}: must be a whole number ≥ {minimum}")
        return minimum
    return value


def _section(data: Any, key: str, where: str, faults: list[str]) -> dict[str, Any]:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, dict):
        faults.append(f"{where}.{key}: must be a mapping")
        return {}
    return value


def _hours(
    data: dict[str, Any], key: str, where: str, faults: list[str]
) -> tuple[OpeningHours, ...]:
    items = data.get(key)
    if not isinstance(items, list) or not items:
        faults.append(f"{where}.{key}: must be a non-empty list of {{days, hours}}")
        return ()
    return tuple(
        OpeningHours(
            _localized(item, "days", f"{where}.{key}[{i}]", faults),
            _localized(item, "hours", f"{where}.{key}[{i}]", faults),
        )
        for i, item in enumerate(items)
    )


def _payments(data: dict[str, Any], where: str, faults: list[str]) -> Payments:
    days = data.get("fixed_days", [])
    if not isinstance(days, list) or not all(
        isinstance(day, int) and not isinstance(day, bool) and 1 <= day <= 31 for day in days
    ):
        faults.append(f"{where}.fixed_days: must be a list of days of the month (1–31)")
        days = []
    remittance = _text(data, "remittance", where, faults)
    if len(remittance.replace("{case_number}", "X" * 20)) > 140:
        faults.append(f"{where}.remittance: must be at most 140 characters with the case number")
    return Payments(fixed_days=tuple(sorted(set(days))), remittance=remittance)


def _print_service(data: Any, where: str, faults: list[str]) -> PrintService:
    if data is None:
        return PrintService()
    if not isinstance(data, dict):
        faults.append(f"{where}: must be a mapping")
        return PrintService()
    adapter = data.get("adapter", "none")
    if adapter not in PRINT_ADAPTERS:
        faults.append(f"{where}.adapter: one of {', '.join(PRINT_ADAPTERS)}")
        adapter = "none"
    url = str(data.get("url") or "")
    outbox = str(data.get("outbox") or "")
    inbox = str(data.get("inbox") or "")
    if adapter == "https" and not url.startswith("https://"):
        faults.append(f"{where}.url: an https:// address is needed for adapter https")
    if adapter == "directory" and not (outbox and inbox):
        faults.append(f"{where}: outbox and inbox are needed for adapter directory")
    days = data.get("delivery_working_days", 2)
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= 10:
        faults.append(f"{where}.delivery_working_days: must be a whole number 0–10")
        days = 2
    return PrintService(
        adapter=str(adapter), url=url, outbox=outbox, inbox=inbox, delivery_working_days=days
    )


def _parse_municipality(directory: Path, faults: list[str]) -> Municipality | None:
    data = _read_yaml(directory / MUNICIPALITY_FILE, faults)
    if data is None:
        return None
    where = MUNICIPALITY_FILE.removesuffix(".yaml")
    if not isinstance(data, dict):
        faults.append(f"{MUNICIPALITY_FILE}: must be a mapping")
        return None
    if not isinstance(data.get("example"), bool):
        faults.append(f"{where}.example: say whether this is an example (true/false)")
    contact = _section(data, "contact", where, faults)
    address = contact.get("address")
    if (
        not isinstance(address, list)
        or not address
        or not all(isinstance(line, str) and line.strip() for line in address)
    ):
        faults.append(f"{where}.contact.address: must be a non-empty list of lines")
        address = []
    debtor = _section(data, "debtor", where, faults)
    sla = _section(data, "sla", where, faults)
    meetings = _section(data, "meetings", where, faults)
    payments = _section(data, "payments", where, faults)
    municipality = Municipality(
        directory=directory,
        example=bool(data.get("example")),
        name=_localized(data, "name", where, faults),
        unit=_localized(data, "unit", where, faults),
        contact=Contact(
            phone=_text(contact, "phone", f"{where}.contact", faults),
            email=_text(contact, "email", f"{where}.contact", faults),
            address=tuple(address),
            visiting_address=_text(contact, "visiting_address", f"{where}.contact", faults),
            opening_hours=_hours(contact, "opening_hours", f"{where}.contact", faults),
            telephone_hours=_hours(contact, "telephone_hours", f"{where}.contact", faults),
        ),
        debtor=Debtor(
            name=_text(debtor, "name", f"{where}.debtor", faults),
            orgnr=_text(debtor, "orgnr", f"{where}.debtor", faults),
            bankgiro=_text(debtor, "bankgiro", f"{where}.debtor", faults, empty=True),
            iban=_text(debtor, "iban", f"{where}.debtor", faults, empty=True),
            bic=_text(debtor, "bic", f"{where}.debtor", faults),
        ),
        sla_decision_working_days=_whole(
            sla, "decision_working_days", f"{where}.sla", faults, minimum=1
        ),
        meeting_offer_within_hours=_whole(
            meetings, "offer_within_hours", f"{where}.meetings", faults, minimum=1
        ),
        intensive_max_clients=_whole(
            meetings, "intensive_max_clients", f"{where}.meetings", faults, minimum=1
        ),
        meeting_reminder_days_before=_whole(
            meetings, "reminder_days_before", f"{where}.meetings", faults, minimum=1
        ),
        payments=_payments(payments, f"{where}.payments", faults),
        print_service=_print_service(data.get("print_service"), f"{where}.print_service", faults),
    )
    if debtor and not (municipality.debtor.bankgiro or municipality.debtor.iban):
        faults.append(f"{where}.debtor: needs a bankgiro or an iban")
    return municipality


def _check_delegation(directory: Path, faults: list[str]) -> None:
    from .delegation import problems as delegation_problems

    data = _read_yaml(directory / DELEGATION_FILE, faults)
    if data is None:
        return
    if not isinstance(data, dict):
        faults.append(f"{DELEGATION_FILE}: must be a mapping")
        return
    faults.extend(delegation_problems(data))


def _check_emergency(directory: Path, faults: list[str]) -> None:
    from .emergency import EMERGENCY_FILE
    from .emergency import problems as emergency_problems

    data = _read_yaml(directory / EMERGENCY_FILE, faults)
    if data is not None:
        faults.extend(emergency_problems(data))


def problems(directory: Path | None = None) -> list[str]:
    """Every schema fault in the configuration directory (empty: it is valid). The gallring and
    guideline files are checked by their own loaders (privacy and rules), see `bistand check`."""
    directory = directory or municipality_dir()
    if not directory.is_dir():
        return [f"{ENV_VAR}: {directory} is not a directory"]
    faults: list[str] = []
    _parse_municipality(directory, faults)
    _check_delegation(directory, faults)
    _check_emergency(directory, faults)
    if not (directory / GALLRING_FILE).is_file():
        faults.append(f"{GALLRING_FILE}: missing in {directory}")
    return faults


def guideline_key(directory: Path | None = None) -> str:
    """The key of the guideline set in guidelines.yaml ("" when the directory has none)."""
    path = config_file(GUIDELINES_FILE, directory)
    if not path.is_file():
        return ""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    return str(document.get("municipality", "")) if isinstance(document, dict) else ""


@cache
def load_municipality(directory: Path | None = None) -> Municipality:
    """municipality.yaml, checked; raises MunicipalityConfigError listing every fault."""
    directory = directory or municipality_dir()
    faults = problems(directory)
    municipality = _parse_municipality(directory, []) if not faults else None
    if faults or municipality is None:
        raise MunicipalityConfigError(
            f"The municipality configuration in {directory} is not valid:\n- " + "\n- ".join(faults)
        )
    return municipality
