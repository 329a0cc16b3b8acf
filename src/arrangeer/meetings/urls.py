"""The MDO of a case: /dossiers/<case>/overleg/… (the meeting belongs to the case)."""

from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("nieuw/", views.meeting_new, name="new"),
    path("<uuid:meeting_id>/", views.meeting_detail, name="detail"),
    path("<uuid:meeting_id>/wijzigen/", views.meeting_edit, name="edit"),
    path("<uuid:meeting_id>/annuleren/", views.meeting_cancel, name="cancel"),
    path("<uuid:meeting_id>/agenda/", views.agenda_add, name="agenda_add"),
    path("<uuid:meeting_id>/agenda/<int:item_id>/", views.agenda_move, name="agenda_move"),
    path("<uuid:meeting_id>/genodigden/", views.invitee_add, name="invitee_add"),
    path(
        "<uuid:meeting_id>/genodigden/<uuid:invitee_id>/ouders/",
        views.invitee_decide,
        name="invitee_decide",
    ),
    path("<uuid:meeting_id>/uitnodigen/", views.send, name="send"),
    path("<uuid:meeting_id>/antwoord/", views.respond, name="respond"),
    path("<uuid:meeting_id>/voorbereiding/", views.prepare, name="prepare"),
    path("<uuid:meeting_id>/verslag/", views.record, name="record"),
    path("<uuid:meeting_id>/verslag/besluit/", views.decision_add, name="decision_add"),
    path("<uuid:meeting_id>/verslag/actie/", views.action_add, name="action_add"),
    path("<uuid:meeting_id>/acties/<uuid:action_id>/klaar/", views.action_done, name="action_done"),
    path("<uuid:meeting_id>/verslag/vaststellen/", views.approve, name="approve"),
    path("<uuid:meeting_id>/verslag.pdf", views.minutes_pdf, name="pdf"),
]
