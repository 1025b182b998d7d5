"""The messaging tests use the appeals tests' households and staff (tests/factories.py)."""

from tests.appeals.conftest import alice, alice_decision, bob, eko  # noqa: F401  (fixtures)
