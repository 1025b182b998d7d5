"""Reads from registers: the only way other apps and views fetch its data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from bistand.core.personnummer import parse

from .folkbokforing import NAVET, FolkbokforingData
from .models import PersonRecord, RegisterFetch
from .types import RegisterSnapshot, Source, SourceResult, from_jsonable

__all__ = [
    "FolkbokforingRecord",
    "fetches_for_case",
    "latest_snapshot",
    "person_record",
    "person_record_export",
    "person_records",
    "snapshot_by_correlation_id",
    "unanswered_income_types",
]


FetchStatus = RegisterFetch.Status
"""A register fetch's outcome (ok, failed, timeout), for other apps' pages."""


def fetches_for_case(*, case_reference: str) -> QuerySet[RegisterFetch]:
    """Every register question asked for a case, oldest first (the log an auditor reads)."""
    return RegisterFetch.objects.filter(case_reference=case_reference).order_by(
        "fetched_at", "correlation_id", "source"
    )


def snapshot_by_correlation_id(*, correlation_id: str) -> RegisterSnapshot | None:
    """Rebuild the snapshot of one ``register_fetch`` from its logged fetches."""
    rows = list(
        RegisterFetch.objects.filter(correlation_id=correlation_id)
        .exclude(source=NAVET)
        .order_by("id")
    )
    if not rows:
        return None
    first = rows[0]
    results = {Source(r.source): from_jsonable(SourceResult, r.result) for r in rows}
    return RegisterSnapshot(
        subject=first.subject,
        period_start=first.period_start,
        period_end=first.period_end,
        case_reference=first.case_reference,
        requested_by=first.requested_by,
        purpose=first.purpose,
        legal_basis=first.legal_basis,
        correlation_id=first.correlation_id,
        fetched_at=first.fetched_at,
        results=results,
        ground=first.ground,
    )


def latest_snapshot(*, case_reference: str, subject: str | None = None) -> RegisterSnapshot | None:
    """The most recent snapshot for a case (for one person in it, if ``subject`` is given)."""
    rows = RegisterFetch.objects.filter(case_reference=case_reference).exclude(source=NAVET)
    if subject is not None:
        rows = rows.filter(subject=parse(subject))
    latest = rows.order_by("-fetched_at", "-id").values_list("correlation_id", flat=True).first()
    return None if latest is None else snapshot_by_correlation_id(correlation_id=latest)


@dataclass(frozen=True)
class FolkbokforingRecord:
    """What folkbokföring last said about a person, and when it was asked."""

    data: FolkbokforingData
    fetched_at: datetime

    @property
    def protected(self) -> bool:
        return self.data.protected


def _record(row: PersonRecord) -> FolkbokforingRecord:
    data = from_jsonable(FolkbokforingData, row.data)
    assert isinstance(data, FolkbokforingData)
    return FolkbokforingRecord(data=data, fetched_at=row.fetched_at)


def person_record(*, personnummer: str) -> FolkbokforingRecord | None:
    """The latest folkbokföring answer about a person, or None if never fetched."""
    row = PersonRecord.objects.filter(personnummer=parse(personnummer)).first()
    return None if row is None else _record(row)


def person_records(*, personnummer: list[str]) -> dict[str, FolkbokforingRecord]:
    """The latest folkbokföring answers for several people, by personnummer."""
    rows = PersonRecord.objects.filter(personnummer__in=[parse(p) for p in personnummer])
    return {row.personnummer: _record(row) for row in rows}


def person_record_export(*, personnummer: str) -> dict[str, Any]:
    """What Bistånd keeps from folkbokföring about a person, for the person's own register
    extract (GDPR art. 15): empty if never asked; for a protected identity the flag only."""
    record = person_record(personnummer=personnummer) if personnummer else None
    if record is None:
        return {}
    data = record.data
    return {
        "hamtad": record.fetched_at,
        "skyddad_folkbokforing": data.protected,
        "namn": data.name.display if data.name else "",
        "adress": data.address.lines() if data.address else [],
        # Who else is registered there, by name and relation, never by personnummer: another
        # person's identity number is that person's data (GDPR art. 15.4), and an adult in the
        # home may be his or her own household with a case of his or her own (a young adult
        # and the parents, 12 kap. 3 § andra stycket SoF 2025:468; ADR 0200).
        "folkbokforda_pa_samma_lagenhet": [
            {"namn": m.name.display, "relation": m.relation} for m in data.household
        ],
    }


def unanswered_income_types(snapshot: RegisterSnapshot) -> frozenset[str]:
    """The income types no register could report for this person because the source that
    reports them failed or timed out (a declared amount of such a type is not compared)."""
    from .adapters import SOURCE_INCOME_TYPES

    types: frozenset[str] = frozenset()
    for source in snapshot.unavailable:
        types |= SOURCE_INCOME_TYPES.get(Source(source), frozenset())
    return types
