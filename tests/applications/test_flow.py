"""The e-service pages with Django's test client: new and recurring applications, check your
answers, submit, receipt, partner confirmation and Min sida."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from bistand.applications import events as application_events
from bistand.applications import services
from bistand.applications.answers import to_rules_input
from bistand.applications.models import Application, ApplicationKind, ApplicationStatus
from bistand.cases.models import CaseEvent

from .helpers import CONSENT, HOUSEHOLD_ALONE, fill_alone, post_step, start_application, step_url

pytestmark = pytest.mark.django_db


def this_month() -> str:
    return f"{timezone.localdate():%Y-%m}"


def test_min_sida_and_apply_need_login(client):
    for url in [reverse("applications:min_sida"), reverse("applications:start")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/logga-in/?next=")


def test_new_application_from_start_to_receipt(client, alice):
    client.force_login(alice)
    application = start_application(client, this_month())
    assert application.kind == ApplicationKind.NEW
    fill_alone(client, application)
    check = client.get(reverse("applications:check", args=[application.pk]))
    assert check.status_code == 200
    text = check.content.decode()
    assert "Kontrollera dina svar" in text
    assert "6\u00a0500\u00a0kr" in text
    assert "Ändra" in text
    application.refresh_from_db()
    response = client.post(
        reverse("applications:check", args=[application.pk]), {"version": application.version}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:receipt", args=[application.pk])
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    receipt = client.get(response["Location"]).content.decode()
    assert application.case.number in receipt
    assert "möte" in receipt  # new applicants are offered a meeting within 24 hours
    min_sida = client.get(reverse("applications:min_sida")).content.decode()
    assert application.case.number in min_sida
    assert "Ansökan kom in" in min_sida
    assert "Inskickad" in min_sida


def test_answers_are_stored_as_the_contract_says(client, alice):
    client.force_login(alice)
    application = start_application(client, "2026-01" if False else this_month())
    fill_alone(client, application)
    application.refresh_from_db()
    assert application.answers["housing"]["rent"] == "6500.00"
    assert application.answers["housing"]["household_electricity"] == "300.50"
    assert application.answers["incomes"] == {"a1": {"salary": "2000.00"}}
    assert application.answers["consent"] == {"registers": True, "truthful": True}
    rules = to_rules_input(application)
    assert rules["household"][0]["id"] == "a1"
    assert rules["household"][0]["role"] == "applicant"
    assert rules["costs"]["rent"] == "6500.00"
    assert rules["incomes"] == [{"member": "a1", "type": "salary", "amount": "2000.00"}]
    assert Decimal(rules["costs"]["household_electricity"]) == Decimal("300.50")


def test_check_page_lists_missing_sections_and_refuses_to_submit(client, alice):
    client.force_login(alice)
    application = start_application(client, this_month())
    post_step(client, application, "hushall", HOUSEHOLD_ALONE)
    application.refresh_from_db()
    response = client.post(
        reverse("applications:check", args=[application.pk]), {"version": application.version}
    )
    assert response.status_code == 400
    assert 'href="#section-boende"' in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_change_link_returns_to_the_check_page(client, alice):
    client.force_login(alice)
    application = start_application(client, this_month())
    fill_alone(client, application)
    response = post_step(
        client,
        application,
        "boende",
        {"housing_type": "rental", "rent": "7000"},
        QUERY_STRING="fran=kontroll",
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:check", args=[application.pk])


def test_household_with_children_asks_about_each_child(client, alice):
    client.force_login(alice)
    application = start_application(client, this_month())
    response = post_step(
        client,
        application,
        "hushall",
        {"has_partner": "no", "children_count": "2", "other_adults_count": "1"},
    )
    assert response["Location"] == step_url(application, "barn")
    page = client.get(step_url(application, "barn")).content.decode()
    assert "Barn 2: födelsedatum" in page
    month = date.fromisoformat(this_month() + "-01")
    response = post_step(
        client,
        application,
        "barn",
        {
            "c1_birth_date": f"{month.year - 3}-05-01",
            "c1_lunch": "yes",
            "c1_lives": "full",
            "c1_incomes": "none",
            "c2_birth_date": f"{month.year - 10}-05-01",
            "c2_lunch": "no",
            "c2_lives": "umgange",
            "c2_incomes": "none",
        },
    )
    # Umgänge: how many days is asked next, on a page of its own, for that child only.
    assert response["Location"] == step_url(application, "barn-mer")
    page = client.get(step_url(application, "barn-mer")).content.decode()
    assert "c2_umgange_days" in page and "c1_umgange_days" not in page
    assert "Svara bara" not in page
    assert post_step(client, application, "barn-mer", {}).status_code == 400
    response = post_step(client, application, "barn-mer", {"c2_umgange_days": "8"})
    assert response["Location"] == step_url(application, "andra-vuxna")
    response = post_step(
        client,
        application,
        "andra-vuxna",
        {"o1_birth_date": "1960-02-29", "o1_relation": "friend", "children_in_home": "0"},
    )
    assert response["Location"] == step_url(application, "boende")
    application.refresh_from_db()
    household = to_rules_input(application)["household"]
    assert [m["id"] for m in household] == ["a1", "c1", "c2", "o1"]
    child1, child2 = household[1], household[2]
    assert child1["lunch_at_home"] is False
    assert child2["umgange_days"] == 8
    assert "umgange_days" not in child1
    assert household[3]["role"] == "other_adult"
    assert "personnummer" not in str(household)


def test_recurring_application_is_prefilled_and_nothing_changed_goes_to_consent(client, alice):
    client.force_login(alice)
    first = start_application(client, this_month())
    fill_alone(client, first)
    first.refresh_from_db()
    client.post(reverse("applications:check", args=[first.pk]), {"version": first.version})
    services.application_set_status(
        application=Application.objects.get(pk=first.pk), status=ApplicationStatus.DECIDED
    )
    next_month = date.fromisoformat(this_month() + "-01").replace(day=28).toordinal() + 4
    nm = date.fromordinal(next_month).replace(day=1)
    second = start_application(client, f"{nm:%Y-%m}")
    assert second.kind == ApplicationKind.RECURRING
    assert second.answers["housing"]["rent"] == "6500.00"
    assert "consent" not in second.answers  # declared anew every month
    page = client.get(step_url(second, "andringar"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "6\u00a0500\u00a0kr" in text  # last month's values shown
    assert "Nej, inget har ändrats" in text
    response = post_step(client, second, "andringar", {"nothing_changed": "no"})
    assert response["Location"] == step_url(second, "samtycke")
    response = post_step(client, second, "samtycke", CONSENT)
    assert response["Location"] == reverse("applications:check", args=[second.pk])
    second.refresh_from_db()
    response = client.post(
        reverse("applications:check", args=[second.pk]), {"version": second.version}
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == ApplicationStatus.SUBMITTED


def test_recurring_with_changed_incomes_asks_only_incomes(client, alice):
    client.force_login(alice)
    first = start_application(client, this_month())
    fill_alone(client, first)
    first.refresh_from_db()
    client.post(reverse("applications:check", args=[first.pk]), {"version": first.version})
    nm = date.fromordinal(date.fromisoformat(this_month() + "-28").toordinal() + 4).replace(day=1)
    second = start_application(client, f"{nm:%Y-%m}")
    response = post_step(
        client, second, "andringar", {"nothing_changed": "yes", "changed": ["incomes"]}
    )
    assert response["Location"] == step_url(second, "inkomster")
    page = client.get(step_url(second, "inkomster")).content.decode()
    assert re.search(r'<input[^>]*value="salary"[^>]*checked', page)  # last month's income
    response = post_step(client, second, "inkomster", {"a1_sources": ["salary"]})
    assert response["Location"] == step_url(second, "inkomstbelopp")
    page = client.get(step_url(second, "inkomstbelopp")).content.decode()
    assert 'value="2000"' in page  # last month's salary pre-filled
    response = post_step(client, second, "inkomstbelopp", {"a1_salary": "3 000"})
    assert response["Location"] == step_url(second, "samtycke")
    assert client.get(step_url(second, "boende")).status_code == 302  # not asked this time


def test_starting_the_same_month_again_continues_the_draft(client, alice):
    client.force_login(alice)
    first = start_application(client, this_month())
    response = client.post(reverse("applications:start"), {"month": this_month()})
    assert response["Location"] == step_url(first, "hushall")
    assert Application.objects.count() == 1


def test_start_rejects_an_unknown_month(client, alice):
    client.force_login(alice)
    response = client.post(reverse("applications:start"), {"month": "1999-01"})
    assert response.status_code == 400
    assert "Välj vilken månad" in response.content.decode()


def test_partner_confirms_with_own_login(client, alice, bob):
    client.force_login(alice)
    application = start_application(client, this_month())
    fill_alone(client, application)
    post_step(
        client,
        application,
        "hushall",
        {
            "has_partner": "yes",
            "partner_personnummer": bob.personnummer,
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
    application.refresh_from_db()
    response = client.post(
        reverse("applications:check", args=[application.pk]), {"version": application.version}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_PARTNER
    assert application.case.partner == bob
    receipt = client.get(reverse("applications:receipt", args=[application.pk])).content.decode()
    assert "väntar vi på din sambo" in receipt
    assert not CaseEvent.objects.filter(kind=application_events.SUBMITTED).exists()
    # The applicant cannot confirm for the partner.
    assert (
        client.post(
            reverse("applications:partner_confirm", args=[application.pk]), {"truthful": "on"}
        ).status_code
        == 404
    )

    client.force_login(bob)
    min_sida = client.get(reverse("applications:min_sida")).content.decode()
    assert "Att göra: godkänn ansökan" in min_sida
    confirm_url = reverse("applications:partner_confirm", args=[application.pk])
    page = client.get(confirm_url)
    assert page.status_code == 200
    assert "Godkänn ansökan" in page.content.decode()
    # The partner is told what is fetched about him or her, why, and that only on own consent.
    assert "Vi hämtar bara uppgifter om dig om du själv säger ja" in page.content.decode()
    assert "15 kap. 10–12 §§ socialtjänstlagen" in page.content.decode()
    refused = client.post(confirm_url, {})
    assert refused.status_code == 400
    assert "Du måste intyga" in refused.content.decode()
    response = client.post(confirm_url, {"truthful": "on", "registers": "on"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.partner_confirmed_at is not None
    assert application.answers["partner_consent"] == {"registers": True, "truthful": True}
    assert CaseEvent.objects.filter(kind=application_events.PARTNER_CONFIRMED).count() == 1


def test_partner_personnummer_is_checked_with_luhn(client, alice):
    client.force_login(alice)
    application = start_application(client, this_month())
    bad = alice.personnummer[:-1] + str((int(alice.personnummer[-1]) + 1) % 10)
    response = post_step(
        client,
        application,
        "hushall",
        {
            "has_partner": "yes",
            "partner_personnummer": bad,
            "children_count": "0",
            "other_adults_count": "0",
        },
    )
    assert response.status_code == 400
    assert "kontrollsiffran" in response.content.decode()
    own = post_step(
        client,
        application,
        "hushall",
        {
            "has_partner": "yes",
            "partner_personnummer": alice.personnummer,
            "children_count": "0",
            "other_adults_count": "0",
        },
    )
    assert "inte ditt eget" in own.content.decode()


def test_submitted_application_cannot_be_changed(client, alice):
    client.force_login(alice)
    application = start_application(client, this_month())
    fill_alone(client, application)
    application.refresh_from_db()
    client.post(
        reverse("applications:check", args=[application.pk]), {"version": application.version}
    )
    response = post_step(client, application, "boende", {"housing_type": "rental", "rent": "1"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.answers["housing"]["rent"] == "6500.00"


def test_nothing_changed_never_applies_for_last_months_one_off_needs(client, alice):
    """Issue 11 item 10: a tandvård need in one month is not applied for again by "Nej, inget har
    ändrats"; the check page lists only this month's needs."""
    client.force_login(alice)
    first = start_application(client, this_month())
    fill_alone(client, first)
    first.refresh_from_db()
    answers = dict(first.answers)
    answers["needs"] = {
        "items": [{"type": "dental_care", "amount": "2400.00", "reason": "Tandvärk"}]
    }
    Application.objects.filter(pk=first.pk).update(answers=answers)
    services.application_set_status(
        application=Application.objects.get(pk=first.pk), status=ApplicationStatus.DECIDED
    )
    nm = date.fromordinal(date.fromisoformat(this_month() + "-28").toordinal() + 4).replace(day=1)
    second = start_application(client, f"{nm:%Y-%m}")
    assert second.answers["needs"] == {"items": [], "chosen": [], "answered": False}
    assert to_rules_input(second).get("other_needs", []) == []
    post_step(client, second, "andringar", {"nothing_changed": "no"})
    post_step(client, second, "samtycke", CONSENT)
    page = client.get(reverse("applications:check", args=[second.pk])).content.decode()
    assert "2\u00a0400" not in page and "Tandvärk" not in page


def test_nothing_changed_and_a_ticked_change_at_once_is_refused(client, alice):
    client.force_login(alice)
    first = start_application(client, this_month())
    fill_alone(client, first)
    first.refresh_from_db()
    services.application_set_status(
        application=Application.objects.get(pk=first.pk), status=ApplicationStatus.DECIDED
    )
    nm = date.fromordinal(date.fromisoformat(this_month() + "-28").toordinal() + 4).replace(day=1)
    second = start_application(client, f"{nm:%Y-%m}")
    response = post_step(
        client, second, "andringar", {"nothing_changed": "no", "changed": ["incomes"]}
    )
    assert response.status_code == 400  # the page again, with the message
    assert "inget har ändrats men också valt något" in response.content.decode()
    second.refresh_from_db()
    assert second.answers.get("recurring", {}).get("nothing_changed") is None


def test_a_young_adult_out_of_school_is_told_to_apply_on_their_own_and_can(client, alice, bob):
    """Issue 11 item 2: a child 18–20 who has left school is his or her own household. The
    parent's check page says so and how the young adult applies; the young adult starts an own
    application and names the parent as an adult living in the home (relation "parent")."""
    client.force_login(alice)
    application = start_application(client, this_month())
    month = date.fromisoformat(this_month() + "-01")
    post_step(
        client,
        application,
        "hushall",
        {"has_partner": "no", "children_count": "1", "other_adults_count": "0"},
    )
    response = post_step(
        client,
        application,
        "barn",
        {
            "c1_birth_date": f"{month.year - 19}-01-01",
            "c1_lunch": "yes",
            "c1_lives": "full",
            "c1_incomes": "none",
        },
    )
    assert response["Location"] == step_url(application, "barn-mer")
    response = post_step(client, application, "barn-mer", {"c1_in_school": "no"})
    assert response.status_code == 302
    fill_alone_after_household(client, application)
    page = client.get(reverse("applications:check", args=[application.pk])).content.decode()
    assert "Barn 1 är 18–20 år och går inte i skolan" in page
    assert "eget hushåll och räknas inte i din ansökan" in page
    assert reverse("applications:start") in page
    application.refresh_from_db()
    child = to_rules_input(application)["household"][1]
    assert child["in_school"] is False  # the engine shows it as its own household

    # The young adult (bob) applies on his own, with the parent as an adult in the home.
    client.force_login(bob)
    start = client.get(reverse("applications:start")).content.decode()
    assert "Är du 18–20 år och har slutat skolan? Då söker du själv" in start
    own = start_application(client, this_month())
    assert own.case.applicant_id == bob.pk
    post_step(
        client,
        own,
        "hushall",
        {"has_partner": "no", "children_count": "0", "other_adults_count": "1"},
    )
    response = post_step(
        client,
        own,
        "andra-vuxna",
        {"o1_birth_date": "1975-04-04", "o1_relation": "parent", "children_in_home": "0"},
    )
    assert response.status_code == 302
    own.refresh_from_db()
    roles = [m["role"] for m in to_rules_input(own)["household"]]
    # The parent belongs to another household in the home (rules 2.0.3, ADR 0235).
    assert roles == ["applicant", "home_member"]


def fill_alone_after_household(client, application) -> None:
    from .helpers import ASSETS, HOUSING, INCOME_SOURCES, INCOMES, NEEDS, PAYMENT, WORK

    for slug, data in [
        ("boende", HOUSING),
        ("inkomster", INCOME_SOURCES),
        ("inkomstbelopp", INCOMES),
        ("tillgangar", ASSETS),
        ("sysselsattning", WORK),
        ("behov", NEEDS),
        ("utbetalning", PAYMENT),
        ("samtycke", CONSENT),
    ]:
        response = post_step(client, application, slug, data)
        assert response.status_code == 302, (slug, response.content.decode()[:3000])


def test_days_with_the_other_parent_are_asked_only_for_a_child_living_here_with_umgange(
    client, alice
):
    """Issue 11 item 8: a child who lives here and has umgänge with the other parent; the days
    are asked on the follow-up page for that child only, reach the engine and the check page."""
    client.force_login(alice)
    application = start_application(client, this_month())
    post_step(
        client,
        application,
        "hushall",
        {"has_partner": "no", "children_count": "2", "other_adults_count": "0"},
    )
    month = date.fromisoformat(this_month() + "-01")
    response = post_step(
        client,
        application,
        "barn",
        {
            "c1_birth_date": f"{month.year - 3}-05-01",
            "c1_lunch": "yes",
            "c1_lives": "full",
            "c1_incomes": "none",
            "c2_birth_date": f"{month.year - 9}-05-01",
            "c2_lunch": "yes",
            "c2_lives": "main_umgange",
            "c2_incomes": "none",
        },
    )
    assert response["Location"] == step_url(application, "barn-mer")
    page = client.get(step_url(application, "barn-mer")).content.decode()
    assert "c2_other_parent_days" in page and "c1_other_parent_days" not in page
    assert "c2_umgange_days" not in page
    bad = post_step(client, application, "barn-mer", {"c2_other_parent_days": "40"})
    assert bad.status_code == 400
    assert "En månad har högst 31 dagar." in bad.content.decode()
    assert 'value="40"' in bad.content.decode()  # nothing typed is lost
    response = post_step(client, application, "barn-mer", {"c2_other_parent_days": "8"})
    assert response.status_code == 302
    application.refresh_from_db()
    household = to_rules_input(application)["household"]
    assert household[2]["days_with_other_parent"] == 8
    assert "umgange_days" not in household[2]
    assert "days_with_other_parent" not in household[1]
    check = client.get(reverse("applications:check", args=[application.pk]))
    assert check.status_code == 200  # the check page lists the answer as the citizen gave it
    assert "hos sin andra förälder 8 dagar i månaden" in check.content.decode()


def test_no_follow_up_page_for_children_who_only_live_here(client, alice):
    client.force_login(alice)
    application = start_application(client, this_month())
    post_step(
        client,
        application,
        "hushall",
        {"has_partner": "no", "children_count": "1", "other_adults_count": "0"},
    )
    month = date.fromisoformat(this_month() + "-01")
    response = post_step(
        client,
        application,
        "barn",
        {
            "c1_birth_date": f"{month.year - 5}-05-01",
            "c1_lunch": "yes",
            "c1_lives": "full",
            "c1_incomes": "none",
        },
    )
    assert response["Location"] != step_url(application, "barn-mer")


def test_changes_page_shows_only_what_came_over_from_last_application(client, alice):
    """Found walking the demo: under "Så här svarade du i förra ansökan" the changes page listed
    consent and declaration rows, which this application has not answered (they are given afresh
    on the last page) and last month's needs as "Inga". Only carried-over answers are shown."""
    client.force_login(alice)
    first = start_application(client, this_month())
    fill_alone(client, first)
    first.refresh_from_db()
    client.post(reverse("applications:check", args=[first.pk]), {"version": first.version})
    nm = date.fromordinal(date.fromisoformat(this_month() + "-28").toordinal() + 4).replace(day=1)
    second = start_application(client, f"{nm:%Y-%m}")
    text = client.get(step_url(second, "andringar")).content.decode()
    assert "6\u00a0500\u00a0kr" in text  # carried over: shown
    assert "Vi får hämta uppgifter från andra myndigheter" not in text
    assert "Du intygar att uppgifterna stämmer" not in text
    assert "Samtycke och intygande svarar du på i varje ansökan" in text
    # After the consent page is answered, going back shows no consent rows either: the
    # changes page is about last month, the check page shows this application's answers.
    post_step(client, second, "andringar", {"nothing_changed": "no"})
    post_step(client, second, "samtycke", CONSENT)
    text = client.get(step_url(second, "andringar")).content.decode()
    assert "Vi får hämta uppgifter från andra myndigheter" not in text
    check = client.get(reverse("applications:check", args=[second.pk])).content.decode()
    assert "Vi får hämta uppgifter från andra myndigheter" in check


def test_consent_page_speaks_to_the_citizen_as_du_throughout(client, alice):
    """Klarspråk: one form of address. The consent text said "den ni söker för" once."""
    client.force_login(alice)
    application = start_application(client, this_month())
    fill_alone(client, application)
    html = client.get(step_url(application, "samtycke")).content.decode()
    main = re.sub(r"<[^>]+>", " ", html.split("<main", 1)[1].split("</main>", 1)[0])
    assert "den du söker för" in main
    assert not re.search(r"\b(ni|er|ert|era)\b", main, re.IGNORECASE)
