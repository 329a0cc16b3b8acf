from django.urls import path

from . import views, views_meetings, views_professional, views_voice

app_name = "portal"

urlpatterns = [
    path("gezin/", views.index, name="index"),
    path("gezin/mijn-account/", views.account, name="account"),
    path("gezin/<uuid:case_id>/", views.home, name="home"),
    path("gezin/<uuid:case_id>/toestemming/", views.consents, name="consents"),
    path(
        "gezin/<uuid:case_id>/toestemming/<uuid:consent_id>/intrekken/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path(
        "gezin/<uuid:case_id>/delen-met-ouders/",
        views.share_with_parents,
        name="share_with_parents",
    ),
    path("gezin/<uuid:case_id>/instemming/", views.agreement, name="agreement"),
    path("gezin/<uuid:case_id>/onze-kijk/", views_voice.our_view, name="our_view"),
    path("gezin/<uuid:case_id>/hoe-denk-jij/", views_voice.child_view, name="child_view"),
    path("gezin/<uuid:case_id>/vragenlijst/", views_voice.questionnaire, name="questionnaire"),
    path(
        "dossiers/<uuid:case_id>/stem-van-het-kind/",
        views_voice.child_view_together,
        name="child_view_together",
    ),
    path(
        "gezin/<uuid:case_id>/overleg/<uuid:meeting_id>/genodigden/",
        views_meetings.invitees,
        name="invitees",
    ),
    path(
        "gezin/<uuid:case_id>/overleg/<uuid:meeting_id>/voorbereiding/",
        views_meetings.meeting_preparation,
        name="meeting_preparation",
    ),
    path("gezin/<uuid:case_id>/wie-keek/", views.who_looked, name="who_looked"),
    path("gezin/<uuid:case_id>/download/", views.download, name="download"),
    path("gezin/<uuid:case_id>/download/json/", views.download_json, name="download_json"),
    path("dossiers/<uuid:case_id>/gezin-uitnodigen/", views_professional.invite, name="invite"),
    path(
        "dossiers/<uuid:case_id>/van-het-gezin/", views_professional.from_family, name="from_family"
    ),
    path("uitnodiging/<str:token>/", views_professional.accept, name="accept"),
]
