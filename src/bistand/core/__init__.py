"""Shared web shell: base templates, start page, health endpoint, language switch."""
