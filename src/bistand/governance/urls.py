from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "governance"
urlpatterns: list[URLPattern | URLResolver] = [
    path("styrning/", views.overview, name="overview"),
    path("styrning/regelversioner/", views.rules, name="rules"),
    path("styrning/delegationsbeslut/", views.delegation_reports, name="delegation_reports"),
    path(
        "styrning/delegationsbeslut/<str:month>/<slug:key>.pdf",
        views.delegation_report_pdf,
        name="delegation_report_pdf",
    ),
    path(
        "styrning/delegationsbeslut/<str:month>/<slug:key>.csv",
        views.delegation_report_csv,
        name="delegation_report_csv",
    ),
    path(
        "styrning/delegationsbeslut/<str:month>/<slug:key>/anmald/",
        views.delegation_report_present,
        name="delegation_report_present",
    ),
]
