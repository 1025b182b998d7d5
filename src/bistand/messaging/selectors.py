"""Reads in messaging."""
