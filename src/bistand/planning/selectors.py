"""Reads in planning."""
