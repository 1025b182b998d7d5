from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("min-sida/mina-uppgifter/", views.my_data, name="my_data"),
    path("min-sida/mina-uppgifter/ladda-ner/", views.my_data_json, name="my_data_json"),
]
