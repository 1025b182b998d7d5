"""State changes in governance: the nämnd's approvals and presentations, as registered by staff."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction

from bistand.accounts.models import User

from .models import DelegationReportPresentation, RulesApproval


class AlreadyRegisteredError(Exception):
    """The approval or presentation is already registered; a record is never overwritten."""


def rules_approval_register(
    *, rules_version: str, approved_on: date, reference: str, registered_by: User
) -> RulesApproval:
    """Record that the nämnd approved `rules_version` on `approved_on` (minutes `reference`).

    From the moment this is committed the automated decision function may use the version."""
    try:
        with transaction.atomic():
            approval = RulesApproval.objects.create(
                rules_version=rules_version,
                approved_on=approved_on,
                reference=reference.strip(),
                registered_by=registered_by,
                registered_by_label=registered_by.display_name or registered_by.username,
            )
    except IntegrityError as exc:
        raise AlreadyRegisteredError(rules_version) from exc
    return approval


def delegation_report_presented(
    *,
    month: date,
    delegate_key: str,
    delegate_label: str,
    decision_count: int,
    presented_on: date,
    reference: str,
    registered_by: User,
) -> DelegationReportPresentation:
    """Record that one delegate's decisions of `month` were reported to the nämnd."""
    try:
        with transaction.atomic():
            presentation = DelegationReportPresentation.objects.create(
                month=month.replace(day=1),
                delegate_key=delegate_key,
                delegate_label=delegate_label,
                decision_count=decision_count,
                presented_on=presented_on,
                reference=reference.strip(),
                registered_by=registered_by,
                registered_by_label=registered_by.display_name or registered_by.username,
            )
    except IntegrityError as exc:
        raise AlreadyRegisteredError(f"{month:%Y-%m} {delegate_key}") from exc
    return presentation
