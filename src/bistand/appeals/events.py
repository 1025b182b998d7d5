"""Kinds of case event the appeals app records (declared in the registry, cases/events.py)."""

from django.utils.translation import gettext_lazy as _

from bistand.cases.events import event_kind

APPEAL_RECEIVED = event_kind("appeal_received", _("Ditt överklagande kom in"))
