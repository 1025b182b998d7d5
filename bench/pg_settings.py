"""Shared by the benches that clone a template database (pages_bench, pipeline_bench)."""

from __future__ import annotations

from typing import Any


def copy_database_settings(admin: Any, source: str, target: str) -> None:
    """The database's own settings (`ALTER DATABASE … SET`, e.g. `jit = off` of migration core
    0002, ADR 0291) onto the copy: `CREATE DATABASE … TEMPLATE` does not copy them, and the copy's
    migrations are already applied, so without this a clone ran with JIT on."""
    rows = admin.execute(
        "SELECT unnest(setconfig) FROM pg_db_role_setting s JOIN pg_database d "
        "ON d.oid = s.setdatabase WHERE d.datname = %s AND s.setrole = 0",
        [source],
    ).fetchall()
    for (setting,) in rows:
        key, value = setting.split("=", 1)
        admin.execute(f'ALTER DATABASE "{target}" SET "{key}" = \'{value}\'')
