"""Reads from registers: the only way other apps and views fetch its data."""
