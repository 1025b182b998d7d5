"""A child's own incomes, one thing per page (issue 15 item 2): the children's page asks whether
each child has own incomes and which; a page of the child's own asks the amounts of those only
(server-side, so it works without JavaScript). Answers saved before read as before, and the
rules input is the same for the same facts."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from bistand.applications.answers import Answers, rules_input_from_answers
from bistand.applications.models import Application
from bistand.applications.steps import missing_steps, summary_steps

from .helpers import (
    ASSETS,
    CONSENT,
    HOUSING,
    INCOME_SOURCES,
    INCOMES,
    NEEDS,
    PAYMENT,
    WORK,
    post_step,
    start_application,
    step_url,
)

pytestmark = pytest.mark.django_db


def this_month() -> str:
    return f"{timezone.localdate():%Y-%m}"


def _month() -> date:
    return date.fromisoformat(this_month() + "-01")


def _two_children(client, alice, *, c1: list[str], c2: list[str]) -> Application:
    client.force_login(alice)
    application = start_application(client, this_month())
    post_step(
        client,
        application,
        "hushall",
        {"has_partner": "no", "children_count": "2", "other_adults_count": "0"},
    )
    month = _month()
    response = post_step(
        client,
        application,
        "barn",
        {
            "c1_birth_date": f"{month.year - 4}-05-01",
            "c1_lunch": "yes",
            "c1_lives": "full",
            "c1_incomes": c1,
            "c2_birth_date": f"{month.year - 15}-05-01",
            "c2_lunch": "yes",
            "c2_lives": "full",
            "c2_incomes": c2,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return application


def _amount_inputs(html: str) -> list[str]:
    names = re.findall(r'<input type="text" name="(c\d_[a-z_]+)"', html)
    return [n for n in names if not n.endswith("_birth_date")]


def _rest(client, application) -> None:
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
        assert post_step(client, application, slug, data).status_code == 302, slug


def test_the_children_page_asks_which_incomes_not_the_amounts(client, alice):
    application = _two_children(client, alice, c1=["none"], c2=["none"])
    html = client.get(step_url(application, "barn")).content.decode()
    assert "Barn 1: har barnet egna inkomster den här månaden?" in html
    assert "Nej, barnet har inga egna inkomster" in html
    assert "Svara bara" not in html and "Lämna tomt om barnet inte har den" not in html
    assert _amount_inputs(html) == []
    # No child with own incomes: no page of amounts.
    assert client.get(step_url(application, "barn-inkomster-1")).status_code == 302


def test_only_the_incomes_chosen_are_asked_on_the_childs_own_page(client, alice):
    application = _two_children(client, alice, c1=["none"], c2=["pension", "salary"])
    application.refresh_from_db()
    # Straight to the page of the child with incomes (child 1 has none).
    url = step_url(application, "barn-inkomster-2")
    html = client.get(url).content.decode()
    assert "<h1>Barn 2: egna inkomster</h1>" in html
    assert _amount_inputs(html) == ["c2_pension", "c2_salary"]
    assert "Hur mycket barnpension får barnet?" in html
    assert "Hur mycket lön får barnet, efter skatt?" in html
    assert "underhållsstöd" not in html.split("<h1>")[1].split("</form>")[0].lower()
    # Back goes to the children's page.
    assert f'class="back-link" href="{step_url(application, "barn")}"' in html
    response = post_step(client, application, "barn-inkomster-2", {"c2_pension": "1 500,50",
        "c2_salary": "800"})  # fmt: skip
    assert response["Location"] == step_url(application, "boende")
    application.refresh_from_db()
    child = application.answers["children"]["items"][1]
    assert child["income_sources"] == ["pension", "salary"]
    assert child["own_incomes"] == {"pension": "1500.50", "salary": "800.00"}
    assert application.answers["children"]["items"][0]["income_sources"] == []


def test_the_amounts_page_comes_after_the_follow_ups_about_the_children(client, alice):
    client.force_login(alice)
    application = start_application(client, this_month())
    post_step(client, application, "hushall",
              {"has_partner": "no", "children_count": "1", "other_adults_count": "0"})  # fmt: skip
    month = _month()
    response = post_step(client, application, "barn", {
        "c1_birth_date": f"{month.year - 8}-05-01", "c1_lunch": "yes", "c1_lives": "umgange",
        "c1_incomes": ["maintenance_support"]})  # fmt: skip
    assert response["Location"] == step_url(application, "barn-mer")
    response = post_step(client, application, "barn-mer", {"c1_umgange_days": "10"})
    assert response["Location"] == step_url(application, "barn-inkomster-1")
    html = client.get(response["Location"]).content.decode()
    assert f'class="back-link" href="{step_url(application, "barn-mer")}"' in html


def test_bad_or_missing_amount_gets_a_swedish_message_at_the_field_and_keeps_the_text(
    client, alice
):
    application = _two_children(client, alice, c1=["maintenance_support"], c2=["none"])
    bad = post_step(client, application, "barn-inkomster-1", {"c1_maintenance_support": "12x"})
    html = bad.content.decode()
    assert bad.status_code == 400
    assert 'value="12x"' in html
    assert 'href="#id_c1_maintenance_support"' in html  # the error summary links to the field
    assert 'id="id_c1_maintenance_support_error"' in html
    assert "Beloppet har fel format" in html
    empty = post_step(client, application, "barn-inkomster-1", {"c1_maintenance_support": ""})
    assert empty.status_code == 400
    assert "Skriv beloppet. Om barnet inte har den inkomsten" in empty.content.decode()
    application.refresh_from_db()
    assert application.answers["children"]["items"][0]["own_incomes"] == {}


def test_no_and_an_income_at_once_is_refused_and_nothing_chosen_is_an_error(client, alice):
    client.force_login(alice)
    application = start_application(client, this_month())
    post_step(client, application, "hushall",
              {"has_partner": "no", "children_count": "1", "other_adults_count": "0"})  # fmt: skip
    base = {"c1_birth_date": f"{_month().year - 4}-05-01", "c1_lunch": "yes", "c1_lives": "full"}
    both = post_step(client, application, "barn", {**base, "c1_incomes": ["pension", "none"]})
    assert both.status_code == 400
    assert "Du har valt både inkomster och Nej" in both.content.decode()
    nothing = post_step(client, application, "barn", base)
    assert nothing.status_code == 400
    assert "Svara om barnet har egna inkomster" in nothing.content.decode()
    assert 'value="2' in nothing.content.decode() or base["c1_birth_date"] in (
        nothing.content.decode()
    )


def test_save_later_on_the_amounts_page_keeps_what_was_typed(client, alice):
    application = _two_children(client, alice, c1=["salary"], c2=["none"])
    response = post_step(
        client, application, "barn-inkomster-1", {"c1_salary": "mycket", "spara": "senare"}
    )
    assert response["Location"] == reverse("applications:min_sida")
    application.refresh_from_db()
    assert application.typed_pages["child_incomes_1"] == {"c1_salary": ["mycket"]}
    html = client.get(step_url(application, "barn-inkomster-1")).content.decode()
    assert 'value="mycket"' in html and "Det här skrev du när du sparade förra gången" in html
    # Valid: saved, and the kept text is gone.
    post_step(client, application, "barn-inkomster-1", {"c1_salary": "1 200", "spara": "senare"})
    application.refresh_from_db()
    assert "child_incomes_1" not in (application.typed_pages or {})
    assert application.answers["children"]["items"][0]["own_incomes"] == {"salary": "1200.00"}


def test_change_links_from_the_check_page_land_on_the_childs_page_and_come_back(client, alice):
    application = _two_children(client, alice, c1=["none"], c2=["pension"])
    post_step(client, application, "barn-inkomster-2", {"c2_pension": "1 000"})
    _rest(client, application)
    check_url = reverse("applications:check", args=[application.pk])
    html = client.get(check_url).content.decode()
    assert 'id="section-barn-inkomster-2"' in html
    assert f'href="{step_url(application, "barn-inkomster-2")}?fran=kontroll"' in html
    assert "Barnpension" in html and "1\u00a0000\u00a0kr" in html
    assert "inga egna inkomster" in html and "egna inkomster: barnpension" in html
    # Changing the amount from the check page: back to the check page.
    page = client.get(step_url(application, "barn-inkomster-2") + "?fran=kontroll")
    assert f'class="back-link" href="{check_url}"' in page.content.decode()
    response = post_step(client, application, "barn-inkomster-2", {"c2_pension": "1 100"},
                         QUERY_STRING="fran=kontroll")  # fmt: skip
    assert response["Location"] == check_url
    # Child 1 gets an income from the check page: its page is asked, then the check page.
    month = _month()
    response = post_step(client, application, "barn", {
        "c1_birth_date": f"{month.year - 4}-05-01", "c1_lunch": "yes", "c1_lives": "full",
        "c1_incomes": ["maintenance_support"],
        "c2_birth_date": f"{month.year - 15}-05-01", "c2_lunch": "yes", "c2_lives": "full",
        "c2_incomes": ["pension"]}, QUERY_STRING="fran=kontroll")  # fmt: skip
    assert response["Location"] == step_url(application, "barn-inkomster-1") + "?fran=kontroll"
    refused = client.post(check_url, {"version": "0"})
    assert refused.status_code == 400 and "#section-barn-inkomster-1" in refused.content.decode()
    response = post_step(
        client,
        application,
        "barn-inkomster-1",
        {"c1_maintenance_support": "1 673"},
        QUERY_STRING="fran=kontroll",
    )
    assert response["Location"] == check_url
    # The amount of child 2's pension was kept when the children's page was saved again.
    application.refresh_from_db()
    assert application.answers["children"]["items"][1]["own_incomes"] == {"pension": "1100.00"}


def test_an_income_no_longer_chosen_drops_its_amount(client, alice):
    application = _two_children(client, alice, c1=["pension", "salary"], c2=["none"])
    post_step(client, application, "barn-inkomster-1", {"c1_pension": "900", "c1_salary": "500"})
    month = _month()
    post_step(client, application, "barn", {
        "c1_birth_date": f"{month.year - 4}-05-01", "c1_lunch": "yes", "c1_lives": "full",
        "c1_incomes": ["salary"],
        "c2_birth_date": f"{month.year - 15}-05-01", "c2_lunch": "yes", "c2_lives": "full",
        "c2_incomes": ["none"]})  # fmt: skip
    application.refresh_from_db()
    assert application.answers["children"]["items"][0]["own_incomes"] == {"salary": "500.00"}
    html = client.get(step_url(application, "barn-inkomster-1")).content.decode()
    assert _amount_inputs(html) == ["c1_salary"] and 'value="500"' in html


# --- Answers saved before the question had pages of its own -----------------------------------

OLD = {
    "household": {"has_partner": False, "children_count": 2, "other_adults_count": 0},
    "children": {
        "items": [
            {"birth_date": "2019-04-17", "lunch_at_school": True, "lives_here": "full",
             "own_incomes": {"pension": "1200.00", "maintenance_support": "1673.00"}},
            {"birth_date": "2015-02-01", "lunch_at_school": True, "lives_here": "full",
             "own_incomes": {}},
        ]
    },
}  # fmt: skip


def test_old_answers_read_as_the_incomes_with_an_amount():
    answers = Answers.from_json(OLD)
    assert answers.children.items[0].chosen_incomes == ["pension", "maintenance_support"]
    assert answers.children.items[1].chosen_incomes == []
    steps = summary_steps(answers)
    assert "barn-inkomster-1" in steps and "barn-inkomster-2" not in steps
    # Nothing is missing: the old page asked the same facts.
    missing = missing_steps(answers, OLD)
    assert "barn" not in missing and "barn-inkomster-1" not in missing
    # Stored again unchanged (no income_sources added to what was saved).
    assert "income_sources" not in answers.children.to_json()["items"][0]


def test_an_old_draft_shows_its_choices_and_amounts(client, alice):
    client.force_login(alice)
    application = start_application(client, this_month())
    Application.objects.filter(pk=application.pk).update(answers=OLD)
    html = client.get(step_url(application, "barn")).content.decode()
    for value in ("pension", "maintenance_support"):
        assert re.search(rf'<input[^>]*name="c1_incomes"[^>]*value="{value}"[^>]*checked', html)
    assert re.search(r'<input[^>]*name="c2_incomes"[^>]*value="none"[^>]*checked', html)
    html = client.get(step_url(application, "barn-inkomster-1")).content.decode()
    assert 'value="1200"' in html and 'value="1673"' in html


def _new_shape(old: dict) -> dict:
    items = []
    for child in old["children"]["items"]:
        chosen = [t for t in ("pension", "maintenance_support", "salary")
                  if t in child["own_incomes"]]  # fmt: skip
        items.append({**child, "income_sources": chosen})
    return {**old, "children": {"items": items}}


AMOUNT = st.one_of(st.none(), st.integers(min_value=1, max_value=2_000_000).map(
    lambda ore: f"{ore // 100}.{ore % 100:02d}"))  # fmt: skip


@settings(deadline=None)
@given(st.lists(st.tuples(AMOUNT, AMOUNT, AMOUNT), min_size=1, max_size=4))
def test_the_rules_input_is_the_same_for_the_same_facts_in_either_shape(children):
    old = {
        "household": {"has_partner": False, "children_count": len(children),
                      "other_adults_count": 0},
        "children": {"items": [
            {"birth_date": "2016-03-01", "lunch_at_school": True, "lives_here": "full",
             "own_incomes": {t: v for t, v in zip(("pension", "maintenance_support", "salary"),
                                                   amounts, strict=True) if v is not None}}
            for amounts in children
        ]},
    }  # fmt: skip
    kwargs = {"month": date(2026, 12, 1), "applicant_personnummer": None}
    assert rules_input_from_answers(_new_shape(old), **kwargs) == rules_input_from_answers(
        old, **kwargs
    )
