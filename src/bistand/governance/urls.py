from django.urls import URLPattern, URLResolver, path, register_converter

from . import views


class MonthConverter:
    regex = r"[0-9]{4}-[0-9]{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(MonthConverter, "month")

app_name = "governance"
urlpatterns: list[URLPattern | URLResolver] = [
    path("styrning/", views.overview, name="overview"),
    path("styrning/regelversioner/", views.rules, name="rules"),
    path("styrning/delegationsbeslut/", views.delegation_reports, name="delegation_reports"),
    path(
        "styrning/delegationsbeslut/<month:month>/<slug:key>.pdf",
        views.delegation_report_pdf,
        name="delegation_report_pdf",
    ),
    path(
        "styrning/delegationsbeslut/<month:month>/<slug:key>.csv",
        views.delegation_report_csv,
        name="delegation_report_csv",
    ),
    path(
        "styrning/delegationsbeslut/<month:month>/<slug:key>/anmald/",
        views.delegation_report_present,
        name="delegation_report_present",
    ),
]
