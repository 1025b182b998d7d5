from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("logga-in/demo/", views.demo_login, name="demo_login"),
    path("logga-ut/", views.logout_view, name="logout"),
]
