"""The demo data: synthetic, the same every time, safe to load twice."""

import pytest
from django.core.management import call_command

from bistand.accounts.models import Role, User
from bistand.synthetic.personnummer import is_synthetic

pytestmark = pytest.mark.django_db


def test_demo_data_is_idempotent_and_covers_every_role(capsys):
    call_command("demo_data")
    first = sorted(User.objects.values_list("username", "display_name", "personnummer"))
    call_command("demo_data")
    assert sorted(User.objects.values_list("username", "display_name", "personnummer")) == first
    assert {u.role for u in User.objects.all()} == set(Role)


def test_demo_citizens_have_only_synthetic_personnummer():
    call_command("demo_data")
    citizens = User.objects.filter(role=Role.CITIZEN)
    assert citizens.count() >= 3
    assert all(is_synthetic(u.personnummer) for u in citizens)


def test_print_logins_names_people_but_never_personnummer(capsys):
    call_command("demo_data")
    call_command("demo_data", "--print-logins")
    out = capsys.readouterr().out
    assert "Ekonomisekreterare" in out
    for pnr in User.objects.exclude(personnummer=None).values_list("personnummer", flat=True):
        assert pnr not in out
