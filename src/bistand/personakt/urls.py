from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "personakt"
urlpatterns: list[URLPattern | URLResolver] = [
    path("handlaggning/person/<int:case_id>/", views.person, name="person"),
    path(
        "handlaggning/person/<int:case_id>/folkbokforing/",
        views.folkbokforing_refresh,
        name="folkbokforing_refresh",
    ),
]
