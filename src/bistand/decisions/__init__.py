"""Decisions (FL 31 §), the automated decision function and decision letters."""
