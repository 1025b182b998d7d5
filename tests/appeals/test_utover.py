"""Bistånd utöver (SoL 2025:400 12 kap. 2 §) is not appealed to förvaltningsrätten: socialtjänst-
lagen 35 kap. 1 § does not name it; only laglighetsprövning under kommunallagen 13 kap. (ADR 0310).
Min sida never offers "Överklaga" for a decision of only such posts, and for a mixed decision the
appeal page says which part is appealed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from bistand.accounts.models import Role
from bistand.appeals import services
from bistand.appeals.models import Appeal
from bistand.decisions.legal import legal_basis
from bistand.decisions.services import UTOVER, Post
from tests import factories

pytestmark = pytest.mark.django_db

BASIS = legal_basis(factories.MONTH)


def _posts(*, fs: bool) -> list[Post]:
    posts = [
        Post(
            post="utover_n1",
            label="Tandvård",
            applied=Decimal("3400.00"),
            granted=Decimal("3400.00"),
            reason="Skäl finns.",
            legal_source=BASIS.utover,
            basis=UTOVER,
        )
    ]
    if fs:
        posts.insert(
            0,
            Post(
                post="forsorjningsstod",
                label="Försörjningsstöd",
                applied=Decimal("6000.00"),
                granted=Decimal("5220.00"),
                reason="Beräknat enligt riksnormen.",
                legal_source=BASIS.forsorjningsstod,
            ),
        )
    return posts


@pytest.fixture
def eko(db):
    return factories.staff(Role.EKONOMISEKRETERARE, "eva", display_name="Eva Ekonom")


@pytest.fixture
def only_utover(alice, eko):
    return factories.decision(applicant=alice, decided_by=eko, posts=_posts(fs=False))


@pytest.fixture
def mixed(alice, eko):
    return factories.decision(applicant=alice, decided_by=eko, posts=_posts(fs=True))


def test_a_decision_of_only_bistand_utover_is_not_offered_for_appeal(client, alice, only_utover):
    client.force_login(alice)
    index = client.get(reverse("appeals:index")).content.decode()
    assert "Överklaga beslutet från" not in index
    assert "Sista dag att överklaga" not in index
    assert "Det kan inte överklagas till förvaltningsrätten" in index
    assert "Så begär du laglighetsprövning av beslutet från" in index

    url = reverse("appeals:new", args=[only_utover.pk])
    page = client.get(url).content.decode()
    assert "<h1>Beslutet kan inte överklagas till förvaltningsrätten</h1>" in page
    assert "Socialtjänstlagen (2025:400) 12 kap. 2 §" in page
    assert "Du kan begära laglighetsprövning" in page
    assert "Skriv till förvaltningsrätten, inte till socialnämnden" in page
    assert "<form" not in page.split("<main", 1)[-1].split("</main>")[0]


def test_an_appeal_of_only_bistand_utover_sent_anyway_is_received_and_goes_to_the_court(
    client, alice, eko, only_utover
):
    """Förvaltningslagen 45–46 §§: the nämnd tries only whether an appeal came in on time and
    otherwise hands it to förvaltningsrätten, which decides whether the decision can be appealed.
    So an appeal of a decision of only bistånd utöver is received, not refused (it was refused
    with a 400 before, which kept it from the court)."""
    client.force_login(alice)
    url = reverse("appeals:new", args=[only_utover.pk])
    page = client.get(url).content.decode()
    assert "Om du ändå vill överklaga" in page
    assert "Domstolen avgör om det kan prövas." in page
    assert f'href="{url}?skicka=1"' in page

    form = client.get(url + "?skicka=1").content.decode()
    assert "<form" in form and "Skicka överklagandet" in form
    assert "Förvaltningsrätten avgör om ditt överklagande kan prövas." in form

    response = client.post(url, {"wanted_change": "Beviljas enligt rätten.", "reasons": "Fel."})
    assert response.status_code == 302
    appeal = Appeal.objects.get(decision=only_utover)
    assert appeal.wanted_change == "Beviljas enligt rätten."

    # The case worker is told what the nämnd may do with it.
    client.force_login(eko)
    staff = client.get(reverse("appeals:staff_detail", args=[appeal.pk])).content.decode()
    assert "Nämnden prövar ändå bara om överklagandet kom in i tid" in staff
    assert "(förvaltningslagen 45–46 §§)" in staff


def test_the_letter_page_and_min_sida_say_laglighetsprovning_not_a_last_day(
    client, alice, only_utover
):
    client.force_login(alice)
    page = client.get(reverse("decisions:letter", args=[only_utover.pk])).content.decode()
    box = page.split('class="appeal-box"', 1)[1].split("</section>", 1)[0]
    assert "Om du vill få beslutet prövat" in box
    assert "Det kan inte överklagas till förvaltningsrätten" in box
    assert "Sista dag att överklaga" not in box
    assert reverse("appeals:new", args=[only_utover.pk]) not in page
    minsida = client.get(reverse("applications:min_sida")).content.decode()
    assert "Kan inte överklagas till förvaltningsrätten, bara laglighetsprövas." in minsida
    assert "Överklaga beslutet från" not in minsida


def test_a_mixed_decision_says_which_part_is_appealed(client, alice, mixed):
    client.force_login(alice)
    index = client.get(reverse("appeals:index")).content.decode()
    assert "Överklaga beslutet från" in index
    assert (
        "Du kan överklaga beslutet om försörjningsstöd. Beslutet om tandvård gäller bistånd "
        "utöver det du har rätt till enligt lagen och kan bara laglighetsprövas." in index
    )
    url = reverse("appeals:new", args=[mixed.pk])
    page = client.get(url).content.decode()
    parts = page.split('class="appeal-parts"', 1)[1].split("</section>", 1)[0]
    assert "Du kan överklaga beslutet om försörjningsstöd. Ditt överklagande gäller bara den" in (
        parts
    )
    assert "Beslutet om tandvård gäller bistånd utöver det du har rätt till enligt lagen" in parts
    assert "laglighetsprövning" in parts
    # at the field: what this appeal can change
    assert "Du kan bara överklaga beslutet om försörjningsstöd här." in page
    letter = client.get(reverse("decisions:letter", args=[mixed.pk])).content.decode()
    assert "Sista dag att överklaga" in letter
    assert "Du kan överklaga beslutet om försörjningsstöd. Beslutet om tandvård" in letter

    response = client.post(url, {"wanted_change": "Hela hyran.", "reasons": "Hyran är 6 000 kr."})
    assert response.status_code == 302
    assert Appeal.objects.get().decision_id == mixed.pk


def test_a_decision_without_bistand_utover_is_appealed_as_before(client, alice, alice_decision):
    client.force_login(alice)
    page = client.get(reverse("appeals:new", args=[alice_decision.pk])).content.decode()
    assert "appeal-parts" not in page and "laglighetsprövning" not in page
    assert "Du kan bara överklaga beslutet om" not in page


def test_staff_see_which_part_of_a_mixed_decision_is_appealed(client, alice, mixed, eko):
    appeal = services.appeal_submit(decision=mixed, by=alice, wanted_change="Mer.", reasons="Fel.")
    client.force_login(eko)
    page = client.get(reverse("appeals:staff_detail", args=[appeal.pk])).content.decode()
    assert (
        "Överklagandet gäller beslutet om försörjningsstöd. Beslutet om tandvård är bistånd "
        in (page)
    )
