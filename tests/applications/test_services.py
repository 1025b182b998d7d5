"""Cases and applications: numbers, drafts that never lose answers, submission, partner consent."""

from datetime import date

import pytest
from django.db import IntegrityError

from bistand.accounts.models import Role, User
from bistand.applications import events as application_events
from bistand.applications import selectors, services
from bistand.applications.models import ApplicationKind, ApplicationStatus, Channel
from bistand.cases import selectors as case_selectors
from bistand.cases import services as case_services
from bistand.cases.models import CaseEvent
from bistand.jobs.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen():
    return User.objects.create(username="c1", role=Role.CITIZEN, display_name="Sökande")


@pytest.fixture
def partner():
    return User.objects.create(username="c2", role=Role.CITIZEN, display_name="Sambo")


@pytest.fixture
def stranger():
    return User.objects.create(username="c3", role=Role.CITIZEN, display_name="Annan")


def start(user, partner=None, month=date(2026, 12, 1)):
    case = case_services.case_get_or_open(applicant=user, partner=partner)
    return services.application_start(
        case=case, month=month, created_by=user, kind=ApplicationKind.NEW
    )


def test_case_numbers_are_unique_and_sequential_per_year():
    numbers = [case_services.case_number_next(year=2026) for _ in range(3)]
    assert numbers == ["EB-2026-000001", "EB-2026-000002", "EB-2026-000003"]
    assert case_services.case_number_next(year=2027) == "EB-2027-000001"


def test_one_open_case_per_applicant(citizen):
    assert case_services.case_get_or_open(applicant=citizen) == case_services.case_get_or_open(
        applicant=citizen
    )


def test_draft_keeps_earlier_pages_when_a_later_page_is_saved(citizen):
    application = start(citizen)
    application = services.application_save_answers(
        application=application, version=application.version, answers={"household": {"a": 1}}
    )
    application = services.application_save_answers(
        application=application, version=application.version, answers={"costs": {"rent": "1"}}
    )
    assert application.answers == {"household": {"a": 1}, "costs": {"rent": "1"}}


def test_stale_save_is_refused_and_the_newer_answers_are_kept(citizen):
    application = start(citizen)
    old_version = application.version
    services.application_save_answers(
        application=application, version=old_version, answers={"costs": {"rent": "5000"}}
    )
    with pytest.raises(services.StaleApplicationError):
        services.application_save_answers(
            application=application, version=old_version, answers={"costs": {"rent": "1"}}
        )
    application.refresh_from_db()
    assert application.answers["costs"]["rent"] == "5000"


def test_only_one_live_application_per_month(citizen):
    start(citizen)
    with pytest.raises(IntegrityError):
        start(citizen)


def test_submit_without_partner_hands_the_application_to_the_pipeline_once(citizen):
    application = start(citizen)
    application = services.application_submit(
        application=application, version=application.version, by=citizen
    )
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.submitted_at is not None
    jobs = Job.objects.filter(name=services.PROCESS_APPLICATION_JOB)
    assert [j.payload for j in jobs] == [{"application_id": application.pk}]
    kinds = list(application.events.values_list("kind", flat=True))
    assert kinds == [application_events.DRAFT_STARTED, application_events.SUBMITTED]
    # A second submit (double click, two tabs) changes nothing.
    with pytest.raises(services.StaleApplicationError):
        services.application_submit(application=application, version=1, by=citizen)
    assert jobs.count() == 1


def test_with_partner_the_application_waits_for_the_partners_own_confirmation(
    citizen, partner, stranger
):
    application = start(citizen, partner=partner)
    application = services.application_submit(
        application=application, version=application.version, by=citizen
    )
    assert application.status == ApplicationStatus.AWAITING_PARTNER
    assert not Job.objects.exists()
    assert list(selectors.awaiting_partner_confirmation(user=partner)) == [application]
    with pytest.raises(services.ApplicationStateError):
        services.application_confirm_by_partner(application=application, partner=stranger)
    application = services.application_confirm_by_partner(application=application, partner=partner)
    assert application.status == ApplicationStatus.SUBMITTED
    assert Job.objects.count() == 1


def test_citizen_sees_only_their_own_household(citizen, partner, stranger):
    application = start(citizen, partner=partner)
    assert selectors.application_for_citizen(user=citizen, application_id=application.pk)
    # The partner reads the application once it is sent naming them (issue 13 item 2).
    assert selectors.application_for_citizen(user=partner, application_id=application.pk) is None
    application = services.application_submit(
        application=application, version=application.version, by=citizen
    )
    assert selectors.application_for_citizen(user=partner, application_id=application.pk)
    assert selectors.application_for_applicant(user=partner, application_id=application.pk) is None
    assert selectors.application_for_citizen(user=stranger, application_id=application.pk) is None
    assert not case_selectors.timeline_for_citizen(
        user=stranger, case_id=application.case_id
    ).exists()


def test_case_events_are_append_only(citizen):
    event = start(citizen).events.first()
    event.data = {"changed": True}
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    assert CaseEvent.objects.get(pk=event.pk).data != {"changed": True}


def test_paper_channel_is_recorded(citizen):
    case = case_services.case_get_or_open(applicant=citizen)
    application = services.application_start(
        case=case,
        month=date(2026, 12, 1),
        created_by=citizen,
        kind=ApplicationKind.NEW,
        channel=Channel.PAPER,
    )
    assert application.channel == Channel.PAPER
    assert application.events.get().data["channel"] == "paper"
