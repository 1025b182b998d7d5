"""Reads from accounts: the only way other apps and views fetch its data."""
