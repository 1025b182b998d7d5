"""The citizen's language choice (issue 15 item 9, ADR 0195): a plain form, kept for the browser
session only, and right to left for Arabic."""

from __future__ import annotations

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_the_language_buttons_offer_the_other_languages_each_in_its_own_language(client):
    html = client.get("/").content.decode()
    assert 'value="en" lang="en" dir="ltr">In English</button>' in html
    assert 'value="ar" lang="ar" dir="rtl">بالعربية</button>' in html
    assert 'value="sv"' not in html  # already Swedish


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("en", "ltr"), ("sv", "ltr")])
def test_the_choice_is_a_session_cookie_and_sets_lang_and_dir(client, language, direction):
    response = client.post("/i18n/setlang/", {"language": language, "next": "/om-tjansten/"})
    assert response.status_code == 302 and response["Location"] == "/om-tjansten/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == language
    assert not cookie["max-age"] and not cookie["expires"]  # gone when the browser closes
    html = client.get("/om-tjansten/").content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in html


@pytest.mark.parametrize("language", ["ar", "en", "sv"])
def test_staff_pages_are_never_marked_arabic_since_only_the_citizen_pages_are_translated(language):
    """Staff pages exist in Swedish and English only: a case worker whose language is Arabic gets
    the Swedish page marked lang="sv" and left to right, not Swedish text marked Arabic and
    mirrored (WCAG 2.1, 3.1.1)."""
    from bistand.accounts.models import Role
    from tests.factories import client_for, staff

    staff_client = client_for(staff(Role.EKONOMISEKRETERARE, "es-spraket"))
    staff_client.post("/i18n/setlang/", {"language": language, "next": "/"})
    html = staff_client.get("/handlaggning/").content.decode()
    expected = {"ar": ("sv", "ltr"), "en": ("en", "ltr"), "sv": ("sv", "ltr")}[language]
    assert f'<html lang="{expected[0]}" dir="{expected[1]}">' in html
    # The citizen's choice of Arabic still works on the same machine for a citizen.
    citizen_html = client_for(None)
    citizen_html.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    assert '<html lang="ar" dir="rtl">' in citizen_html.get("/").content.decode()
