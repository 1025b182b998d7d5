"""Reads from registers: the only way other apps and views fetch its data."""

from __future__ import annotations

from django.db.models import QuerySet

from bistand.core.personnummer import parse

from .models import RegisterFetch
from .types import RegisterSnapshot, Source, SourceResult, from_jsonable

__all__ = ["fetches_for_case", "latest_snapshot", "snapshot_by_correlation_id"]


def fetches_for_case(*, case_reference: str) -> QuerySet[RegisterFetch]:
    """Every register question asked for a case, oldest first (the log an auditor reads)."""
    return RegisterFetch.objects.filter(case_reference=case_reference).order_by(
        "fetched_at", "correlation_id", "source"
    )


def snapshot_by_correlation_id(*, correlation_id: str) -> RegisterSnapshot | None:
    """Rebuild the snapshot of one ``register_fetch`` from its logged fetches."""
    rows = list(RegisterFetch.objects.filter(correlation_id=correlation_id).order_by("id"))
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
    rows = RegisterFetch.objects.filter(case_reference=case_reference)
    if subject is not None:
        rows = rows.filter(subject=parse(subject))
    latest = rows.order_by("-fetched_at", "-id").values_list("correlation_id", flat=True).first()
    return None if latest is None else snapshot_by_correlation_id(correlation_id=latest)
