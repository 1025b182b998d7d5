"""Kinds of case event the casework app records (declared in the registry, cases/events.py)."""

from django.utils.translation import gettext_lazy as _

from bistand.cases.events import event_kind

COMPLETION_REQUESTED = event_kind("completion_requested", _("Vi behöver fler uppgifter från dig"))
KOMMUNICERING_SENT = event_kind(
    "kommunicering_sent", _("Vi vill att du yttrar dig innan vi beslutar")
)
KOMMUNICERING_REPLIED = event_kind("kommunicering_replied", _("Du svarade på kommuniceringen"))
FACTS_CORRECTED = event_kind("facts_corrected", _("Handläggaren rättade uppgifter i ansökan"))
