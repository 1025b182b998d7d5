from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "governance"
urlpatterns: list[URLPattern | URLResolver] = [
    path("styrning/", views.overview, name="overview"),
    path("styrning/regelversioner/", views.rules, name="rules"),
]
