from django.urls import path

from . import oidc, views

app_name = "accounts"
urlpatterns = [
    path("logga-in/", views.login_choice, name="login"),
    path("logga-in/demo/", views.demo_login, name="demo_login"),
    path("logga-ut/", views.logout_view, name="logout"),
    # OpenID Connect: the e-ID broker for citizens, the staff login for staff. The callback URLs
    # are the redirect URIs to register with each provider.
    path(
        "oidc/medborgare/logga-in/",
        oidc.CitizenAuthenticationRequestView.as_view(),
        name="oidc_citizen_login",
    ),
    path(
        "oidc/medborgare/callback/",
        oidc.CitizenAuthenticationCallbackView.as_view(),
        name="oidc_citizen_callback",
    ),
    path(
        "oidc/personal/logga-in/",
        oidc.StaffAuthenticationRequestView.as_view(),
        name="oidc_staff_login",
    ),
    path(
        "oidc/personal/callback/",
        oidc.StaffAuthenticationCallbackView.as_view(),
        name="oidc_staff_callback",
    ),
]
