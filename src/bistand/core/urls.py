from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.start, name="start"),
    path("om-tjansten/", views.about, name="about"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("health/", views.health, name="health"),
    path("health/ready/", views.ready, name="ready"),
]
