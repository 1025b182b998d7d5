"""Only the applicant edits and submits the household's application (issue 13 item 2).

The partner the application names may read it and confirm or decline it, bound to that
application: never open the applicant's draft, change the household, the bank account or the
consent, or submit. A later application naming a new partner gives that person no access to the
household's earlier applications.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bistand.applications.models import Application, ApplicationKind, ApplicationStatus

from .helpers import CONSENT, fill_alone, post_step, start_application, step_url

pytestmark = pytest.mark.django_db


def month(offset: int) -> str:
    first = timezone.localdate().replace(day=1)
    index = first.year * 12 + first.month - 1 + offset
    return f"{date(index // 12, index % 12 + 1, 1):%Y-%m}"


def apply_with_partner(client: Client, partner_personnummer: str, when: str) -> Application:
    application = start_application(client, when)
    if application.kind == ApplicationKind.RECURRING:
        # A fortsatt ansökan: the household has changed (a new partner), the rest is carried over.
        changes = {"nothing_changed": "yes", "changed": ["household", "work"]}
        assert post_step(client, application, "andringar", changes).status_code == 302
    else:
        fill_alone(client, application)
    post_step(
        client,
        application,
        "hushall",
        {
            "has_partner": "yes",
            "partner_personnummer": partner_personnummer,
            "children_count": "0",
            "other_adults_count": "0",
        },
    )
    post_step(
        client,
        application,
        "sysselsattning",
        {"a1_situation": "registered_af", "p1_situation": "studying"},
    )
    post_step(client, application, "inkomster", {"a1_sources": ["salary"], "p1_sources": ["none"]})
    if application.kind == ApplicationKind.RECURRING:
        assert post_step(client, application, "samtycke", CONSENT).status_code == 302
    application.refresh_from_db()
    response = client.post(
        reverse("applications:check", args=[application.pk]), {"version": application.version}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    application.refresh_from_db()
    return application


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_partner_cannot_open_change_or_submit_the_applicants_draft(alice, bob):
    applicant = as_user(alice)
    sent = apply_with_partner(applicant, bob.personnummer, month(0))
    assert sent.status == ApplicationStatus.AWAITING_PARTNER and sent.partner == bob
    # Next month's draft, which the applicant has filled in and not sent yet.
    draft = start_application(applicant, month(1))
    fill_alone(applicant, draft)
    draft.refresh_from_db()
    before = (draft.version, draft.answers)

    partner = as_user(bob)
    for application in (draft, sent):
        assert partner.get(step_url(application, "hushall")).status_code == 404
        assert partner.get(step_url(application, "utbetalning")).status_code == 404
        assert partner.get(reverse("applications:check", args=[application.pk])).status_code == 404
    # The attacks of the review: remove himself from the household, change the bank account and
    # the consent, submit.
    attacks = [
        ("hushall", {"has_partner": "no", "children_count": "0", "other_adults_count": "0"}),
        ("utbetalning", {"clearing": "8327", "account": "9999999999"}),
        ("samtycke", {**CONSENT, "registers": "no"}),
    ]
    for slug, data in attacks:
        response = partner.post(step_url(draft, slug), {"version": str(draft.version), **data})
        assert response.status_code == 404
    submitted = partner.post(
        reverse("applications:check", args=[draft.pk]), {"version": str(draft.version)}
    )
    assert submitted.status_code == 404
    draft.refresh_from_db()
    assert (draft.version, draft.answers) == before
    assert draft.status == ApplicationStatus.DRAFT
    # The draft is not on the partner's Min sida either; the application to confirm is.
    page = partner.get(reverse("applications:min_sida")).content.decode()
    assert reverse("applications:partner_confirm", args=[sent.pk]) in page
    assert step_url(draft, "hushall") not in page


def test_the_partner_declines_and_the_application_goes_back_to_the_applicant(alice, bob):
    applicant = as_user(alice)
    application = apply_with_partner(applicant, bob.personnummer, month(0))
    partner = as_user(bob)
    confirm_url = reverse("applications:partner_confirm", args=[application.pk])
    # The applicant cannot decline (nor confirm) for the partner.
    assert applicant.post(confirm_url, {"action": "decline"}).status_code == 404

    response = partner.post(confirm_url, {"action": "decline"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.partner is None and application.partner_declined_at is not None
    assert application.partner_confirmed_at is None
    # Bound to the application: having declined, the partner no longer reaches it.
    assert partner.get(confirm_url).status_code == 404
    assert partner.get(reverse("applications:receipt", args=[application.pk])).status_code == 404
    # The applicant is told, changes what is needed and sends it again; the partner confirms.
    check = applicant.get(reverse("applications:check", args=[application.pk])).content.decode()
    assert "godkände inte ansökan" in check
    min_sida = applicant.get(reverse("applications:min_sida")).content.decode()
    assert "godkände inte ansökan" in min_sida
    application.refresh_from_db()
    resent = applicant.post(
        reverse("applications:check", args=[application.pk]), {"version": application.version}
    )
    assert resent.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_PARTNER
    assert application.partner == bob and application.partner_declined_at is None
    assert partner.post(confirm_url, {"truthful": "on"}).status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_a_new_partner_gets_no_access_to_the_households_earlier_applications(alice, bob, carol):
    applicant = as_user(alice)
    earlier = apply_with_partner(applicant, bob.personnummer, month(0))
    # Bob does not confirm. Next month Alice lives with Carol and names her instead.
    later = apply_with_partner(applicant, carol.personnummer, month(1))
    assert later.partner == carol and later.case_id == earlier.case_id

    new_partner = as_user(carol)
    earlier_urls = [
        reverse("applications:partner_confirm", args=[earlier.pk]),
        reverse("applications:receipt", args=[earlier.pk]),
        reverse("applications:check", args=[earlier.pk]),
        step_url(earlier, "hushall"),
    ]
    for url in earlier_urls:
        assert new_partner.get(url).status_code == 404, url
    assert new_partner.post(earlier_urls[0], {"truthful": "on"}).status_code == 404
    page = new_partner.get(reverse("applications:min_sida")).content.decode()
    assert reverse("applications:receipt", args=[earlier.pk]) not in page
    assert reverse("applications:partner_confirm", args=[later.pk]) in page
    # Carol's confirmation is bound to the later application only.
    assert new_partner.post(earlier_urls[0], {"truthful": "on"}).status_code == 404
    earlier.refresh_from_db()
    assert earlier.status == ApplicationStatus.AWAITING_PARTNER

    # Bob, named by the earlier one, still confirms that one, and only that one.
    old_partner = as_user(bob)
    later_confirm = reverse("applications:partner_confirm", args=[later.pk])
    assert old_partner.get(later_confirm).status_code == 404
    assert old_partner.get(reverse("applications:receipt", args=[later.pk])).status_code == 404
    assert old_partner.post(earlier_urls[0], {"truthful": "on"}).status_code == 302
    earlier.refresh_from_db()
    assert earlier.status == ApplicationStatus.SUBMITTED and earlier.partner == bob
