"""Reads from applications: the only way other apps and views fetch its data."""
