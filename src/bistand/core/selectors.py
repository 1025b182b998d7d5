"""Reads for operations: is the system ready to serve?"""

from __future__ import annotations

from typing import Any

from django.db import connection


def readiness() -> dict[str, Any]:
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:  # readiness reports any failure as "not ready"
        checks["database"] = f"error: {type(exc).__name__}"
    from bistand.jobs.selectors import job_queue_summary

    summary = job_queue_summary() if checks["database"] == "ok" else {}
    status = "ok" if all(v == "ok" for v in checks.values()) else "error"
    return {"status": status, "checks": checks, "jobs": summary}
