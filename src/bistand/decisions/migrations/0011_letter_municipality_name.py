"""Backfill the municipality's name into every stored letter's details, read from the letter
itself (its first line, "<name>, socialnämnden"), so that a later renaming of the municipality
does not change what replay renders (issue 12). Letters whose header cannot be read are left:
they keep reading today's name, as before."""

import html
import re
from typing import Any

from django.db import migrations

HEADER = re.compile(r"<header>\s*<p>(.*?), socialnämnden</p>", re.DOTALL)


def backfill(apps: Any, schema_editor: Any) -> None:
    Decision = apps.get_model("decisions", "Decision")
    for decision in Decision.objects.only("pk", "letter_html", "letter_details").iterator():
        details = dict(decision.letter_details or {})
        if details.get("municipality_name"):
            continue
        found = HEADER.search(decision.letter_html or "")
        if not found:
            continue
        details["municipality_name"] = html.unescape(found.group(1))
        Decision.objects.filter(pk=decision.pk).update(letter_details=details)


class Migration(migrations.Migration):
    dependencies = [("decisions", "0010_letter_format_3")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
