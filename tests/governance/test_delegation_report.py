"""Item 10: anmälan av delegationsbeslut (KL 6 kap. 40 §, 7 kap. 8 §): a monthly report per
delegate, the automated decision function included, as PDF/UA and CSV, marked when presented."""

from __future__ import annotations

import contextlib
import csv
import io
import re
import zlib
from datetime import date

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from bistand.accounts.models import Role, User
from bistand.cases.models import Case
from bistand.decisions.models import Decision
from bistand.governance import reports
from bistand.governance.models import DelegationReportPresentation
from tests.decisions.conftest import process, recurring_application

pytestmark = pytest.mark.django_db


def this_month() -> date:
    return timezone.localdate().replace(day=1)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pdf_text(pdf: bytes) -> bytes:
    """The PDF with every compressed stream inflated, each stream cut by its /Length (a long
    report has binary streams that a search for "endstream" would cut short)."""
    parts = [pdf]
    for match in re.finditer(rb"/Length (\d+)(?:[^>]|>(?!>))*>>\s*stream\r?\n", pdf):
        body = pdf[match.end() : match.end() + int(match.group(1))]
        with contextlib.suppress(zlib.error):
            parts.append(zlib.decompress(body))
    return b"\n".join(parts)


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_the_report_is_generated_from_the_demo_data():
    call_command("demo_data")
    month = this_month()
    decisions = Decision.objects.filter(decided_at__date__gte=month)
    assert decisions.exists()
    found = reports.delegation_reports(month=month)

    # One report per delegate, together covering every decision made this month exactly once:
    # the month's decisions, and the nödprövningar, återkrav and eftergifter (by persons).
    start, end = reports.month_bounds(month)
    others = reports.delegated_decisions_other(start=start, end=end)
    assert {o["kind"] for o in others} == {"Nödprövning", "Återkrav", "Eftergift"}
    assert sum(len(r.rows) for r in found) == decisions.count() + len(others)
    by_delegate = {r.key: r for r in found}
    ordinary = {"Beslut", "Ändrat beslut"}
    for user_id in set(decisions.values_list("decided_by_id", flat=True)):
        key = reports.delegate_key_for(user_id)
        expected = decisions.filter(decided_by_id=user_id)
        numbers = sorted(
            Case.objects.filter(pk__in=expected.values("case_id")).values_list("number", flat=True)
        )
        rows = [row for row in by_delegate[key].rows if row.kind in ordinary]
        assert sorted({row.case_number for row in rows}) == numbers
        assert len(rows) == expected.count()
    for other in others:
        key = reports.delegate_key_for(other["decided_by"].pk)
        assert other["kind"] in {row.kind for row in by_delegate[key].rows}

    # The nämnd's public version: case numbers, never the citizen's name or personnummer.
    citizens = User.objects.filter(role=Role.CITIZEN).exclude(display_name="")
    for report in found:
        document = reports.report_csv(report) + reports.report_html(report)
        for citizen in citizens:
            assert not citizen.personnummer or citizen.personnummer not in document
            assert citizen.display_name not in document
        rows = _csv_rows(reports.report_csv(report))
        assert rows[0] == reports.CSV_HEADER
        assert len(rows) == len(report.rows) + 1
        assert {row[1] for row in rows[1:]} == {r.case_number for r in report.rows}

        pdf = reports.report_pdf(report)
        assert pdf.startswith(b"%PDF-")
        text = pdf_text(pdf)
        assert b"/StructTreeRoot" in text, report.label
        assert b"pdfuaid:part" in text
        assert b"/Lang (sv)" in text

    # Read as the nämnd's jurist would: the automated function never refuses, and every
    # decision names a point of the delegationsordning in force on its day (issue 12 item 9).
    from datetime import timedelta

    from bistand.core.delegation import delegation_in_force

    checked = 0
    for shown in (month, (month - timedelta(days=1)).replace(day=1)):
        robot = {r.key: r for r in reports.delegation_reports(month=shown)}.get("automated")
        if robot is None:
            continue
        checked += len(robot.rows)
        assert robot.counts["Avslås"] == robot.counts["Beviljas delvis"] == 0
        for row in robot.rows:
            assert row.delegation_reference.startswith(
                delegation_in_force(row.decided_on).reference
            )
    assert checked > 0


@pytest.mark.usefixtures("registers_settings")
def test_the_automated_function_has_its_own_report_with_counts(citizen, worker):
    application = recurring_application(citizen, worker)
    assert process(application) == "done"
    decision = Decision.objects.get(application_id=application.pk)
    assert decision.automated

    found = {r.key: r for r in reports.delegation_reports(month=this_month())}
    robot = found[reports.AUTOMATED_KEY]
    assert robot.label == "Automatiserad beslutsfunktion"
    assert "KL 6 kap. 37 §" in robot.role
    assert [row.case_number for row in robot.rows] == [application.case.number]
    assert robot.counts == {"Beviljas": 1, "Beviljas delvis": 0, "Avslås": 0}
    assert robot.references == [(decision.delegation_reference, 1)]
    # The case worker's decision of last month's application was also made this month.
    human = found[f"user-{worker.pk}"]
    assert human.label == "Eva Ekonom" and human.role == "Ekonomisekreterare"
    # Listed first: the nämnd reads the robot's report before the people's.
    assert reports.delegation_reports(month=this_month())[0].key == reports.AUTOMATED_KEY


@pytest.mark.usefixtures("registers_settings")
def test_pages_documents_and_marking_as_presented(citizen, worker, manager, reviewer):
    application = recurring_application(citizen, worker)
    process(application)
    month = f"{this_month():%Y-%m}"
    client = _client(manager)
    page = client.get(f"/styrning/delegationsbeslut/?month={month}").content.decode()
    assert "Automatiserad beslutsfunktion" in page and "Eva Ekonom" in page
    assert application.case.number in page

    pdf = client.get(f"/styrning/delegationsbeslut/{month}/automated.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    csv_response = client.get(f"/styrning/delegationsbeslut/{month}/automated.csv")
    assert "attachment" in csv_response["Content-Disposition"]
    assert _csv_rows(csv_response.content.decode())[1][1] == application.case.number

    # The granskare reads but cannot mark; a bad date is refused at the field.
    present = f"/styrning/delegationsbeslut/{month}/automated/anmald/"
    assert _client(reviewer).post(present, {"decided_on": "2026-11-18"}).status_code == 403
    bad = client.post(present, {"decided_on": "18/11", "reference": "Socialnämnden § 150"})
    assert bad.status_code == 400 and "Skriv datumet som ÅÅÅÅ-MM-DD" in bad.content.decode()

    response = client.post(
        present, {"decided_on": f"{timezone.localdate():%Y-%m-%d}", "reference": "SN § 150"}
    )
    assert response.status_code == 302
    marked = DelegationReportPresentation.objects.get()
    assert (marked.delegate_key, marked.decision_count, marked.reference) == (
        "automated",
        1,
        "SN § 150",
    )
    assert marked.registered_by == manager
    report = reports.delegation_report(month=this_month(), key="automated")
    assert report is not None and report.presentation == marked
    assert f"{timezone.localdate():%Y-%m-%d}, SN § 150" in reports.report_html(report)
    # Marked once; a second marking changes nothing.
    client.post(present, {"decided_on": "2026-01-01", "reference": "SN § 1"})
    assert DelegationReportPresentation.objects.get().reference == "SN § 150"
    # The documents as presented are kept: what the nämnd got does not change afterwards,
    # whatever happens to the data or the configuration (KL 6 kap. 40 §, 13 kap. 5 §).
    assert f"{timezone.localdate():%Y-%m-%d}, SN § 150" in marked.document_html or (
        f"{timezone.localdate():%Y-%m-%d}, SN § 150"
        in DelegationReportPresentation.objects.get().document_html
    )
    kept = DelegationReportPresentation.objects.get()
    assert len(kept.document_sha256) == 64 and application.case.number in kept.document_csv
    from django.conf import settings

    renamed = settings.MUNICIPALITY_NAME
    settings.MUNICIPALITY_NAME = "Nya Sammanslagna kommunen"
    try:
        report = reports.delegation_report(month=this_month(), key="automated")
        assert report is not None
        assert "Nya Sammanslagna" not in reports.presented_html(report)
        assert renamed in reports.presented_html(report)
        csv_again = client.get(f"/styrning/delegationsbeslut/{month}/automated.csv")
        assert csv_again.content.decode() == kept.document_csv
    finally:
        settings.MUNICIPALITY_NAME = renamed


def test_an_unknown_delegate_or_month_is_not_found(manager):
    client = _client(manager)
    assert client.get("/styrning/delegationsbeslut/2026-11/user-999999.pdf").status_code == 404
    assert client.get("/styrning/delegationsbeslut/2026-13/automated.csv").status_code == 404


def test_a_bad_month_gets_a_swedish_message(manager):
    response = _client(manager).get("/styrning/delegationsbeslut/?month=november")
    assert response.status_code == 400
    assert "Skriv månaden som ÅÅÅÅ-MM" in response.content.decode()


def test_decisions_with_bistand_utover_are_marked_as_laglighetsprovbara(worker):
    """KL 6 kap. 40 §: a decision that can be tried on laglighetsprövning (13 kap.) and is not
    reported "ska protokollföras särskilt"; bistånd utöver (SoL 2025:400 12 kap. 2 §) is one.
    The nämnd sees which decisions are, in the PDF and in the CSV."""
    from decimal import Decimal

    from bistand.decisions.legal import legal_basis
    from bistand.decisions.services import UTOVER, Post
    from tests import factories

    month = this_month()
    basis = legal_basis(month)

    def post(name: str, source: str, utover: bool) -> Post:
        return Post(
            post=name,
            label="Tandvård" if utover else "Försörjningsstöd",
            applied=Decimal("3400.00"),
            granted=Decimal("3400.00"),
            reason="Bedömt av handläggaren.",
            legal_source=source,
            basis=UTOVER if utover else "",
        )

    plain = factories.decision(
        applicant=factories.citizen(),
        month=month,
        decided_by=worker,
        posts=[post("forsorjningsstod", basis.forsorjningsstod, False)],
    )
    mixed = factories.decision(
        applicant=factories.citizen(),
        month=month,
        decided_by=worker,
        posts=[
            post("forsorjningsstod", basis.forsorjningsstod, False),
            post("utover_n1", basis.utover, True),
        ],
    )
    report = reports.delegation_report(month=month, key=f"user-{worker.pk}")
    assert report is not None
    numbers = {d.pk: Case.objects.get(pk=d.case_id).number for d in (plain, mixed)}
    rows = {r[1]: r for r in _csv_rows(reports.report_csv(report))[1:]}
    assert rows[numbers[mixed.pk]][-1] == "Ja, bistånd utöver"
    assert rows[numbers[plain.pk]][-1] == ""
    assert report.laglighetsprovning_count == 1
    html = reports.report_html(report)
    assert "1 av besluten gäller bistånd utöver" in html
    assert "ska protokollföras särskilt (6 kap. 40 § kommunallagen)" in html


def test_a_report_without_bistand_utover_has_no_laglighetsprovning_column(worker):
    from tests import factories

    factories.decision(applicant=factories.citizen(), month=this_month(), decided_by=worker)
    report = reports.delegation_report(month=this_month(), key=f"user-{worker.pk}")
    assert report is not None and report.laglighetsprovning_count == 0
    assert "Laglighets" not in reports.report_html(report)
