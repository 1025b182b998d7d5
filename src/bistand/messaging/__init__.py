"""Secure two-way messages between a citizen and the unit, and the satisfaction question."""
