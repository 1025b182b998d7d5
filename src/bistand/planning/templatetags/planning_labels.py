"""Swedish labels in staff voice for codes stored in an action plan (never show a code)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def responsible_for_staff(code: str) -> str:
    """Who is responsible for an activity, as staff say it ("citizen" → "Den sökande")."""
    labels = {
        "citizen": _("Den sökande"),
        "worker": _("Handläggaren"),
        "other": _("Annan aktör"),
    }
    return labels.get(code, _("Inte angivet"))
