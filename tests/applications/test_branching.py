"""Issue 15 item 2: one thing per page where questions branch. A follow-up question has a page of
its own and is asked only when an earlier answer calls for it; the server decides (no
JavaScript needed)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from .helpers import ASSETS, fill_alone, post_step, start_application, step_url

pytestmark = pytest.mark.django_db


def this_month() -> str:
    return f"{timezone.localdate():%Y-%m}"


def amount_inputs(html: str) -> list[str]:
    return re.findall(r'<input type="text" name="(a1_[a-z_]+)"', html)


def test_no_income_skips_the_amounts_page(client, alice):
    client.force_login(alice)
    application = start_application(client, this_month())
    fill_alone(client, application)
    response = post_step(client, application, "inkomster", {"a1_sources": ["none"]})
    assert response["Location"] == step_url(application, "tillgangar")
    application.refresh_from_db()
    assert application.answers["incomes"] == {"a1": {}}
    # The amounts page is not part of this application any more.
    assert client.get(step_url(application, "inkomstbelopp")).status_code == 302
    check = client.get(reverse("applications:check", args=[application.pk])).content.decode()
    assert "Inga inkomster" in check


def test_only_the_chosen_incomes_are_asked_for(client, alice):
    client.force_login(alice)
    application = start_application(client, this_month())
    fill_alone(client, application)
    # The page that asks which incomes has no amount fields at all.
    assert amount_inputs(client.get(step_url(application, "inkomster")).content.decode()) == []
    response = post_step(
        client, application, "inkomster", {"a1_sources": ["salary", "housing_allowance"]}
    )
    assert response["Location"] == step_url(application, "inkomstbelopp")
    page = client.get(step_url(application, "inkomstbelopp")).content.decode()
    assert amount_inputs(page) == ["a1_salary", "a1_housing_allowance"]
    # An income chosen must have its amount.
    missing = post_step(client, application, "inkomstbelopp", {"a1_salary": "2 000"})
    assert missing.status_code == 400
    assert "Skriv beloppet" in missing.content.decode()
    post_step(
        client, application, "inkomstbelopp", {"a1_salary": "2 000", "a1_housing_allowance": "900"}
    )
    application.refresh_from_db()
    assert application.answers["incomes"] == {
        "a1": {"salary": "2000.00", "housing_allowance": "900.00"}
    }
    # Choosing again drops the amount of an income no longer chosen.
    post_step(client, application, "inkomster", {"a1_sources": ["salary"]})
    application.refresh_from_db()
    assert application.answers["incomes"] == {"a1": {"salary": "2000.00"}}


def test_an_income_and_no_income_at_once_is_refused(client, alice):
    client.force_login(alice)
    application = start_application(client, this_month())
    fill_alone(client, application)
    response = post_step(client, application, "inkomster", {"a1_sources": ["salary", "none"]})
    assert response.status_code == 400
    assert "Välj det ena eller det andra" in response.content.decode()


def test_nothing_chosen_is_an_error_not_a_silent_no_income(client, alice):
    client.force_login(alice)
    application = start_application(client, this_month())
    fill_alone(client, application)
    response = post_step(client, application, "inkomster", {})
    assert response.status_code == 400
    assert "Välj inkomsterna, eller Inga inkomster den här månaden." in response.content.decode()


def test_the_vehicle_value_is_asked_only_when_there_is_a_vehicle(client, alice):
    client.force_login(alice)
    application = start_application(client, this_month())
    fill_alone(client, application)
    assets_page = client.get(step_url(application, "tillgangar")).content.decode()
    assert "vehicle_value" not in assets_page and "Svara bara om" not in assets_page
    assert client.get(step_url(application, "fordon")).status_code == 302  # not asked

    response = post_step(client, application, "tillgangar", {**ASSETS, "has_vehicle": "yes"})
    assert response["Location"] == step_url(application, "fordon")
    # Not answered yet: the check page sends the citizen there and refuses to submit.
    check = client.get(reverse("applications:check", args=[application.pk])).content.decode()
    assert "Du har inte svarat på frågorna här än." in check
    assert post_step(client, application, "fordon", {}).status_code == 400
    post_step(client, application, "fordon", {"vehicle_value": "15 000"})
    application.refresh_from_db()
    assert application.answers["assets"]["vehicle_value"] == "15000.00"
    assert application.answers["assets"]["has_vehicle"] is True
    check = client.get(reverse("applications:check", args=[application.pk])).content.decode()
    assert "15\u00a0000\u00a0kr" in check

    # No vehicle any more: the value goes, and so does the page.
    post_step(client, application, "tillgangar", ASSETS)
    application.refresh_from_db()
    assert application.answers["assets"]["vehicle_value"] == "0.00"


def test_answers_saved_before_the_split_still_count(client, alice):
    """A draft saved with the old one-page incomes (no income_sources) is not asked again."""
    client.force_login(alice)
    application = start_application(client, this_month())
    fill_alone(client, application)
    application.refresh_from_db()
    answers = dict(application.answers)
    answers.pop("income_sources")
    type(application).objects.filter(pk=application.pk).update(answers=answers)
    check = client.get(reverse("applications:check", args=[application.pk])).content.decode()
    assert "Du har inte svarat på frågorna här än." not in check
    page = client.get(step_url(application, "inkomster")).content.decode()
    assert re.search(r'<input[^>]*value="salary"[^>]*checked', page)


# --- Needs outside the norm: first which, then a page per chosen need (issue 15 item 2) -------


def need_inputs(html: str) -> list[str]:
    return re.findall(r'name="([a-z_]+_(?:amount|reason))"', html)


def test_no_needs_skips_every_need_page(client, alice):
    client.force_login(alice)
    application = start_application(client, this_month())
    fill_alone(client, application)
    page = client.get(step_url(application, "behov")).content.decode()
    assert need_inputs(page) == []  # the question page asks which, nothing else
    response = post_step(client, application, "behov", {"needs": ["none"]})
    assert response["Location"] == step_url(application, "utbetalning")
    assert client.get(step_url(application, "behov-glasogon")).status_code == 302
    check = client.get(reverse("applications:check", args=[application.pk])).content.decode()
    assert "Inga" in check and "section-behov-glasogon" not in check


def test_only_the_chosen_needs_get_a_page_each(client, alice):
    client.force_login(alice)
    application = start_application(client, this_month())
    fill_alone(client, application)
    response = post_step(client, application, "behov", {"needs": ["glasses", "other"]})
    assert response["Location"] == step_url(application, "behov-glasogon")
    page = client.get(step_url(application, "behov-glasogon")).content.decode()
    assert need_inputs(page) == ["glasses_amount", "glasses_reason"]
    assert "<h1>Glasögon</h1>" in page
    response = post_step(
        client,
        application,
        "behov-glasogon",
        {"glasses_amount": "1 200", "glasses_reason": "Glasögonen gick sönder."},
    )
    assert response["Location"] == step_url(application, "behov-annat")
    # A need chosen must have its amount and reason.
    refused = post_step(
        client, application, "behov-annat", {"other_amount": "", "other_reason": ""}
    )
    assert refused.status_code == 400
    assert "Skriv hur mycket det kostar" in refused.content.decode()
    response = post_step(
        client,
        application,
        "behov-annat",
        {"other_amount": "900", "other_reason": "Flyttstädning när jag flyttar."},
    )
    assert response["Location"] == step_url(application, "utbetalning")
    application.refresh_from_db()
    needs = application.answers["needs"]
    assert needs["chosen"] == ["glasses", "other"]
    assert [(n["type"], n["amount"]) for n in needs["items"]] == [
        ("glasses", "1200.00"),
        ("other", "900.00"),
    ]
    # Choosing again drops the need no longer chosen, and keeps the other's answers.
    post_step(client, application, "behov", {"needs": ["glasses"]})
    application.refresh_from_db()
    assert [n["type"] for n in application.answers["needs"]["items"]] == ["glasses"]
    assert client.get(step_url(application, "behov-annat")).status_code == 302


def test_the_check_page_has_a_section_and_a_change_link_per_need(client, alice):
    client.force_login(alice)
    application = start_application(client, this_month())
    fill_alone(client, application)
    post_step(client, application, "behov", {"needs": ["dental_care"]})
    post_step(
        client,
        application,
        "behov-tandvard",
        {"dental_care_amount": "3 400", "dental_care_reason": "En tand har gått sönder."},
    )
    check_url = reverse("applications:check", args=[application.pk])
    html = client.get(check_url).content.decode()
    assert 'id="section-behov-tandvard"' in html
    assert f'href="{step_url(application, "behov-tandvard")}?fran=kontroll"' in html
    assert "3\u00a0400\u00a0kr" in html and "En tand har gått sönder." in html
    # Choosing one more need from the check page asks its page, then back to the check page.
    response = client.post(
        step_url(application, "behov") + "?fran=kontroll",
        {
            "version": str(application.__class__.objects.get(pk=application.pk).version),
            "needs": ["dental_care", "glasses"],
        },
    )
    assert response["Location"] == step_url(application, "behov-glasogon") + "?fran=kontroll"
    # Until it is answered, the check page says what is missing and refuses to send.
    refused = client.post(check_url, {"version": "0"})
    assert refused.status_code == 400
    assert "#section-behov-glasogon" in refused.content.decode()
    response = post_step(
        client,
        application,
        "behov-glasogon",
        {"glasses_amount": "1 000", "glasses_reason": "Läsglasögon."},
        QUERY_STRING="fran=kontroll",
    )
    assert response["Location"] == check_url


def test_a_need_and_no_need_at_once_is_refused_and_nothing_chosen_is_an_error(client, alice):
    client.force_login(alice)
    application = start_application(client, this_month())
    fill_alone(client, application)
    both = post_step(client, application, "behov", {"needs": ["glasses", "none"]})
    assert both.status_code == 400
    assert "Välj det du behöver hjälp med, eller bara Nej" in both.content.decode()
    nothing = post_step(client, application, "behov", {})
    assert nothing.status_code == 400


def test_only_chosen_needs_reach_the_rules_engine():
    from datetime import date

    from bistand.applications.answers import rules_input_from_answers

    answers = {
        "needs": {
            "chosen": ["glasses"],
            "items": [
                {"type": "glasses", "amount": "1200.00", "reason": "Sönder"},
                {"type": "other", "amount": "500.00", "reason": "Inte vald längre"},
            ],
        }
    }
    result = rules_input_from_answers(answers, month=date(2026, 3, 1), applicant_personnummer=None)
    assert [n["kind"] for n in result["other_needs"]] == ["glasogon"]
    # Answers saved before the question had a page of its own: the needs with an item.
    older = {"needs": {"items": [{"type": "other", "amount": "500.00", "reason": "Flytt"}]}}
    result = rules_input_from_answers(older, month=date(2026, 3, 1), applicant_personnummer=None)
    assert [n["kind"] for n in result["other_needs"]] == ["other"]


def test_a_fortsatt_ansokan_ticks_no_cost_in_advance():
    """Last month's costs are not carried over, and the page does not answer for the citizen:
    a fortsatt ansökan that says the costs changed shows the question with nothing ticked."""
    from datetime import date

    from bistand.applications import answers as a
    from bistand.applications.forms import NeedsForm

    carried = a.carried_over({"needs": {"items": [], "chosen": ["glasses"], "answered": True}})
    form = NeedsForm(answers=a.Answers.from_json(carried), month=date(2026, 3, 1))
    assert form.initial.get("needs") in (None, [])
    saved = NeedsForm(
        {"needs": ["none"]}, answers=a.Answers.from_json(carried), month=date(2026, 3, 1)
    )
    assert saved.is_valid()
    again = NeedsForm(answers=a.Answers.from_json(saved.sections()), month=date(2026, 3, 1))
    assert again.initial["needs"] == ["none"]


def _header(client, application, slug: str) -> str:
    html = client.get(step_url(application, slug)).content.decode()
    caption = re.search(r'<p class="caption">(.*?)</p>', html, re.S)
    assert caption is not None, slug
    return caption.group(1).split(" · ", 1)[1]


def test_the_page_header_counts_parts_and_does_not_jump_when_pages_open(client, alice):
    """Found walking the demo: the header said "Sida 2 av 4" and then "Sida 4 av 6" once the
    household had children: the count of pages grew as answers opened pages. It counts the
    application's parts, which answers do not add to, and names the part."""
    client.force_login(alice)
    application = start_application(client, this_month())
    assert _header(client, application, "hushall") == "Del 1 av 8: Hushållet"
    post_step(
        client,
        application,
        "hushall",
        {"has_partner": "no", "children_count": "2", "other_adults_count": "1"},
    )
    # Two pages opened (the children, another adult): still part 1 of 8.
    assert _header(client, application, "barn") == "Del 1 av 8: Hushållet"
    assert _header(client, application, "andra-vuxna") == "Del 1 av 8: Hushållet"
    assert _header(client, application, "boende") == "Del 2 av 8: Boendet"
    assert _header(client, application, "inkomster") == "Del 3 av 8: Inkomster"
    post_step(client, application, "inkomster", {"a1_sources": ["salary"]})
    assert _header(client, application, "inkomstbelopp") == "Del 3 av 8: Inkomster"
    assert _header(client, application, "samtycke") == "Del 8 av 8: Samtycke"


def test_the_error_summary_says_which_income_and_whose(client, alice, bob):
    """Left by the walk: on the amounts page with a partner, the error summary said "Skriv
    beloppet …" twice without saying whose or which income. Each message now names both; a
    single applicant's names the income."""
    client.force_login(alice)
    application = start_application(client, this_month())
    fill_alone(client, application)
    post_step(client, application, "inkomster", {"a1_sources": ["salary", "housing_allowance"]})
    alone = post_step(client, application, "inkomstbelopp", {"a1_salary": "2 000"})
    assert alone.status_code == 400
    summary = alone.content.decode().split('class="error-summary"')[1].split("</div>")[0]
    assert "Bostadsbidrag: Skriv beloppet" in summary
    assert "Lön (efter skatt):" not in summary  # the salary was given
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
        client, application, "inkomster", {"a1_sources": ["salary"], "p1_sources": ["salary"]}
    )
    both = post_step(client, application, "inkomstbelopp", {})
    assert both.status_code == 400
    summary = both.content.decode().split('class="error-summary"')[1].split("</div>")[0]
    assert "Lön (efter skatt) – Du: Skriv beloppet" in summary
    assert "Lön (efter skatt) – Din sambo, make eller maka: Skriv beloppet" in summary
