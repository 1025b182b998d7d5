"""Reads in appeals."""
