from django.urls import path

from arrangeer.consents import views as consent_views

from . import views, views_records

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("nieuw/", views.case_new, name="new"),
    path("noodtoegang/", views.emergency_access, name="emergency"),
    path("<uuid:case_id>/", views.case_detail, name="detail"),
    path("<uuid:case_id>/kenmerken/", views.case_flags, name="flags"),
    path("<uuid:case_id>/sluiten/", views.case_close, name="close"),
    path("<uuid:case_id>/team/", views.case_team, name="team"),
    path(
        "<uuid:case_id>/team/<int:member_id>/goedkeuren/",
        views.member_decide,
        {"decision": "approve"},
        name="member_approve",
    ),
    path(
        "<uuid:case_id>/team/<int:member_id>/weigeren/",
        views.member_decide,
        {"decision": "refuse"},
        name="member_refuse",
    ),
    path("<uuid:case_id>/team/<int:member_id>/beeindigen/", views.member_end, name="member_end"),
    path("<uuid:case_id>/toestemming/", consent_views.consent_list, name="consents"),
    path("<uuid:case_id>/toestemming/nieuw/", consent_views.consent_new, name="consent_new"),
    path(
        "<uuid:case_id>/toestemming/<uuid:consent_id>/intrekken/",
        consent_views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<uuid:case_id>/inzage/", views_records.access_log, name="access_log"),
    path("<uuid:case_id>/wijzigingen/", views_records.change_history, name="history"),
    path("<uuid:case_id>/dossier.json", views_records.export_json, name="export_json"),
    path("<uuid:case_id>/dossier.pdf", views_records.export_pdf, name="export_pdf"),
]
