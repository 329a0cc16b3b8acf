"""The Integraal Loket on a case: /dossiers/<case>/loket/…"""

from django.urls import path

from . import views

app_name = "loket"

urlpatterns = [
    path("nieuw/", views.consult_new, name="new"),
    path("<uuid:consult_id>/", views.consult_detail, name="detail"),
    path("<uuid:consult_id>/advies/", views.consult_advise, name="advise"),
    path("<uuid:consult_id>/driehoek/", views.consult_meeting, name="meeting"),
    path(
        "<uuid:consult_id>/voorstellen/<int:proposal_id>/overnemen/",
        views.take_over,
        name="take_over",
    ),
    path("<uuid:consult_id>/opvolging/", views.follow_up, name="follow_up"),
    path("bekend/<uuid:match_id>/voorstellen/", views.known_propose, name="known_propose"),
]
