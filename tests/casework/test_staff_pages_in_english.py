"""Staff pages in English (found walking the demo): the routing reasons on the queue and the case
page, the filter's reason names and the income names in the comparison were Swedish on an
English page. They are marked for the catalogue and translated at display; what stays Swedish
(the rules engine's calculation lines, stored with the decision) says so with lang="sv".
Follow-up and the stored rows keep Swedish."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from bistand.appeals import services as appeal_services
from bistand.applications import services as application_services
from bistand.core.format import month_in_reader_language
from bistand.decisions import reasons
from bistand.decisions.triage import REASON_TEXTS
from bistand.messaging import services as messaging_services
from bistand.rules.income_types import INCOME_LABELS
from tests import factories
from tests.core.test_translations_complete import parse_po
from tests.factories import client_for

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "bistand"

# The English words come from the catalogue once docs/changes/polish.en.po is folded in; until
# then (and whatever they become) the test gives them here.
ENGLISH = {
    "Nyansökan: en handläggare prövar alltid en första ansökan.": "New application (test).",
    "Inkomsterna i ansökan skiljer sig från uppgifterna hos myndigheterna.": "Incomes differ (t).",
    "Nyansökan": "New application (label, test)",
    "Lön": "Salary (test)",
}


@pytest.fixture
def english(monkeypatch, settings):
    from django.utils.translation import trans_real

    catalog = trans_real.translation("en")._catalog._catalogs[0]
    for msgid, msgstr in ENGLISH.items():
        monkeypatch.setitem(catalog, msgid, msgstr)
    return settings.LANGUAGE_COOKIE_NAME


def test_the_queue_and_the_case_page_give_the_reasons_in_english(eva, routed, english):
    client = client_for(eva)
    client.cookies[english] = "en"
    queue = client.get(reverse("casework:queue")).content.decode()
    assert "New application (test)." in queue and "Incomes differ (t)." in queue
    assert "Nyansökan: en handläggare" not in queue
    # The reason filter names the reason in English.
    assert re.search(r'<option value="new_application"[^>]*>New application \(label', queue)

    case = client.get(reverse("casework:case", args=[routed.pk])).content.decode()
    assert "New application (test)." in case and "Nyansökan: en handläggare" not in case
    compare = case.split('id="compare-title"', 1)[1].split("</table>", 1)[0]
    assert "Salary (test)" in compare and ">Lön<" not in compare
    # The calculation lines are the rules engine's Swedish text: marked as Swedish.
    assert re.search(r'<td lang="sv">[^<]*[åäöÅÄÖ]', case)


def test_in_swedish_nothing_changes(eva, routed):
    html = client_for(eva).get(reverse("casework:case", args=[routed.pk])).content.decode()
    assert "Nyansökan: en handläggare prövar alltid en första ansökan." in html
    assert reasons.merged([{"code": "income_mismatch", "text": "x (salary)"}]) == [
        {
            "code": "income_mismatch",
            "label": "Inkomster skiljer sig från myndigheternas",
            "text": REASON_TEXTS["income_mismatch"] + " (lön)",
        }
    ]


def test_every_reason_and_income_name_is_marked_for_the_catalogue(tmp_path):
    """makemessages finds every label, sentence and detail word, and every income type's label
    (the rules package has no Django: `reasons.INCOME_LABEL_MSGIDS` lists them)."""
    assert set(reasons.INCOME_LABEL_MSGIDS) == set(INCOME_LABELS.values())
    root = tmp_path / "bistand"
    for name in ("decisions/reasons.py", "decisions/triage.py"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PACKAGE / name, root / name)
    locale = root / "locale"
    locale.mkdir()
    cwd = os.getcwd()
    try:
        os.chdir(root)
        with override_settings(LOCALE_PATHS=[locale]):
            call_command("makemessages", locale=["xx"], keep_pot=True, verbosity=0)
    finally:
        os.chdir(cwd)
    extracted = {e.msgid for e in parse_po((locale / "django.pot").read_text(encoding="utf-8"))}
    wanted = {
        *reasons.REASON_LABELS.values(),
        *REASON_TEXTS.values(),
        *reasons.EXTRA_TEXTS.values(),
        *INCOME_LABELS.values(),
        *(w for k, w in reasons.DETAIL_LABELS.items() if w != INCOME_LABELS.get(k, "").lower()),
    }
    assert wanted - extracted == set()


QUEUE_ENGLISH = {
    "Meddelande": "Message (t)",
    "Meddelande från den enskilde väntar på svar": "Message waiting (t)",
    "Den enskilde har skrivit och väntar på svar från enheten.": "Wrote to the unit (t).",
    "Komplettering": "Supplement (t)",
    "Komplettering till ansökan för %(month)s": "Supplement for %(month)s (t)",
    "Den sökande har lagt till uppgifter i ansökan efter att den skickades.": "Added info (t).",
    "Överklagande": "Appeal (t)",
    "Överklagande av beslut %(date)s": "Appeal of decision %(date)s (t)",
    "Rättidsprövning behövs.": "Check timeliness (t).",
}


def test_items_from_other_apps_come_in_the_staff_members_language(
    eva, routed, citizen, monkeypatch, settings
):
    """Walking the queue in English: messages, kompletteringar and appeals (the items other apps
    add to the queue) had Swedish labels, titles and reasons. They are now marked for the
    catalogue; the month is the reader's ("December 2026"), the date stays ISO."""
    from django.utils.translation import trans_real

    catalog = trans_real.translation("en")._catalog._catalogs[0]
    for msgid, msgstr in QUEUE_ENGLISH.items():
        monkeypatch.setitem(catalog, msgid, msgstr)

    messaging_services.thread_start(case=routed.case, by=citizen, subject="Hyra", body="Höjd.")
    application_services.supplement_add(application=routed, by=citizen, text="Ny inkomst.")
    decision = factories.decision(applicant=citizen, decided_at=timezone.now())
    appeal_services.appeal_submit(decision=decision, by=citizen, wanted_change="x", reasons="y")

    client = client_for(eva)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    queue = client.get(reverse("casework:queue")).content.decode()
    with translation.override("en"):
        month = month_in_reader_language(routed.month)
    for english in (
        "Message (t)",
        "Message waiting (t)",
        "Wrote to the unit (t).",
        "Supplement (t)",
        f"Supplement for {month} (t)",
        "Added info (t).",
        "Appeal (t)",
        f"Appeal of decision {timezone.localtime(decision.decided_at):%Y-%m-%d} (t)",
        "Check timeliness (t).",
    ):
        assert english in queue, english
    for swedish in ("väntar på svar", "Komplettering till ansökan", "Överklagande av beslut"):
        assert swedish not in queue, swedish

    # In Swedish the same items read as before.
    swedish_queue = client_for(eva).get(reverse("casework:queue")).content.decode()
    assert "Meddelande från den enskilde väntar på svar" in swedish_queue
    assert "Komplettering till ansökan för" in swedish_queue
    assert "Överklagande av beslut" in swedish_queue
