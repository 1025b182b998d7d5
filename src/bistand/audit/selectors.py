"""Reads from audit: the only way other apps and views fetch its data."""
