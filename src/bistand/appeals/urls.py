from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "appeals"
urlpatterns: list[URLPattern | URLResolver] = [
    path("overklaga/", views.index, name="index"),
    path("overklaga/beslut/<int:decision_id>/", views.appeal_new, name="new"),
    path("overklaga/<int:appeal_id>/", views.detail, name="detail"),
    path("handlaggning/overklaganden/", views.staff_list, name="staff_list"),
    path("handlaggning/overklaganden/<int:appeal_id>/", views.staff_detail, name="staff_detail"),
    path("provning/beslut/<int:decision_id>/", views.review_new, name="review_new"),
    path("provning/<int:review_id>/", views.review_detail, name="review_detail"),
    path("handlaggning/provningar/<int:review_id>/", views.review_staff, name="review_staff"),
    path(
        "handlaggning/beslut/<int:decision_id>/andra/",
        views.decision_change,
        name="decision_change",
    ),
]
