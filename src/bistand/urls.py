from django.urls import include, path
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

urlpatterns = [
    # Django's language switch, POST only (the form in the page header).
    path("i18n/setlang/", require_POST(set_language), name="set_language"),
    path("", include("bistand.accounts.urls")),
    path("", include("bistand.core.urls")),
    path("", include("bistand.applications.urls")),
    path("", include("bistand.decisions.urls")),
    path("", include("bistand.payments.urls")),
    path("", include("bistand.casework.urls")),
    path("", include("bistand.planning.urls")),
    path("", include("bistand.followup.urls")),
    path("", include("bistand.appeals.urls")),
    path("", include("bistand.messaging.urls")),
    path("", include("bistand.audit.urls")),
    path("", include("bistand.privacy.urls")),
    path("", include("bistand.personakt.urls")),
    path("", include("bistand.governance.urls")),
]

# The 500 page in the site layout (Swedish/English), plain HTML if the layout cannot render.
handler500 = "bistand.core.errors.server_error"
