"""State changes in governance: the nämnd's approvals and presentations, as registered by staff."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
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
    document: Callable[[DelegationReportPresentation], tuple[str, str]] | None = None,
) -> DelegationReportPresentation:
    """Record that one delegate's decisions of `month` were reported to the nämnd, with the
    report's documents as presented (later changes to the data never change them)."""
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
            if document is not None:
                # The documents as presented, with this marking in them (`document` renders
                # the report with `presentation`).
                html, csv_text = document(presentation)
                presentation.document_html, presentation.document_csv = html, csv_text
                presentation.document_sha256 = hashlib.sha256(
                    (html + csv_text).encode("utf-8")
                ).hexdigest()
                presentation.save(
                    update_fields=["document_html", "document_csv", "document_sha256"]
                )
    except IntegrityError as exc:
        raise AlreadyRegisteredError(f"{month:%Y-%m} {delegate_key}") from exc
    return presentation
