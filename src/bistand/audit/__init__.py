"""Append-only logs: who read or changed what, when and why."""
