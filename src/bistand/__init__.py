"""Bistånd: ekonomiskt bistånd (försörjningsstöd) for a Swedish municipality."""

__version__ = "0.1.0"
