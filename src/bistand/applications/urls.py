from django.urls import path

from . import views

app_name = "applications"
urlpatterns = [
    path("min-sida/", views.min_sida, name="min_sida"),
    path("ansokan/", views.start, name="start"),
    path("ansokan/<int:pk>/kontrollera/", views.check, name="check"),
    path("ansokan/<int:pk>/kvitto/", views.receipt, name="receipt"),
    path("ansokan/<int:pk>/kvitto/pdf/", views.receipt_pdf, name="receipt_pdf"),
    path("ansokan/<int:pk>/godkann/", views.partner_confirm, name="partner_confirm"),
    path("ansokan/<int:pk>/aterkalla/", views.withdraw, name="withdraw"),
    path("ansokan/<int:pk>/komplettera/", views.supplement, name="supplement"),
    path("ansokan/<int:pk>/<slug:slug>/", views.step, name="step"),
]
