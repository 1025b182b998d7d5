"""Kinds of case event the messaging app records (declared in the registry, cases/events.py)."""

from django.utils.translation import gettext_lazy as _

from bistand.cases.events import event_kind

MESSAGE = event_kind("message", _("Meddelande"))
