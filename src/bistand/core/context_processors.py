from django.conf import settings
from django.http import HttpRequest

from .navigation import staff_links_for


def service(request: HttpRequest) -> dict[str, object]:
    """Values every page needs: the municipality's name and whether demo logins are shown."""
    user = getattr(request, "user", None)
    role = getattr(user, "role", "") if user is not None and user.is_authenticated else ""
    return {
        "staff_links": staff_links_for(role) if role and role != "citizen" else [],
        "municipality_name": settings.MUNICIPALITY_NAME,
        "demo_login": settings.DEMO_LOGIN,
        "environment": settings.ENVIRONMENT,
    }
