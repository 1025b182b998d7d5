from django.conf import settings
from django.http import HttpRequest


def service(request: HttpRequest) -> dict[str, object]:
    """Values every page needs: the municipality's name and whether demo logins are shown."""
    return {
        "municipality_name": settings.MUNICIPALITY_NAME,
        "demo_login": settings.DEMO_LOGIN,
        "environment": settings.ENVIRONMENT,
    }
