from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "payments"
urlpatterns: list[URLPattern | URLResolver] = [
    path("utbetalningar/", views.overview, name="overview"),
    path("utbetalningar/att-betala/", views.desk, name="desk"),
    path("utbetalningar/korning/<int:run_id>/attestera/", views.run_attest, name="run_attest"),
    path("utbetalningar/korning/<int:run_id>/fil/", views.run_file, name="run_file"),
    path("utbetalningar/korning/<int:run_id>/skickad/", views.run_sent, name="run_sent"),
    path("utbetalningar/statusrapport/", views.status_import, name="status_import"),
    path("utbetalningar/order/<int:order_id>/", views.order, name="order"),
    path("utbetalningar/retur/", views.register_return, name="register_return"),
    path("utbetalningar/aterkrav/", views.record_claim, name="record_claim"),
    path("utbetalningar/aterkrav/<int:claim_id>/", views.claim, name="claim"),
    path("utbetalningar/stickprov/", views.post_checks, name="post_checks"),
    path("utbetalningar/stickprov/<int:post_check_id>/", views.post_check, name="post_check"),
    path(
        "utbetalningar/stickprov/<int:post_check_id>/underlag/<int:document_id>/",
        views.post_check_document,
        name="post_check_document",
    ),
    path(
        "min-sida/stickprov/<int:post_check_id>/",
        views.citizen_post_check,
        name="citizen_post_check",
    ),
]
