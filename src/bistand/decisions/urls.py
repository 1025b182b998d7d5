from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "decisions"
urlpatterns: list[URLPattern | URLResolver] = [
    path("beslut/<int:decision_id>/", views.letter, name="letter"),
    path("beslut/<int:decision_id>/pdf/", views.letter_as_pdf, name="letter_pdf"),
    path("beslut/<int:decision_id>/leverans/", views.delivery_record, name="delivery_record"),
    path("brev/<int:letter_id>/", views.standalone_letter, name="standalone_letter"),
    path("brev/<int:letter_id>/pdf/", views.standalone_letter_pdf, name="standalone_letter_pdf"),
    path(
        "brev/<int:letter_id>/leverans/",
        views.standalone_delivery_record,
        name="standalone_delivery_record",
    ),
    path("handlaggning/utskrift/", views.print_batches, name="print_batches"),
    path("handlaggning/utskrift/<int:batch_id>/", views.print_batch_detail, name="print_batch"),
    path(
        "handlaggning/utskrift/<int:batch_id>/pdf/", views.print_batch_pdf, name="print_batch_pdf"
    ),
    path(
        "handlaggning/utskrift/<int:batch_id>/lista/", views.print_batch_csv, name="print_batch_csv"
    ),
    path(
        "handlaggning/utskrift/<int:batch_id>/skicka/",
        views.print_batch_send,
        name="print_batch_send",
    ),
    path(
        "handlaggning/utskrift/<int:batch_id>/kvitto/",
        views.print_batch_receipt,
        name="print_batch_receipt",
    ),
    path("min-sida/brev-med-post/", views.letter_preference, name="letter_preference"),
]
