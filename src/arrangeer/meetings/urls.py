"""The MDO of a case: /dossiers/<case>/overleg/… (the meeting belongs to the case)."""

from django.urls import path

from . import views, views_invitees, views_minutes

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("nieuw/", views.meeting_new, name="new"),
    path("<uuid:meeting_id>/", views.meeting_detail, name="detail"),
    path("<uuid:meeting_id>/wijzigen/", views.meeting_edit, name="edit"),
    path("<uuid:meeting_id>/annuleren/", views.meeting_cancel, name="cancel"),
    path("<uuid:meeting_id>/agenda/", views.agenda_add, name="agenda_add"),
    path("<uuid:meeting_id>/agenda/<int:item_id>/", views.agenda_move, name="agenda_move"),
    path("<uuid:meeting_id>/genodigden/", views_invitees.invitee_add, name="invitee_add"),
    path(
        "<uuid:meeting_id>/genodigden/<uuid:invitee_id>/ouders/",
        views_invitees.invitee_decide,
        name="invitee_decide",
    ),
    path("<uuid:meeting_id>/uitnodigen/", views_invitees.send, name="send"),
    path("<uuid:meeting_id>/antwoord/", views_invitees.respond, name="respond"),
    path("<uuid:meeting_id>/voorbereiding/", views_minutes.prepare, name="prepare"),
    path("<uuid:meeting_id>/verslag/", views_minutes.record, name="record"),
    path("<uuid:meeting_id>/verslag/besluit/", views_minutes.decision_add, name="decision_add"),
    path("<uuid:meeting_id>/verslag/actie/", views_minutes.action_add, name="action_add"),
    path(
        "<uuid:meeting_id>/acties/<uuid:action_id>/klaar/",
        views_minutes.action_done,
        name="action_done",
    ),
    path("<uuid:meeting_id>/verslag/vaststellen/", views_minutes.approve, name="approve"),
    path("<uuid:meeting_id>/verslag.pdf", views_minutes.minutes_pdf, name="pdf"),
]
