from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("bistand.accounts.urls")),
    path("", include("bistand.core.urls")),
    path("", include("bistand.applications.urls")),
]
