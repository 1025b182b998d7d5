"""Kinds of case event the payments app records (declared in the registry, cases/events.py)."""

from django.utils.translation import gettext_lazy as _

from bistand.cases.events import event_kind

PAID = event_kind("paid", _("Pengarna är utbetalda"))
PAYMENT_RETURNED = event_kind("payment_returned", _("Utbetalningen kom tillbaka"))
POST_CHECK_REQUESTED = event_kind("post_check_requested", _("Stickprov: vi ber dig visa underlag"))
RECOVERY_DECIDED = event_kind("recovery_decided", _("Beslut om återkrav"))
POST_CHECK_DOCUMENTS = event_kind("post_check_documents", _("Stickprov: underlag har kommit in"))
