"""Reads from followup: the only way other apps and views fetch its data."""
