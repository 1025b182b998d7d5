"""Kinds of case event the casework app records (declared in the registry, cases/events.py)."""

from django.utils.translation import gettext_lazy as _

from bistand.cases.events import event_kind

COMPLETION_REQUESTED = event_kind("completion_requested", _("Vi behöver fler uppgifter från dig"))
