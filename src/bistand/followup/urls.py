from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "followup"
urlpatterns: list[URLPattern | URLResolver] = [
    path("uppfoljning/", views.dashboard, name="dashboard"),
    path("uppfoljning/vad-hander-om/", views.what_if, name="what_if"),
    path("uppfoljning/<slug:slug>.csv", views.table_csv, name="table_csv"),
]
