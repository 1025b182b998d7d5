from django.urls import path

from . import metrics, views

app_name = "core"
urlpatterns = [
    path("", views.start, name="start"),
    path("om-tjansten/", views.about, name="about"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("health/", views.health, name="health"),
    path("health/ready/", views.ready, name="ready"),
    path("metrics/", metrics.metrics, name="metrics"),
    path("utloggad/", views.session_ended, name="session_ended"),
    path("sessionstid/<int:warn>/<int:end>.css", views.session_timer_css, name="session_timer"),
]
