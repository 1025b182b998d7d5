"""State changes in followup: keyword-only, typed functions named <entity>_<action>.

Side effects (jobs, notifications) are scheduled with transaction.on_commit.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from . import selectors
from .models import Fold, FoldedExit, FoldedMonth


def fold_refresh(*, today: date | None = None) -> Fold:
    """Compute the closed months' figures from the records and store them as the new fold
    (the older folds are deleted). Run by the scheduled job and `bistand followup_fold`."""
    folded_at = timezone.now()
    figures = selectors.fold_figures(today=today)
    with transaction.atomic():
        fold = Fold.objects.create(
            folded_at=folded_at,
            current_month=figures.current_month,
            last_application_id=figures.last_application_id,
            last_decision_id=figures.last_decision_id,
            last_triage_id=figures.last_triage_id,
            last_event_id=figures.last_event_id,
            applications=figures.applications,
            decisions=figures.decisions,
        )
        FoldedMonth.objects.bulk_create(
            [
                FoldedMonth(fold=fold, table=table, month=month, row=selectors.row_to_json(row))
                for (table, month), row in figures.rows.items()
            ]
            + [
                FoldedMonth(fold=fold, table=selectors.ROUTING, month=month, row=counts.to_json())
                for month, counts in figures.routing.items()
            ],
            batch_size=1000,
        )
        FoldedExit.objects.bulk_create(
            [
                FoldedExit(
                    fold=fold,
                    case_id=e.case_id,
                    month=e.month,
                    months_on_assistance=e.months_on_assistance,
                    reason=e.reason,
                    returned=e.returned,
                )
                for e in figures.exits
            ],
            batch_size=1000,
        )
        Fold.objects.filter(pk__lt=fold.pk).delete()
    return fold
