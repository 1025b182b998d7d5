"""The register simulator for the fault tests (a thread on a free port, reset around each test)."""

from tests.registers.conftest import (  # noqa: F401  (fixtures)
    _clean_simulator,
    registers_settings,
)
