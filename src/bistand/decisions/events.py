"""Kinds of case event the decisions app records (declared in the registry, cases/events.py)."""

from django.utils.translation import gettext_lazy as _

from bistand.cases.events import event_kind

REGISTERS_FETCHED = event_kind(
    "registers_fetched", _("Vi hämtade uppgifter från andra myndigheter")
)
CALCULATED = event_kind("calculated", _("Vi räknade ut ditt bistånd"))
ROUTED_TO_QUEUE = event_kind("routed_to_queue", _("En handläggare tittar på din ansökan"))
DECIDED = event_kind("decided", _("Beslut fattat"))
EMERGENCY_DECIDED = event_kind("emergency_decided", _("Beslut efter nödprövning"))
