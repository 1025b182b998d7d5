"""Gallring: remove or anonymise what the rules in gallring.yaml say is due on a date."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

from bistand.accounts.models import User
from bistand.applications import selectors as applications_selectors
from bistand.applications import services as applications_services
from bistand.audit import services as audit_services
from bistand.audit.models import AccessAction
from bistand.registers import services as register_services

from .gallring import GallringRule, rules_in_force

logger = logging.getLogger("bistand.privacy")


@dataclass(frozen=True)
class GallringOutcome:
    rule: GallringRule
    cutoff: date
    due: int
    done: int


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def _expired_drafts(before: datetime, dry_run: bool) -> tuple[int, int]:
    due = applications_selectors.expired_drafts(now=before).count()
    if dry_run or not due:
        return due, 0
    return due, applications_services.application_purge_expired_drafts(now=before)


def _register_fetches(before: datetime, dry_run: bool) -> tuple[int, int]:
    return register_services.register_fetches_prune(before=before, dry_run=dry_run)


def _access_log(before: datetime, dry_run: bool) -> tuple[int, int]:
    due = audit_services.access_log_prune(before=before, dry_run=True)
    if dry_run or not due:
        return due, 0
    return due, audit_services.access_log_prune(before=before)


HANDLERS = {
    "expired_drafts": _expired_drafts,
    "register_fetches": _register_fetches,
    "access_log": _access_log,
}


def gallring_run(*, today: date, dry_run: bool = False) -> list[GallringOutcome]:
    """Apply every rule in force on `today`. Each rule in its own transaction(s): a failure in
    one leaves the others done and can be re-run (the command is idempotent)."""
    outcomes = []
    for rule_id, rule in rules_in_force(today).items():
        handler = HANDLERS.get(rule_id)
        if handler is None:
            raise LookupError(f"No gallring handler for rule {rule_id!r}")
        cutoff = rule.cutoff(today)
        due, done = handler(_start_of(cutoff), dry_run)
        outcomes.append(GallringOutcome(rule=rule, cutoff=cutoff, due=due, done=done))
        logger.info(
            "gallring rule=%s cutoff=%s due=%s done=%s dry_run=%s",
            rule_id,
            cutoff.isoformat(),
            due,
            done,
            dry_run,
        )
    return outcomes


def citizen_data_export_record(*, user: User, request_id: str, download: bool) -> None:
    """The access log notes each time a citizen takes out their own data (art. 15), so the
    granskare sees what was disclosed and when."""
    audit_services.access_log_record(
        user=user,
        action=AccessAction.EXPORT if download else AccessAction.READ,
        object_type="citizen_data",
        object_id=user.pk,
        reason="Registerutdrag till den enskilde (dataskyddsförordningen art. 15)",
        subject=user.personnummer or "",
        request_id=request_id,
    )
