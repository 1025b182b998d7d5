"""Min sida: the citizen's payments in each case, returned payments and stickprov requests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bistand.core.format import citizen_month
from bistand.core.minsida import (
    Panel,
    case_panel,
    case_probe,
    full_history_url,
    newest_last,
    probe,
)

from . import selectors

# The payment's state in the citizen's words (issue 15 item 8): not the desk's "Väntar på
# betalfil" or "I betalfil", which name the bank file rather than what happens to her money.
CITIZEN_STATUS = {
    "held": gettext_lazy("Försenad – vi hör av oss"),
    "ready": gettext_lazy("Planerad"),
    "in_file": gettext_lazy("Skickad till banken"),
    "paid": gettext_lazy("Utbetald"),
    "returned": gettext_lazy("Kom tillbaka"),
}

# The citizen is asked to show the documents within this many days of the request.
POST_CHECK_DAYS = 14


@case_probe("post_checks")
def _post_checks(user_id: int, case_id: int) -> Any:
    return selectors.post_checks_open(case_id=case_id)


@case_panel
def payments_panel(user: Any, case: Any) -> Panel | None:
    orders = list(selectors.payment_orders_for_case(case_id=case.pk).select_related("returned"))
    checks = (
        list(selectors.post_checks_open(case_id=case.pk))
        if probe("post_checks", user_id=user.pk, case_id=case.pk)
        else []
    )
    if not orders and not checks:
        return None
    returned = [o for o in orders if o.status == "returned"]
    # The newest payments (the list is in date order), with a link to all of them.
    listed, hidden = newest_last(orders)
    return Panel(
        anchor="utbetalningar",
        title=_("Utbetalningar"),
        template="payments/minsida_panel.html",
        order=30,
        context={
            "orders": [
                {
                    "payment_date": o.payment_date,
                    "amount": o.amount,
                    "status": CITIZEN_STATUS.get(o.status) or o.get_status_display(),
                    # A rent line goes to the landlord the decision names (ADR 0175).
                    "to": _("Din hyresvärd %(name)s") % {"name": o.creditor_name}
                    if o.kind == "rent"
                    else _("Ditt konto"),
                }
                for o in listed
            ],
            "hidden": hidden,
            "total": len(listed) + hidden,
            "all_url": full_history_url(f"utbetalningar-{case.pk}"),
            "returned": returned,
            "checks": [
                {
                    "pk": c.pk,
                    "month": citizen_month(c.month),
                    "due": (c.requested_at + timedelta(days=POST_CHECK_DAYS)).date(),
                    "sent": selectors.post_check_documents(post_check_id=c.pk).count(),
                }
                for c in checks
            ],
        },
    )
