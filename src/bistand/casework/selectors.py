"""Reads from casework: the only way other apps and views fetch its data."""
