"""The warm handover of a case: /dossiers/<case>/overstap/…"""

from django.urls import path

from . import views

app_name = "transitions"

urlpatterns = [
    path("", views.transition_detail, name="detail"),
    path("wijzigen/", views.transition_edit, name="edit"),
    path("ontvangende-school/", views.transition_propose, name="propose"),
    path("toestemming/", views.transition_consent, name="consent"),
    path("overdracht-mdo/", views.transition_meeting, name="meeting"),
    path("regie/", views.transition_regie, name="regie"),
    path("afronden/", views.transition_complete, name="complete"),
    path("vervalt/", views.transition_cancel, name="cancel"),
    path("leerlingdossier/", views.transition_import, name="import"),
    path("overdracht.pdf", views.summary_pdf, name="summary_pdf"),
    path("overdracht.json", views.summary_json, name="summary_json"),
]
