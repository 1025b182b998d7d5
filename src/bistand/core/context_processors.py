from django.conf import settings
from django.http import HttpRequest

from .navigation import staff_links_for


def service(request: HttpRequest) -> dict[str, object]:
    """Values every page needs: the municipality's name, the unit's contact details (from the
    municipality configuration directory) and whether demo logins are shown."""
    user = getattr(request, "user", None)
    role = getattr(user, "role", "") if user is not None and user.is_authenticated else ""
    return {
        "staff_links": staff_links_for(role) if role and role != "citizen" else [],
        "municipality_name": settings.MUNICIPALITY_NAME,
        "unit_contact": _unit_contact(),
        "demo_login": settings.DEMO_LOGIN,
        "environment": settings.ENVIRONMENT,
    }


def _unit_contact() -> dict[str, object]:
    """The unit's phone, e-mail, addresses and hours as configured in ``municipality.yaml``."""
    municipality = settings.MUNICIPALITY
    contact = municipality.contact
    return {
        "unit": f"{municipality.name}, {municipality.unit}",
        "phone": contact.phone,
        # The tel: link without spaces or dashes, with the national prefix as written.
        "phone_href": "".join(ch for ch in contact.phone if ch.isdigit() or ch == "+"),
        "email": contact.email,
        "address": list(contact.address),
        "visiting_address": contact.visiting_address,
        "opening_hours": list(contact.opening_hours),
        "telephone_hours": list(contact.telephone_hours),
    }
