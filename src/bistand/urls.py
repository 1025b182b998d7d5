from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
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
    path("", include("bistand.governance.urls")),
]
