"""No citizen-facing string is untranslated in English or Arabic (issue 15 item 9).

Citizen-facing means the source files a citizen's pages are built from, listed in
``CITIZEN_FACING`` below: the applications app, the public core pages and base layout, the
citizen login, every Min sida panel, messages for citizens, the decision summary and letter page,
the citizen's appeal pages, meeting booking and "Dina uppgifter hos oss". The strings are found
from the source as it is now, not from the catalogues: Django's ``makemessages`` extracts them from
a copy of exactly those files into a temporary folder. Each must then be in the English and the
Arabic catalogue, translated, not fuzzy, with its placeholders kept, and compiled into the .mo.

Staff pages may stay Swedish in Arabic (the catalogue leaves them empty, so Swedish is shown);
in English the whole catalogue is complete (tests/core/test_translations_complete.py).
"""

from __future__ import annotations

import gettext
import os
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from .test_translations_complete import Entry, parse_po

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "bistand"
LOCALE = PACKAGE / "locale"
LANGUAGES = ("en", "ar")

# Glob patterns relative to src/bistand.
CITIZEN_FACING = (
    "settings.py",  # the language names on the language buttons
    # The way in and the base layout, error pages, session notices, formats, shared form texts.
    "core/*.py",
    "core/templates/**/*.html",
    # Logging in as a citizen.
    "accounts/oidc.py",
    "accounts/views.py",
    "accounts/templates/accounts/login.html",
    "accounts/templates/accounts/oidc_unavailable.html",
    "accounts/templates/accounts/demo_login.html",  # the demo's stand-in for the e-ID login
    # The application: start, every step, check page, receipt, Min sida, komplettering, withdrawal.
    "applications/*.py",
    "applications/templates/**/*.html",
    # The case's status and history as the citizen sees them on Min sida.
    "cases/models.py",
    # Every Min sida panel, and the case history it shows (each app's event kinds).
    "*/minsida.py",
    "*/events.py",
    "appeals/templates/appeals/_minsida_panel.html",
    "appeals/templates/appeals/_decision_list.html",
    "casework/templates/casework/minsida_*.html",
    "decisions/templates/decisions/minsida/*.html",
    "messaging/templates/messaging/_minsida_panel.html",
    "messaging/templates/messaging/_satisfaction_panel.html",
    "payments/templates/payments/minsida_panel.html",
    "payments/templates/payments/citizen_post_check.html",  # stickprov: the citizen's upload
    "payments/forms.py",
    "payments/views.py",
    "planning/templates/planning/panel_*.html",
    "planning/templates/planning/_plan.html",
    "privacy/templates/privacy/_minsida_panel.html",
    # A decision: its outcome, the summary in the citizen's language, the letter page around the
    # Swedish letter.
    "decisions/models.py",
    "decisions/summary.py",
    "decisions/templates/decisions/_summary.html",
    "decisions/templates/decisions/letter_page.html",
    "decisions/templates/decisions/standalone_letter_page.html",
    "decisions/views.py",  # what the citizen is told after choosing how to get decisions
    # Messages for citizens (the staff list is staff-only).
    "messaging/forms.py",
    "messaging/views.py",
    "messaging/models.py",
    "messaging/templates/messaging/_contact.html",
    "messaging/templates/messaging/_satisfaction_form.html",
    "messaging/templates/messaging/_thread_list.html",
    "messaging/templates/messaging/index.html",
    "messaging/templates/messaging/new.html",
    "messaging/templates/messaging/satisfaction.html",
    "messaging/templates/messaging/thread.html",
    # The citizen's appeal and "let a person review it", meeting booking, her own data (the
    # forms and views modules hold the citizen's forms and notices beside the staff ones).
    "appeals/forms.py",
    "appeals/views.py",
    "appeals/templates/appeals/_decision.html",
    "appeals/templates/appeals/index.html",
    "appeals/templates/appeals/_review_form.html",
    "appeals/templates/appeals/new.html",
    "appeals/templates/appeals/detail.html",
    "appeals/templates/appeals/review_new.html",
    "appeals/templates/appeals/review_detail.html",
    "planning/templates/planning/citizen_book.html",
    "planning/templates/planning/_head.html",
    "planning/templates/planning/_error_summary.html",
    "planning/views.py",
    "privacy/views.py",
    "privacy/templates/privacy/my_data.html",
)

_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def citizen_files() -> list[Path]:
    found: set[Path] = set()
    for pattern in CITIZEN_FACING:
        matches = [path for path in PACKAGE.glob(pattern) if path.is_file()]
        assert matches, f"CITIZEN_FACING pattern {pattern!r} matches no file: update the list"
        found.update(matches)
    return sorted(found)


@pytest.fixture(scope="module")
def citizen_strings(tmp_path_factory: pytest.TempPathFactory) -> list[Entry]:
    """The msgids in the citizen-facing files, extracted by makemessages from the source."""
    root = tmp_path_factory.mktemp("citizen-source")
    for path in citizen_files():
        target = root / "bistand" / path.relative_to(PACKAGE)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    locale = root / "bistand" / "locale"
    locale.mkdir()
    cwd = os.getcwd()
    try:
        os.chdir(root / "bistand")
        with override_settings(LOCALE_PATHS=[locale]):
            call_command("makemessages", locale=["xx"], keep_pot=True, verbosity=0)
    finally:
        os.chdir(cwd)
    entries = parse_po((locale / "django.pot").read_text(encoding="utf-8"))
    return [entry for entry in entries if entry.msgid != ""]


def _key(entry: Entry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


@pytest.fixture(scope="module")
def catalogues() -> dict[str, dict[tuple[str | None, str], Entry]]:
    result = {}
    for language in LANGUAGES:
        po = LOCALE / language / "LC_MESSAGES" / "django.po"
        entries = parse_po(po.read_text(encoding="utf-8"))
        result[language] = {_key(entry): entry for entry in entries if entry.msgid != ""}
    return result


def test_the_citizen_facing_files_are_found_and_hold_many_strings(citizen_strings):
    assert len(citizen_strings) > 300
    msgids = {entry.msgid for entry in citizen_strings}
    # A few that must be there: the start page, a step, Min sida, a message, a decision.
    for text in (
        "Ansök om ekonomiskt bistånd",
        "Min sida",
        "Beviljas",
        "Sammanfattning av beslutet",
    ):
        assert text in msgids


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_citizen_facing_string_is_translated(citizen_strings, catalogues, language):
    catalogue = catalogues[language]
    problems = []
    for wanted in citizen_strings:
        entry = catalogue.get(_key(wanted))
        if entry is None:
            problems.append(f"not in the catalogue (run makemessages): {wanted.msgid[:70]!r}")
        elif "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.label}")
        elif not entry.msgstr or any(not text for text in entry.msgstr.values()):
            problems.append(f"untranslated: {entry.label}")
    assert not problems, f"Citizen-facing strings not done in {language!r}:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_citizen_translations_keep_placeholders_and_are_compiled(
    citizen_strings, catalogues, language
):
    with (LOCALE / language / "LC_MESSAGES" / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    problems = []
    for wanted in citizen_strings:
        entry = catalogues[language].get(_key(wanted))
        if entry is None:
            continue  # reported by the test above
        placeholders = set(_PLACEHOLDER.findall(entry.msgid + (entry.msgid_plural or "")))
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        for index, text in entry.msgstr.items():
            if (
                "python-format" in entry.flags
                and not set(_PLACEHOLDER.findall(text)) <= placeholders
            ):
                problems.append(f"placeholder not in the Swedish string: {entry.label} [{index}]")
            looked_up = compiled.get(key if entry.msgid_plural is None else (key, index))
            if text and looked_up != text:
                problems.append(f".mo out of date (run compilemessages): {entry.label}")
    assert not problems, "\n".join(problems)


def test_the_arabic_catalogue_has_arabic_plural_forms():
    header = (LOCALE / "ar" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert '"Language: ar\\n"' in header
    assert "nplurals=6;" in header
