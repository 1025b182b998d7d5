"""Reads about applications. Citizens see only their own household's cases.

Cases and their events are read through `bistand.cases.selectors`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import Q, QuerySet

from bistand.accounts.models import User
from bistand.cases.models import Case
from bistand.core import minsida

from .models import Application, ApplicationKind, ApplicationStatus, Supplement, SupplementDocument


def _readable_by(user: User) -> Q:
    """The applications a citizen may read: every application of a case they applied in, and
    those that name them as the partner (issue 13 item 2). A partner named by a later
    application never reads the household's earlier ones.

    The cases the user applied in are looked up first (an index lookup): an OR across the join
    to the case table made PostgreSQL read every application of every case (issue 16 item 5)."""
    own_cases = minsida.shared(
        ("own_cases", user.pk),
        lambda: list(Case.objects.filter(applicant=user).values_list("pk", flat=True)),
    )
    return Q(case_id__in=own_cases) | Q(partner=user)


def cases_read_for_minsida(*, user: User, cases: list[Case]) -> None:
    """Min sida has read the citizen's cases (hers and those that name her as partner): the
    ones she applied in are taken from them instead of a second read (issue 16 item 5)."""
    minsida.shared(
        ("own_cases", user.pk), lambda: [case.pk for case in cases if case.applicant_id == user.pk]
    )


def application_for_citizen(*, user: User, application_id: int) -> Application | None:
    """The application if the user applied in its case or it names them as the partner, else
    None (never another's)."""
    return (
        Application.objects.select_related("case")
        .filter(_readable_by(user), pk=application_id)
        .first()
    )


def readable_application_ids(*, user: User) -> QuerySet[Application, Any]:
    """The ids of the applications the citizen may read (for the decisions, appeals and
    satisfaction questions that belong to them): a subquery of `pk` values."""
    return Application.objects.filter(_readable_by(user)).values("pk")


def application_for_applicant(*, user: User, application_id: int) -> Application | None:
    """The application if the user is the applicant of its case (the only citizen who edits
    and submits it), else None."""
    return (
        Application.objects.select_related("case")
        .filter(pk=application_id, case__applicant=user)
        .first()
    )


def applications_for_citizen(*, user: User) -> QuerySet[Application]:
    return (
        Application.objects.select_related("case")
        .filter(_readable_by(user))
        .order_by("-month", "-created_at")
    )


def applications_for_minsida(*, user: User) -> list[Application]:
    """`applications_for_citizen` without each month's answers, read once per Min sida for the
    applications list and the panels that look at the citizen's applications (issue 16 item 5)."""
    return minsida.shared(
        ("applications", user.pk),
        lambda: list(applications_for_citizen(user=user).defer("answers", "typed_pages")),
    )


def latest_submitted_new_application_id(*, case: Case) -> int | None:
    """The case's newest submitted new application (nyansökan) the applicant can read, if any."""
    for application in applications_for_citizen(user=case.applicant):
        if (
            application.case_id == case.pk
            and application.kind == ApplicationKind.NEW
            and application.submitted_at is not None
        ):
            return application.pk
    return None


def awaiting_partner_confirmation(*, user: User) -> QuerySet[Application]:
    return Application.objects.filter(partner=user, status=ApplicationStatus.AWAITING_PARTNER)


def awaiting_partner_confirmation_for_minsida(*, user: User) -> list[Application]:
    """`awaiting_partner_confirmation` from Min sida's read of the citizen's applications (a
    partner reads every application that names her), in the order of their ids."""
    return sorted(
        (
            app
            for app in applications_for_minsida(user=user)
            if app.partner_id == user.pk and app.status == ApplicationStatus.AWAITING_PARTNER
        ),
        key=lambda app: app.pk,
    )


def application_by_id(*, application_id: int) -> Application:
    """For background jobs and staff services (staff access is checked by casework)."""
    return Application.objects.select_related("case", "case__applicant").get(pk=application_id)


def applications_by_ids(*, application_ids: list[int]) -> dict[int, Application]:
    """Applications by id, with their case (one query; for background jobs and services)."""
    return Application.objects.select_related("case").in_bulk(application_ids)


def previous_decided_application(*, application: Application) -> Application | None:
    return (
        Application.objects.filter(
            case=application.case, month__lt=application.month, status=ApplicationStatus.DECIDED
        )
        .order_by("-month")
        .first()
    )


def live_application_for_month(*, case: Case, month: date) -> Application | None:
    """The case's application for the month that is not withdrawn (at most one)."""
    return (
        Application.objects.filter(case=case, month=month)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .first()
    )


def live_applications_for_months(*, case: Case, months: list[date]) -> dict[date, Application]:
    """The case's application per month among `months` that is not withdrawn (one query)."""
    return {
        application.month: application
        for application in Application.objects.filter(case=case, month__in=months).exclude(
            status=ApplicationStatus.WITHDRAWN
        )
    }


def latest_earlier_application(*, case: Case, month: date) -> Application | None:
    """The latest application before `month` that was sent in (not a draft, not withdrawn):
    what a fortsatt ansökan is pre-filled from."""
    return (
        Application.objects.filter(case=case, month__lt=month)
        .exclude(status__in=[ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN])
        .order_by("-month", "-created_at")
        .first()
    )


def expired_drafts(*, now: datetime) -> QuerySet[Application]:
    return Application.objects.filter(status=ApplicationStatus.DRAFT, draft_expires_at__lt=now)


# --- For planning (meetings within 24 h, action plans): staff access is checked there. ---------


def new_applications_submitted(*, start: datetime, end: datetime) -> QuerySet[Application]:
    """Nyansökningar sent in (submitted_at set) in [start, end), oldest first."""
    return (
        Application.objects.select_related("case")
        .filter(
            kind=ApplicationKind.NEW,
            submitted_at__gte=start,
            submitted_at__lt=end,
        )
        .order_by("submitted_at", "pk")
    )


# --- For casework (the shared queue and the case view): staff access is checked there. ----------


def applications_in_queue() -> QuerySet[Application]:
    """Applications the automated decision function routed to a case worker, oldest first."""
    return (
        Application.objects.select_related("case", "case__applicant")
        .filter(status=ApplicationStatus.IN_QUEUE)
        .order_by("submitted_at", "pk")
    )


def supplements_for_application(*, application_id: int) -> list[Supplement]:
    """The kompletteringar the applicant added to the application, oldest first."""
    return list(
        Supplement.objects.select_related("read_by")
        .prefetch_related("documents")
        .filter(application_id=application_id)
    )


def with_unread_supplements(*, application_ids: list[int]) -> set[int]:
    """Which of these applications have a komplettering no case worker has read (one query)."""
    return set(
        Supplement.objects.filter(application_id__in=application_ids, read_at=None).values_list(
            "application_id", flat=True
        )
    )


def unread_supplements() -> list[Supplement]:
    """Kompletteringar no case worker has read yet (the shared queue's items)."""
    return list(
        Supplement.objects.select_related("application__case")
        .filter(read_at=None)
        .order_by("added_at", "pk")
    )


def supplement_document_by_id(
    *, application_id: int, supplement_id: int, document_id: int
) -> SupplementDocument | None:
    """A komplettering's attached file, only through its own komplettering and application."""
    return (
        SupplementDocument.objects.select_related("supplement__application__case__applicant")
        .filter(
            pk=document_id,
            supplement_id=supplement_id,
            supplement__application_id=application_id,
        )
        .first()
    )


def supplement_by_id(*, supplement_id: int) -> Supplement | None:
    return Supplement.objects.select_related("application__case").filter(pk=supplement_id).first()


def applications_for_case(*, case_id: int) -> QuerySet[Application]:
    """Every application in a case (staff reads; the caller checks need-to-know)."""
    return Application.objects.filter(case_id=case_id).order_by("-month", "-pk")


def application_reference(application: Application) -> str:
    """The application's reference number on its receipt: the case number and the application's
    own number (``EB-2026-000123-45``): one per application, also for the same month again."""
    return f"{application.case.number}-{application.pk}"
