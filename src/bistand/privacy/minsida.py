"""Min sida: "Dina uppgifter hos oss" — download your own data (GDPR art. 15)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from bistand.core.minsida import Panel, page_panel


@page_panel
def my_data_panel(user: Any) -> Panel | None:
    return Panel(
        anchor="mina-uppgifter",
        title=str(_("Dina uppgifter hos oss")),
        template="privacy/_minsida_panel.html",
        order=900,
    )
