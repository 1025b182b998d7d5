"""Security headers on every response, a strict CSP that the templates keep, no admin site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from bistand.core.middleware import content_security_policy

SRC = Path(__file__).resolve().parents[2] / "src" / "bistand"

# Templates allowed to carry inline CSS, and why. Nothing else may: the CSP would block it.
INLINE_STYLE_ALLOWED = {
    # Rendered to PDF by WeasyPrint (print CSS with @page), never served to a browser as is.
    "decisions/templates/decisions/letter.html",
    # The anmälan av delegationsbeslut, rendered to PDF in the same way.
    "governance/templates/governance/report_document.html",
    # The återkrav decision's own letter, rendered to PDF in the same way.
    "payments/templates/payments/recovery_letter.html",
    # The nödprövning's own letter, rendered to PDF in the same way.
    "decisions/templates/decisions/emergency_letter.html",
    # The print batch (address sheets and letters), one PDF for the print-and-mail service.
    "decisions/templates/decisions/print_batch.html",
    # The receipt's PDF copy ("Spara kvittot som PDF"); the HTML receipt is a normal page.
    "applications/templates/applications/receipt_document.html",
}


def directives(policy: str) -> dict[str, str]:
    return {
        part.strip().split(" ", 1)[0]: part.strip().split(" ", 1)[1]
        for part in policy.split(";")
        if part.strip()
    }


@pytest.mark.parametrize("path", ["/", "/om-tjansten/", "/logga-in/", "/finns-inte/"])
def test_every_response_carries_the_security_headers(client, db, path):
    response = client.get(path)
    csp = directives(response["Content-Security-Policy"])
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'"
    assert csp["style-src"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["base-uri"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_the_policy_cannot_be_loosened_to_inline_by_accident():
    assert "'unsafe-inline'" not in content_security_policy()


def templates() -> list[Path]:
    return sorted(SRC.rglob("templates/**/*.html"))


def test_no_template_has_inline_script_or_style():
    """Inline <script>, event handler attributes, style= and <style> would be blocked by the
    CSP in the browser: scripts and CSS go in static files."""
    offenders = []
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
    handler = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
    style = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)
    for path in templates():
        relative = str(path.relative_to(SRC))
        text = path.read_text(encoding="utf-8")
        if inline_script.search(text):
            offenders.append(f"{relative}: inline <script>")
        if handler.search(text):
            offenders.append(f"{relative}: on…= event handler attribute")
        if style.search(text) and relative not in INLINE_STYLE_ALLOWED:
            offenders.append(f"{relative}: inline style")
    assert len(templates()) > 10
    assert not offenders, "\n".join(offenders)


def test_no_admin_site(client, db):
    assert "django.contrib.admin" not in settings.INSTALLED_APPS
    assert client.get("/admin/").status_code == 404


def test_request_id_and_headers_also_on_errors(client, db):
    response = client.post(reverse("core:health"))  # GET only: 405
    assert response.status_code == 405
    assert response["X-Request-ID"]
    assert response["Content-Security-Policy"]
