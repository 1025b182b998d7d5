"""Issue 15 item 9 / docs/adr/0217: the municipality's own texts that a citizen reads (the unit's
name, opening and telephone hours) may be given per language in municipality.yaml, with the
Swedish required and used wherever no translation is given; letters stay Swedish."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bistand.core.municipality import EXAMPLE_DIR, Localized, load_municipality, problems


def test_a_text_may_be_a_string_or_a_mapping_per_language_with_swedish_as_fallback():
    municipality = load_municipality(EXAMPLE_DIR)
    unit = municipality.unit
    assert isinstance(unit, Localized)
    assert unit == "Försörjningsstödsenheten, socialförvaltningen"  # letters use the Swedish
    assert unit.in_language("en") == "Income support unit, social services department"
    assert unit.in_language("ar").startswith("وحدة")
    assert unit.in_language("fi") == unit  # no Finnish given: the Swedish
    days = municipality.contact.opening_hours[0].days
    assert (days, days.in_language("en")) == ("måndag–torsdag", "Monday–Thursday")
    # A plain string is Swedish in every language.
    assert municipality.name.in_language("ar") == "Exempelkommunen"


def _copy(tmp_path: Path, change) -> Path:
    target = tmp_path / "kommun"
    shutil.copytree(EXAMPLE_DIR, target)
    path = target / "municipality.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return target


def test_the_swedish_is_required_and_language_codes_are_checked(tmp_path):
    def no_swedish(d):
        d["unit"] = {"en": "Income support"}

    def bad_code(d):
        d["contact"]["telephone_hours"][0]["days"] = {"sv": "måndag", "English": "Monday"}

    assert any("unit.sv" in f for f in problems(_copy(tmp_path / "a", no_swedish)))
    assert any(
        "telephone_hours[0].days.English" in f for f in problems(_copy(tmp_path / "b", bad_code))
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "unit", "days"),
    [
        ("sv", "Försörjningsstödsenheten, socialförvaltningen", "måndag–torsdag"),
        ("en", "Income support unit, social services department", "Monday–Thursday"),
        ("ar", "وحدة الإعانة المعيشية، إدارة الخدمات الاجتماعية", "الاثنين–الخميس"),
    ],
)
def test_the_start_page_and_the_accessibility_statement_show_them_in_the_page_language(
    client, settings, language, unit, days
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for url in ("/", "/tillganglighet/"):
        html = client.get(url).content.decode()
        assert unit in html, url
        assert days in html, url
        assert "031-390 06 00" in html  # the phone number is the same in every language
