"""Reads from decisions: the only way other apps and views fetch its data."""
