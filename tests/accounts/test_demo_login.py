"""The demo login: there outside production, absent when switched off."""

import pytest

from bistand.accounts.models import Role
from bistand.accounts.services import user_get_or_create_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_citizen():
    return user_get_or_create_demo(
        username="demo-invanare-1", role=Role.CITIZEN, display_name="Demo Invånare"
    )


def test_demo_login_is_not_found_when_switched_off(client, settings, demo_citizen):
    settings.DEMO_LOGIN = False
    assert client.get("/logga-in/demo/").status_code == 404
    assert client.post("/logga-in/demo/", {"user": demo_citizen.pk}).status_code == 404


def test_demo_login_logs_in_the_chosen_user_and_logout_logs_out(client, settings, demo_citizen):
    settings.DEMO_LOGIN = True
    page = client.get("/logga-in/demo/")
    assert "Logga in som Demo Invånare" in page.content.decode()
    response = client.post("/logga-in/demo/", {"user": demo_citizen.pk, "next": "/om-tjansten/"})
    assert response.status_code == 302
    assert response["Location"] == "/om-tjansten/"
    assert client.session["_auth_user_id"] == str(demo_citizen.pk)
    client.post("/logga-ut/")
    assert "_auth_user_id" not in client.session


def test_demo_login_refuses_unknown_user_and_foreign_redirect(client, settings, demo_citizen):
    settings.DEMO_LOGIN = True
    response = client.post("/logga-in/demo/", {"user": "999999"})
    assert response.status_code == 400
    assert "Välj en av demoanvändarna" in response.content.decode()
    response = client.post(
        "/logga-in/demo/", {"user": demo_citizen.pk, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_demo_users_have_no_usable_password(demo_citizen):
    assert not demo_citizen.has_usable_password()
