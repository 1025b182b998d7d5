from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "planning"
urlpatterns: list[URLPattern | URLResolver] = [
    path("planering/", views.overview, name="overview"),
    path("planering/tider/ny/", views.slot_new, name="slot_new"),
    path("planering/tider/<int:slot_id>/ta-bort/", views.slot_withdraw, name="slot_withdraw"),
    path("planering/arenden/<int:case_id>/", views.case_page, name="case"),
    path("planering/arenden/<int:case_id>/boka/", views.staff_book, name="staff_book"),
    path("planering/arenden/<int:case_id>/handlingsplan/", views.plan_edit, name="plan_edit"),
    path("planering/moten/<int:meeting_id>/", views.meeting_page, name="meeting"),
    path("planering/aktivitetskrav/", views.activity_overview, name="activity_overview"),
    path("planering/arenden/<int:case_id>/aktivitet/", views.activity_case, name="activity_case"),
    path("planering/intensiv/", views.intensive, name="intensive"),
    path("planering/intensiv/<int:entry_id>/avsluta/", views.intensive_end, name="intensive_end"),
    path("min-sida/mote/<int:case_id>/", views.citizen_book, name="citizen_book"),
]
