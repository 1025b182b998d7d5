"""No personnummer and no name in the log output of real flows (issue 8, privacy).

Two citizens apply online, the decision pipeline's job runs for both (registers fetched from the
simulator, calculation, decision or queue), each opens Min sida and downloads their data, a
granskare searches the access log for one of them, and gallring runs. Every log record of every
logger at DEBUG level is captured, both as the code emitted it and as the production handler
writes it (JSON, redacted), and both are searched for the citizens' personnummer, in every
written form, and their names."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bistand.privacy.services import gallring_run
from bistand.synthetic import personnummer as pnr
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def written_forms(number: str) -> set[str]:
    """19912417-1234 → also 199124171234, 912417-1234 and 9124171234."""
    twelve = number.replace("-", "")
    ten = pnr.to_ten_digit(number).replace("-", "").replace("+", "")
    return {number, twelve, ten, f"{ten[:6]}-{ten[6:]}"}


def test_flows_log_no_personnummer_and_no_name(captured_logs, two_households, granskare):
    alice, bob = two_households
    for household in (alice, bob):
        assert household.client.get(reverse("applications:min_sida")).status_code == 200
        assert household.client.get(reverse("privacy:my_data_json")).status_code == 200
    staff = Client()
    staff.force_login(granskare)
    today = timezone.localdate().isoformat()
    response = staff.post(
        reverse("audit:access_log_search"),
        {"subject": alice.citizen.personnummer, "period_start": today, "period_end": today},
    )
    assert response.status_code == 200
    gallring_run(today=timezone.localdate())

    # The pipeline really ran: a decision or a place in the queue for each application.
    statuses = {h.application.status for h in (alice, bob)}
    assert statuses <= {"decided", "in_queue"}, statuses

    production = captured_logs.production_text()
    lines = [line for line in production.splitlines() if line.strip()]
    assert len(lines) >= 10, "the flows should have logged requests and jobs"
    for line in lines:
        json.loads(line)  # one JSON object per line
    raw = captured_logs.raw_text()
    secrets = set()
    for household in (alice, bob):
        secrets |= written_forms(household.citizen.personnummer)
        secrets.add(household.citizen.display_name)
    print(f"\n{len(lines)} log lines, {len(captured_logs.raw)} records; {len(secrets)} strings")
    for secret in sorted(secrets):
        assert secret not in production, f"{secret!r} in the production log output"
        assert secret not in raw, f"{secret!r} logged by the code (before redaction)"


def test_the_scan_would_catch_a_personnummer_or_name_logged_by_code(db, captured_logs):
    import logging
    from datetime import date

    carol = factories.citizen("carol", seed=3, born=date(1986, 1, 28))
    logging.getLogger("bistand.example").warning(
        "careless line %s %s", carol.personnummer, carol.display_name
    )
    assert carol.personnummer in captured_logs.raw_text()
    assert carol.display_name in captured_logs.raw_text()
    # Redaction keeps the personnummer out of the written output; the name needs the code.
    assert carol.personnummer not in captured_logs.production_text()
    assert "[personnummer]" in captured_logs.production_text()
