"""Kinds of case event the applications app records (declared in the registry, cases/events.py)."""

from django.utils.translation import gettext_lazy as _

from bistand.cases.events import event_kind

DRAFT_STARTED = event_kind("draft_started", _("Du började fylla i en ansökan"))
SUBMITTED = event_kind("submitted", _("Ansökan kom in"))
PARTNER_CONFIRMED = event_kind("partner_confirmed", _("Din sambo eller make godkände ansökan"))
WITHDRAWN = event_kind("withdrawn", _("Ansökan återkallades"))
SUPPLEMENT_ADDED = event_kind("supplement_added", _("Du kompletterade ansökan"))
SUPPLEMENT_READ = event_kind("supplement_read", _("Handläggaren har läst din komplettering"))
