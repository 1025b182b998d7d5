from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "messaging"
urlpatterns: list[URLPattern | URLResolver] = [
    path("meddelanden/", views.index, name="index"),
    path("meddelanden/nytt/", views.thread_new, name="new"),
    path("meddelanden/<int:thread_id>/", views.thread, name="thread"),
    path("meddelanden/fraga/<int:decision_id>/", views.satisfaction, name="satisfaction"),
    path("handlaggning/meddelanden/", views.staff_list, name="staff_list"),
    path("handlaggning/meddelanden/<int:thread_id>/", views.staff_thread, name="staff_thread"),
]
