"""Meetings within 24 hours, action plans (handlingsplan) and intensive motivational work."""
