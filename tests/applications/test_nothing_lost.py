"""Issue 15 item 3: nothing the citizen typed is lost. "Spara och fortsätt senare" saves the page
(also an unfinished one), a reason without an amount is an error, long text gets a message at the
field instead of being cut, and an error summary takes the focus."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from bistand.applications.models import Application

from .helpers import HOUSEHOLD_ALONE, fill_alone, post_step, start_application, step_url

pytestmark = pytest.mark.django_db

LATER = {"spara": "senare"}


def this_month() -> str:
    return f"{timezone.localdate():%Y-%m}"


def test_save_later_is_a_button_that_saves_a_valid_page(client, alice):
    client.force_login(alice)
    application = start_application(client, this_month())
    page = client.get(step_url(application, "hushall")).content.decode()
    assert 'name="spara" value="senare"' in page
    response = post_step(client, application, "hushall", {**HOUSEHOLD_ALONE, **LATER})
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:min_sida")
    application.refresh_from_db()
    assert application.answers["household"]["has_partner"] is False
    min_sida = client.get(response["Location"]).content.decode()
    assert "Vi har sparat din ansökan" in min_sida


def test_save_later_keeps_an_unfinished_page_and_shows_it_again(client, alice):
    client.force_login(alice)
    application = start_application(client, this_month())
    post_step(client, application, "hushall", HOUSEHOLD_ALONE)
    # Rent typed, the kind of housing not chosen yet: not valid, but nothing may be lost.
    response = post_step(client, application, "boende", {"rent": "6 400", **LATER})
    assert response.status_code == 302
    application.refresh_from_db()
    assert "housing" not in application.answers  # not calculated on
    assert application.typed_pages["housing"]["rent"] == ["6 400"]
    assert "Några svar behöver rättas" in client.get(response["Location"]).content.decode()

    # Coming back: Min sida's link leads to the page, which shows what was typed and the error.
    min_sida = client.get(reverse("applications:min_sida")).content.decode()
    assert step_url(application, "boende") in min_sida
    page = client.get(step_url(application, "boende"))
    text = page.content.decode()
    assert 'value="6 400"' in text
    assert "Det här skrev du när du sparade förra gången" in text
    assert 'class="error-summary"' in text

    # Saving the page properly clears what was kept.
    fill_alone(client, application)
    application.refresh_from_db()
    assert application.typed_pages == {}
    assert application.answers["housing"]["rent"] == "6500.00"


def test_a_reason_without_an_amount_is_an_error_and_is_kept(client, alice):
    client.force_login(alice)
    application = start_application(client, this_month())
    fill_alone(client, application)
    post_step(client, application, "behov", {"needs": ["glasses"]})
    response = post_step(
        client, application, "behov-glasogon", {"glasses_reason": "Mina glasögon gick sönder"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Skriv hur mycket det kostar" in text
    assert "Mina glasögon gick sönder" in text
    assert "autofocus" in text  # the error summary takes the focus
    application.refresh_from_db()
    assert not application.answers["needs"].get("items")


def test_long_text_gets_a_message_with_the_count_and_is_not_cut(client, alice):
    client.force_login(alice)
    application = start_application(client, this_month())
    fill_alone(client, application)
    page = client.get(step_url(application, "tillgangar")).content.decode()
    assert "maxlength" not in page
    assert "0 av högst 1000 tecken." in page
    long_text = "Aktier i ett bolag. " * 60  # 1 200 characters
    response = post_step(
        client,
        application,
        "tillgangar",
        {"bank_balance": "0", "has_vehicle": "no", "other_assets": long_text},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "du har skrivit 1199 tecken. Skriv högst 1000 tecken." in text
    assert long_text.strip() in text
    assert "1200 av högst 1000 tecken." in text  # as typed, like the live count


def test_the_partner_is_spoken_of_not_to(client, alice, bob):
    client.force_login(alice)
    application = start_application(client, this_month())
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
    page = client.get(step_url(application, "sysselsattning")).content.decode()
    assert "Vad gör du just nu?" in page
    assert "Din sambo, make eller maka: vad gör hen just nu?" in page
    assert "hur mycket hen arbetar" in page
    assert "vad gör du eller hen" not in page


def test_kept_typing_is_never_in_the_answers(client, alice):
    client.force_login(alice)
    application = start_application(client, this_month())
    post_step(client, application, "hushall", {"has_partner": "", **LATER})
    application = Application.objects.get(pk=application.pk)
    assert "household" not in application.answers
    assert "household" in application.typed_pages
