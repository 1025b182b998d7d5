"""A case worker decides a need as bistånd utöver (SoL 2025:400 12 kap. 2 §) instead of under the
right (12 kap. 1 §): the post carries that lagrum, the letter tells the parts apart and says how
the utöver part is tried (laglighetsprövning, kommunallagen 13 kap.; ADR 0310)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bistand.decisions.models import Decision
from tests.factories import client_for

from .test_decide import decision_data

pytestmark = pytest.mark.django_db


def test_a_need_granted_as_bistand_utover(eva, routed):
    page = client_for(eva).get(reverse("casework:decide", args=[routed.pk])).content.decode()
    assert "Bistånd utöver rätten (12 kap. 2 §)" in page
    assert "Rätten till bistånd (12 kap. 1 §)" in page
    response = client_for(eva).post(
        reverse("casework:decide", args=[routed.pk]),
        decision_data(routed, need_n1_basis="utover"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    decision = Decision.objects.get(application_id=routed.pk)
    posts = {p["post"]: p for p in decision.posts}
    assert set(posts) == {"forsorjningsstod", "utover_n1"}
    assert posts["utover_n1"]["legal_source"] == "Socialtjänstlagen (2025:400) 12 kap. 2 §"
    assert posts["utover_n1"]["granted"] == "1000.00"
    # Each lagrum once (FL 32 §), as first written: since rules 2.0.8 by the need's own line.
    assert [
        s for s in decision.motivering["legal_sources"] if "12 kap. 2 §" in s and "2025:400" in s
    ] == ["12 kap. 2 § socialtjänstlagen (2025:400)"]
    assert [p["post"] for p in decision.utover_posts] == ["utover_n1"]
    # Decided under the ekonomisekreterare's points for the right (4.1) and for 12 kap. 2 § (4.3).
    assert "punkt 4.1 och 4.3 (" in decision.delegation_reference
    letter = decision.letter_html
    assert "<h3>Det här kan du överklaga: försörjningsstöd</h3>" in letter
    assert "<h3>Det här kan du inte överklaga på det sättet: glasögon</h3>" in letter
    assert "Det är bistånd utöver det du har rätt till enligt lagen." in letter
    # The calculation's result is ekonomiskt bistånd, not försörjningsstöd, and cites 12 kap. 2 §
    # (rules 2.0.8): the försörjningsstöd post is the smaller amount.
    assert "Det ekonomiska biståndet blir" in letter
    assert "Försörjningsstödet blir" not in letter


def test_the_right_stays_the_default(eva, routed):
    response = client_for(eva).post(
        reverse("casework:decide", args=[routed.pk]), decision_data(routed)
    )
    assert response.status_code == 302
    decision = Decision.objects.get(application_id=routed.pk)
    assert not decision.utover_posts
    assert "laglighetsprövning" not in decision.letter_html


def test_the_calculation_line_of_the_utover_need_cites_12_kap_2(eva, routed):
    """The rules engine cites its own rule (12 kap. 1 §) on the need's line; letter format 6
    shows 12 kap. 2 § there for a need decided as bistånd utöver."""
    client_for(eva).post(
        reverse("casework:decide", args=[routed.pk]),
        decision_data(routed, need_n1_basis="utover"),
    )
    letter = Decision.objects.get(application_id=routed.pk).letter_html
    row = next(r for r in letter.split("<tr>") if "beviljas efter prövning" in r)
    assert "12 kap. 2 § socialtjänstlagen (2025:400)" in row
    assert "12 kap. 1 §" not in row


def test_a_need_refused_as_bistand_utover(eva, routed):
    response = client_for(eva).post(
        reverse("casework:decide", args=[routed.pk]),
        decision_data(
            routed,
            need_n1_decision="denied",
            need_n1_amount="",
            need_n1_basis="utover",
            need_n1_reason="Glasögon ingår i normen; inga skäl för bistånd utöver det.",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    decision = Decision.objects.get(application_id=routed.pk)
    post = next(p for p in decision.posts if p["post"] == "utover_n1")
    assert post["outcome"] == "rejected"
    letter = decision.letter_html
    assert "Du har sökt glasögon utöver det du har rätt till enligt lagen." in letter
    assert "Du har inte rätt till glasögon" not in letter
    assert "Det här avslaget gäller bistånd utöver det du har rätt till enligt lagen." in letter


def test_without_delegation_for_bistand_utover_the_case_worker_is_told_and_nothing_is_lost(
    eva, routed, tmp_path, monkeypatch
):
    """12 kap. 2 § is its own point in the delegationsordning. A case worker whose role has no
    such point gets a Swedish message at the form, what was entered is kept, and no decision is
    made (a decision outside the delegation is made without authority)."""
    import shutil

    import yaml

    from bistand.core.municipality import EXAMPLE_DIR

    document = yaml.safe_load((EXAMPLE_DIR / "delegation.yaml").read_text(encoding="utf-8"))
    for version in document["versions"]:
        points = version["delegates"]["ekonomisekreterare"]["points"]
        version["delegates"]["ekonomisekreterare"]["points"] = [
            p for p in points if p.get("kind") != "utover"
        ]
    target = tmp_path / "kommun"
    shutil.copytree(EXAMPLE_DIR, target)
    (target / "delegation.yaml").write_text(
        yaml.safe_dump(document, allow_unicode=True), encoding="utf-8"
    )
    monkeypatch.setenv("BISTAND_MUNICIPALITY_DIR", str(target))
    data = decision_data(
        routed, need_n1_basis="utover", motivering="Glasögon efter optikerns bedömning."
    )
    response = client_for(eva).post(reverse("casework:decide", args=[routed.pk]), data)
    page = response.content.decode()
    assert response.status_code == 409  # as any decision outside the delegation
    assert "Du har ingen delegation att besluta om bistånd utöver" in page
    assert "Glasögon efter optikerns bedömning." in page
    assert not Decision.objects.filter(application_id=routed.pk).exists()
    # Under the right (12 kap. 1 §) the same case worker decides.
    data["need_n1_basis"] = "right"
    response = client_for(eva).post(reverse("casework:decide", args=[routed.pk]), data)
    assert response.status_code == 302
    assert "punkt 4.1 (" in Decision.objects.get(application_id=routed.pk).delegation_reference
