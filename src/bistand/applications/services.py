"""State changes for applications (cases and their events: `bistand.cases.services`).

Keyword-only, typed, named `<entity>_<action>`. Side effects (jobs) are recorded in the same
transaction and run after commit (docs/adr/0003-background-jobs.md).
"""

from __future__ import annotations

import calendar
import logging
import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bistand.accounts.models import User
from bistand.audit.models import AccessAction
from bistand.audit.services import access_log_record
from bistand.cases.models import Case
from bistand.cases.services import case_set_partner, event_record
from bistand.core import uploads, virusscan
from bistand.core.bulk import row_update
from bistand.jobs.services import job_enqueue

from . import events as application_events
from .models import (
    SUPPLEMENT_MAX,
    Application,
    ApplicationKind,
    ApplicationStatus,
    Channel,
    Supplement,
    SupplementDocument,
)

# The job that takes a submitted application through registers, calculation and triage.
PROCESS_APPLICATION_JOB = "decisions.process_application"

logger = logging.getLogger(__name__)


class StaleApplicationError(Exception):
    """Someone else changed the application since it was read (optimistic locking)."""


class ApplicationStateError(Exception):
    """The application is not in a state that allows this change."""


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def last_of_month(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def application_start(
    *,
    case: Case,
    month: date,
    created_by: User,
    kind: ApplicationKind,
    channel: Channel = Channel.DIGITAL,
    answers: dict[str, Any] | None = None,
    received_on: date | None = None,
) -> Application:
    draft_days: int = getattr(settings, "APPLICATION_DRAFT_DAYS", 30)
    with transaction.atomic():
        application = Application.objects.create(
            case=case,
            month=first_of_month(month),
            kind=kind,
            channel=channel,
            created_by=created_by,
            answers=answers or {},
            draft_expires_at=timezone.now() + timedelta(days=draft_days),
            received_on=received_on,
        )
        event_record(
            case=case,
            application=application,
            kind=application_events.DRAFT_STARTED,
            actor=created_by,
            data={"channel": channel, "kind": kind, "month": f"{month:%Y-%m}"},
        )
    return application


def application_save_answers(
    *, application: Application, version: int, answers: dict[str, Any], page: str = ""
) -> Application:
    """Save (part of) the answers of a draft. Refused if someone saved in between. What was
    kept typed on the saved sections' pages (and on `page`) is cleared."""
    if application.status != ApplicationStatus.DRAFT:
        raise ApplicationStateError("Only a draft can be changed")
    draft_days: int = getattr(settings, "APPLICATION_DRAFT_DAYS", 30)
    merged = {**application.answers, **answers}
    typed = {
        k: v for k, v in (application.typed_pages or {}).items() if k not in answers and k != page
    }
    updated = Application.objects.filter(
        pk=application.pk, version=version, status=ApplicationStatus.DRAFT
    ).update(
        answers=merged,
        typed_pages=typed,
        version=version + 1,
        updated_at=timezone.now(),
        draft_expires_at=timezone.now() + timedelta(days=draft_days),
    )
    if not updated:
        raise StaleApplicationError(str(application.pk))
    application.refresh_from_db()
    return application


def application_keep_typed(
    *, application: Application, section: str, data: dict[str, list[str]]
) -> Application:
    """ "Spara och fortsätt senare" on a page that is not valid yet: keep what was typed there
    (as posted) so that the page shows it again, with its errors, when the citizen comes back.
    The answers themselves are unchanged (and so is the version: another tab is not made stale);
    the draft's expiry moves as for any save."""
    if application.status != ApplicationStatus.DRAFT:
        raise ApplicationStateError("Only a draft can be changed")
    draft_days: int = getattr(settings, "APPLICATION_DRAFT_DAYS", 30)
    # NUL is not text (Django's fields refuse it, PostgreSQL's jsonb cannot store it): dropped.
    kept = {
        k.replace("\x00", ""): [str(v).replace("\x00", "") for v in values][:50]
        for k, values in data.items()
    }
    typed = {**(application.typed_pages or {}), section: kept}
    Application.objects.filter(pk=application.pk, status=ApplicationStatus.DRAFT).update(
        typed_pages=typed,
        updated_at=timezone.now(),
        draft_expires_at=timezone.now() + timedelta(days=draft_days),
    )
    application.refresh_from_db()
    return application


def application_submit(*, application: Application, version: int, by: User) -> Application:
    """Submit a draft. With a partner in the case it waits for the partner's confirmation;
    otherwise it is submitted and handed to the decision pipeline in the same transaction."""
    with transaction.atomic():
        needs_partner = application.case.partner_id is not None
        new_status = (
            ApplicationStatus.AWAITING_PARTNER if needs_partner else ApplicationStatus.SUBMITTED
        )
        now = timezone.now()
        updated = Application.objects.filter(
            pk=application.pk, version=version, status=ApplicationStatus.DRAFT
        ).update(
            status=new_status,
            version=version + 1,
            submitted_at=None if needs_partner else now,
            draft_expires_at=None,
            # Bound to this application: the partner named now confirms it, nobody else.
            partner=application.case.partner_id,
            partner_declined_at=None,
        )
        if not updated:
            raise StaleApplicationError(str(application.pk))
        # What the UPDATE wrote, without reading the row again (the loaded case is kept).
        application.status, application.version = new_status, version + 1
        application.submitted_at = None if needs_partner else now
        application.draft_expires_at, application.partner_declined_at = None, None
        application.partner_id = application.case.partner_id
        if not needs_partner:
            _mark_submitted(application=application, by=by)
    return application


def application_confirm_by_partner(*, application: Application, partner: User) -> Application:
    with transaction.atomic():
        if application.partner_id != partner.pk:
            raise ApplicationStateError("Only the partner the application names can confirm")
        updated = Application.objects.filter(
            pk=application.pk, status=ApplicationStatus.AWAITING_PARTNER
        ).update(
            status=ApplicationStatus.SUBMITTED,
            partner_confirmed_at=timezone.now(),
            submitted_at=timezone.now(),
            version=application.version + 1,
        )
        if not updated:
            raise ApplicationStateError("The application is not waiting for confirmation")
        application.refresh_from_db()
        event_record(
            case=application.case,
            application=application,
            kind=application_events.PARTNER_CONFIRMED,
            actor=partner,
        )
        _mark_submitted(application=application, by=partner)
    return application


def application_decline_by_partner(*, application: Application, partner: User) -> Application:
    """The partner the application names does not confirm it: it goes back to the applicant as
    a draft (kept for APPLICATION_DRAFT_DAYS), and the partner's access to it ends until the
    applicant submits it again."""
    draft_days: int = getattr(settings, "APPLICATION_DRAFT_DAYS", 30)
    if application.partner_id != partner.pk:
        raise ApplicationStateError("Only the partner the application names can decline")
    now = timezone.now()
    updated = Application.objects.filter(
        pk=application.pk, status=ApplicationStatus.AWAITING_PARTNER, partner=partner
    ).update(
        status=ApplicationStatus.DRAFT,
        partner=None,
        partner_declined_at=now,
        draft_expires_at=now + timedelta(days=draft_days),
        version=models.F("version") + 1,
    )
    if not updated:
        raise ApplicationStateError("The application is not waiting for confirmation")
    application.refresh_from_db()
    return application


def _mark_submitted(*, application: Application, by: User) -> None:
    event_record(
        case=application.case,
        application=application,
        kind=application_events.SUBMITTED,
        actor=by,
        data={"channel": application.channel, "kind": application.kind},
    )
    job_enqueue(
        name=PROCESS_APPLICATION_JOB,
        payload={"application_id": application.pk},
        key=f"application-{application.pk}-process",
    )


def application_set_status(*, application: Application, status: ApplicationStatus) -> None:
    # In the batch worker's block: with the batch's others in one UPDATE at its end (the rows
    # are locked by the batch; core.bulk, docs/adr/0270); otherwise at once.
    row_update(Application, application.pk, status=status, version=application.version + 1)
    # The two fields written, without reading the row again (which would also drop the loaded
    # case and people: more queries for every caller that goes on to use them).
    application.status, application.version = status, application.version + 1


def application_set_received_on(*, application: Application, received_on: date) -> None:
    """The day a paper application came in, corrected by staff (the time for a decision runs
    from it, docs/adr/0151)."""
    if application.received_on != received_on:
        application.received_on = received_on
        application.save(update_fields=["received_on", "updated_at"])


def partner_user_for(*, personnummer: str, applicant: User) -> User:
    """The citizen account for the partner's personnummer, created if the partner has never
    logged in (the e-ID login finds it by personnummer). Staff accounts are never used."""
    from bistand.accounts.models import Role

    if personnummer == applicant.personnummer:
        raise ApplicationStateError("The partner cannot be the applicant")
    user = User.objects.filter(personnummer=personnummer).first()
    if user is None:
        user = User.objects.create_user(
            username=f"invanare-{uuid.uuid4().hex[:16]}",
            role=Role.CITIZEN,
            personnummer=personnummer,
        )
    if user.role != Role.CITIZEN:
        raise ApplicationStateError("The partner must be a citizen")
    return user


def application_purge_expired_drafts(*, now: datetime | None = None) -> int:
    """Withdraw drafts kept longer than APPLICATION_DRAFT_DAYS and remove what they declared
    (gallring). The case event stays; the answers do not. Returns the number purged."""
    from .selectors import expired_drafts

    now = now or timezone.now()
    purged = 0
    for application in expired_drafts(now=now).select_related("case"):
        with transaction.atomic():
            updated = Application.objects.filter(
                pk=application.pk, status=ApplicationStatus.DRAFT, draft_expires_at__lt=now
            ).update(
                status=ApplicationStatus.WITHDRAWN,
                answers={},
                draft_expires_at=None,
                version=application.version + 1,
            )
            if updated:
                event_record(
                    case=application.case,
                    application=application,
                    kind=application_events.WITHDRAWN,
                    data={"reason": "draft_expired"},
                )
                purged += 1
    return purged


def application_record_partner_consent(
    *, application: Application, partner: User, registers: bool
) -> None:
    """The partner's own declaration and consent to register data, given when confirming."""
    answers = {
        **application.answers,
        "partner_consent": {"registers": registers, "truthful": True},
    }
    Application.objects.filter(pk=application.pk).update(
        answers=answers, version=models.F("version") + 1
    )
    application.refresh_from_db()


def citizen_for_personnummer(*, personnummer: str) -> User:
    """The citizen account for a (normalised, checked) personnummer, created if the person has
    never logged in: a paper application registered by staff belongs to the citizen, who later
    finds it on Min sida with e-ID. Staff accounts are never used."""
    from bistand.accounts.models import Role

    user = User.objects.filter(personnummer=personnummer).first()
    if user is None:
        user = User.objects.create_user(
            username=f"invanare-{uuid.uuid4().hex[:16]}",
            role=Role.CITIZEN,
            personnummer=personnummer,
        )
    if user.role != Role.CITIZEN:
        raise ApplicationStateError("The person must be a citizen")
    return user


def paper_received_at(received_on: date | None) -> datetime:
    """When a paper application counts as submitted (docs/adr/0151): now if it came in today
    (or no day was given); otherwise the start of the day it came in, since the hour is unknown
    and the time for a decision must not be counted from later than the paper arrived."""
    now = timezone.now()
    if received_on is None or received_on >= timezone.localdate(now):
        return now
    return timezone.make_aware(datetime.combine(received_on, time.min))


def application_submit_on_paper(*, application: Application, version: int, by: User) -> Application:
    """Submit a paper application registered by staff. Both spouses signed the paper form, so
    it never waits for a partner's e-ID confirmation; it goes to the decision pipeline at once,
    exactly like an e-service submission."""
    with transaction.atomic():
        updated = Application.objects.filter(
            pk=application.pk,
            version=version,
            status=ApplicationStatus.DRAFT,
            channel=Channel.PAPER,
        ).update(
            status=ApplicationStatus.SUBMITTED,
            version=version + 1,
            submitted_at=paper_received_at(application.received_on),
            partner_confirmed_at=timezone.now() if application.case.partner_id else None,
            partner=application.case.partner_id,
            draft_expires_at=None,
        )
        if not updated:
            raise StaleApplicationError(str(application.pk))
        application.refresh_from_db()
        _mark_submitted(application=application, by=by)
    return application


def application_lock_for_decision(*, application: Application, version: int) -> Application:
    """Optimistic lock before a case worker decides: the application must still be in the
    queue at the version the worker saw. Bumps the version in the caller's transaction, so a
    second worker deciding from the same page view is refused (StaleApplicationError)."""
    updated = Application.objects.filter(
        pk=application.pk, version=version, status=ApplicationStatus.IN_QUEUE
    ).update(version=version + 1)
    if not updated:
        raise StaleApplicationError(str(application.pk))
    application.refresh_from_db()
    return application


def application_submit_checked(
    *,
    application: Application,
    version: int,
    by: User,
    has_partner: bool,
    partner_personnummer: str,
    on_paper: bool = False,
) -> Application:
    """Submit from the "check your answers" page (the e-service's, or staff's for paper): find the
    partner's login from the declared personnummer, refuse a stale page, record the partner, then
    submit. Raises StaleApplicationError or ApplicationStateError (partner number unusable)."""
    case = application.case
    partner = (
        partner_user_for(personnummer=partner_personnummer, applicant=case.applicant)
        if has_partner
        else None
    )
    if version != application.version:
        raise StaleApplicationError(str(application.pk))
    case_set_partner(case=case, partner=partner)
    if on_paper:
        return application_submit_on_paper(application=application, version=version, by=by)
    return application_submit(application=application, version=version, by=by)


# --- Withdrawal and komplettering (issue 15 item 5) ----------------------------------------------

# An application can be withdrawn, and added to, until it is decided.
OPEN_STATUSES = (
    ApplicationStatus.AWAITING_PARTNER,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.IN_QUEUE,
)


def application_withdraw(*, application: Application, by: User) -> Application:
    """The applicant withdraws (återkallar) an application that is not decided yet. It leaves
    the queue and the automated function (which only takes submitted applications); a decision
    made in between wins (the conditional update finds nothing to change)."""
    if application.case.applicant_id != by.pk:
        raise ApplicationStateError("Only the applicant can withdraw the application")
    with transaction.atomic():
        updated = Application.objects.filter(pk=application.pk, status__in=OPEN_STATUSES).update(
            status=ApplicationStatus.WITHDRAWN, version=models.F("version") + 1
        )
        if not updated:
            raise ApplicationStateError("The application can no longer be withdrawn")
        application.refresh_from_db()
        event_record(
            case=application.case,
            application=application,
            kind=application_events.WITHDRAWN,
            actor=by,
            data={"month": f"{application.month:%Y-%m}", "by": "applicant"},
        )
    return application


class SupplementFileError(ApplicationStateError):
    """A file attached to a komplettering cannot be kept (type, size, number); the message is for
    the citizen, in the page's language."""


def supplement_add(
    *,
    application: Application,
    by: User,
    text: str,
    files: Sequence[tuple[str, Iterable[bytes]]] = (),
) -> Supplement:
    """Komplettering: the applicant adds information, and files (name, chunks), to an
    application that is not decided yet. It reaches the case worker through the shared queue; an
    application the automated function has not taken yet goes to a person (decisions.pipeline).
    Each file's type is read from its content and its size limited (core.uploads); it is stored
    0600 under a random name in settings.SUPPLEMENT_DOCUMENTS_DIR; nothing is kept if anything
    fails (docs/adr/0216)."""
    if application.case.applicant_id != by.pk:
        raise ApplicationStateError("Only the applicant can add to the application")
    text = text.strip()
    if (not text and not files) or len(text) > SUPPLEMENT_MAX:
        raise ApplicationStateError("A supplement needs a text within the limit, or a file")
    if len(files) > settings.SUPPLEMENT_UPLOAD_MAX_FILES:
        raise SupplementFileError(
            _("Du kan skicka högst %(n)s filer med en komplettering.")
            % {"n": settings.SUPPLEMENT_UPLOAD_MAX_FILES}
        )
    directory = Path(settings.SUPPLEMENT_DOCUMENTS_DIR)
    stored: list[tuple[str, uploads.Stored]] = []
    try:
        # Stored and scanned before the application row is locked: a scan may take seconds.
        for name, chunks in files:
            try:
                kept = uploads.store(
                    chunks,
                    directory=directory,
                    max_bytes=settings.POST_CHECK_UPLOAD_MAX_MB * 1024 * 1024,
                )
            except uploads.DocumentError as exc:
                raise SupplementFileError(
                    _("%(name)s: %(problem)s") % {"name": Path(name).name, "problem": exc}
                ) from exc
            stored.append((name, kept))
            _scanned(
                uploads.path_for(kept.stored_name, directory),
                name=Path(name).name,
                application_id=application.pk,
            )
        with transaction.atomic():
            locked = Application.objects.select_for_update().get(pk=application.pk)
            if locked.status not in OPEN_STATUSES:
                raise ApplicationStateError("The application is decided or withdrawn")
            supplement = Supplement.objects.create(application=locked, text=text, added_by=by)
            SupplementDocument.objects.bulk_create(
                SupplementDocument(
                    supplement=supplement,
                    original_name=Path(name or "dokument").name[:200],
                    content_type=kept.content_type,
                    size=kept.size,
                    sha256=kept.sha256,
                    stored_name=kept.stored_name,
                )
                for name, kept in stored
            )
            event_record(
                case=locked.case,
                application=locked,
                kind=application_events.SUPPLEMENT_ADDED,
                actor=by,
                data={"supplement_id": supplement.pk, "documents": len(stored)},
            )
    except BaseException:
        for _name, kept in stored:
            uploads.path_for(kept.stored_name, directory).unlink(missing_ok=True)
        raise
    return supplement


def _scanned(path: Path, *, name: str, application_id: int) -> None:
    """The virus scan of a komplettering file (docs/adr/0214, 0246), when clamd is configured,
    as for stickprov documents: an infected file, or one that could not be scanned, is refused
    (the caller removes every file of the komplettering; nothing is kept). Logged with the
    application id and clamd's signature only: never the file, its name or the person."""
    try:
        virusscan.scan_path(path)
    except virusscan.VirusFoundError as exc:
        logger.warning(
            "upload refused: malware supplement application=%s signature=%s", application_id, exc
        )
        problem = _(
            "Filen innehåller skadlig kod och togs inte emot. Kontrollera datorn eller "
            "telefonen och skicka en ny fil."
        )
        refused = _("%(name)s: %(problem)s") % {"name": name, "problem": problem}
        raise SupplementFileError(refused) from exc
    except virusscan.ScanUnavailableError as exc:
        logger.error(
            "upload refused: virus scan unavailable supplement application=%s (%s)",
            application_id,
            exc,
        )
        problem = _(
            "Filen kunde inte kontrolleras just nu och togs inte emot. Försök igen om en stund."
        )
        refused = _("%(name)s: %(problem)s") % {"name": name, "problem": problem}
        raise SupplementFileError(refused) from exc


def supplement_document_open(*, document: SupplementDocument, by: User) -> Path:
    """Staff open a file attached to a komplettering: the read is in the access log (with the
    case number and the person), then the stored file's path is given to the view."""
    application = document.supplement.application
    access_log_record(
        user=by,
        action=AccessAction.READ,
        object_type="supplement_document",
        object_id=document.pk,
        reason=f"Läste bilaga till komplettering {document.supplement_id}",
        case_number=application.case.number,
        subject=application.case.applicant.personnummer or "",
    )
    return uploads.path_for(document.stored_name, Path(settings.SUPPLEMENT_DOCUMENTS_DIR))


def supplement_mark_read(*, supplement: Supplement, by: User) -> Supplement:
    """A case worker has read the komplettering: it leaves the queue (once)."""
    with transaction.atomic():
        updated = Supplement.objects.filter(pk=supplement.pk, read_at=None).update(
            read_at=timezone.now(), read_by=by
        )
        supplement.refresh_from_db()
        if updated:
            event_record(
                case=supplement.application.case,
                application=supplement.application,
                kind=application_events.SUPPLEMENT_READ,
                actor=by,
                data={"supplement_id": supplement.pk},
            )
    return supplement
