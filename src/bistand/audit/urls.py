from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("granskning/atkomstlogg/", views.access_log_search, name="access_log_search"),
]
