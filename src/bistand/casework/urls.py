from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "casework"
urlpatterns: list[URLPattern | URLResolver] = [
    path("handlaggning/", views.queue, name="queue"),
    path("handlaggning/nasta/", views.take_next, name="take_next"),
    path("handlaggning/ansokan/<int:pk>/", views.case, name="case"),
    path("handlaggning/ansokan/<int:pk>/ta/", views.claim, name="claim"),
    path("handlaggning/ansokan/<int:pk>/lamna/", views.release, name="release"),
    path("handlaggning/ansokan/<int:pk>/fordela/", views.assign, name="assign"),
    path("handlaggning/ansokan/<int:pk>/beslut/", views.decide, name="decide"),
    path("handlaggning/ansokan/<int:pk>/komplettering/", views.completion, name="completion"),
    path("handlaggning/ansokan/<int:pk>/journal/", views.journal, name="journal"),
    path(
        "handlaggning/ansokan/<int:pk>/komplettering/<int:supplement_id>/last/",
        views.supplement_read,
        name="supplement_read",
    ),
    path(
        "handlaggning/ansokan/<int:pk>/komplettering/<int:supplement_id>/bilaga/<int:document_id>/",
        views.supplement_document,
        name="supplement_document",
    ),
    path("handlaggning/ansokan/<int:pk>/kommunicering/", views.kommunicering, name="kommunicering"),
    path(
        "kommunicering/<int:kommunicering_id>/",
        views.kommunicering_reply,
        name="kommunicering_reply",
    ),
    path("handlaggning/nodprovning/", views.emergency_new, name="emergency_new"),
    path("handlaggning/nodprovning/<int:pk>/", views.emergency, name="emergency"),
    path("handlaggning/pappersansokan/", views.paper_start, name="paper_start"),
    path(
        "handlaggning/pappersansokan/<int:pk>/kontrollera/",
        views.paper_check,
        name="paper_check",
    ),
    path("handlaggning/pappersansokan/<int:pk>/<slug:slug>/", views.paper_step, name="paper_step"),
]
