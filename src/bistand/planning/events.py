"""Kinds of case event the planning app records (declared in the registry, cases/events.py)."""

from django.utils.translation import gettext_lazy as _

from bistand.cases.events import event_kind

MEETING_BOOKED = event_kind("meeting_booked", _("Möte bokat"))
ACTION_PLAN_UPDATED = event_kind("action_plan_updated", _("Handlingsplanen uppdaterades"))
