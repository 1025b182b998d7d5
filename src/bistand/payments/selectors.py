"""Reads from payments: the only way other apps and views fetch its data."""
