from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.html import format_html

from . import session
from .navigation import staff_links_for


def service(request: HttpRequest) -> dict[str, object]:
    """Values every page needs: the municipality's name, the unit's contact details (from the
    municipality configuration directory) and whether demo logins are shown."""
    user = getattr(request, "user", None)
    role = getattr(user, "role", "") if user is not None and user.is_authenticated else ""
    return {
        # A citizen's page says when the session ends and warns before it does (issue 15).
        **(session.notice_context(request) if role == "citizen" else {}),
        "staff_links": staff_links_for(role) if role and role != "citizen" else [],
        "municipality_name": _in_language(settings.MUNICIPALITY_NAME),
        "unit_contact": _unit_contact(),
        "demo_login": settings.DEMO_LOGIN,
        "environment": settings.ENVIRONMENT,
    }


def _in_language(text: object) -> str:
    """A configured text in the page's language (the municipality's translation, else the
    Swedish; core.municipality.Localized, docs/adr/0217)."""
    in_language = getattr(text, "in_language", None)
    return in_language(translation.get_language()) if in_language else str(text)


def _unit_contact() -> dict[str, object]:
    """The unit's phone, e-mail, addresses and hours as configured in ``municipality.yaml``, the
    texts in the page's language where the municipality has translated them."""
    municipality = settings.MUNICIPALITY
    contact = municipality.contact
    return {
        "unit": f"{_in_language(municipality.name)}, {_in_language(municipality.unit)}",
        # Isolated left to right: in an Arabic sentence "031-390 06 00" would otherwise be
        # reordered by the bidi algorithm into "06 390-031 … 00" (ADR 0245).
        "phone": format_html('<bdi dir="ltr">{}</bdi>', contact.phone),
        # The tel: link without spaces or dashes, with the national prefix as written.
        "phone_href": "".join(ch for ch in contact.phone if ch.isdigit() or ch == "+"),
        "email": contact.email,
        "address": list(contact.address),
        "visiting_address": contact.visiting_address,
        "opening_hours": [_hours(h) for h in contact.opening_hours],
        "telephone_hours": [_hours(h) for h in contact.telephone_hours],
    }


def _hours(item: object) -> dict[str, str]:
    return {
        "days": _in_language(getattr(item, "days", "")),
        "hours": _in_language(getattr(item, "hours", "")),
    }
