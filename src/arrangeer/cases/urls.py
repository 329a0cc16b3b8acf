from django.urls import path

from . import views, views_records, views_route
from . import views_consents as consent_views

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
    path("<uuid:case_id>/route/", views_route.case_route, name="route"),
    path("<uuid:case_id>/route/verder/", views_route.case_move, name="move"),
    path("<uuid:case_id>/route/taken/", views_route.checklist_tick, name="checklist_tick"),
    path("<uuid:case_id>/schoolroute/", views_route.case_school_plan, name="school_plan"),
    path("<uuid:case_id>/regie/", views_route.regie_propose, name="regie_propose"),
    path(
        "<uuid:case_id>/regie/<int:transfer_id>/accepteren/",
        views_route.regie_accept,
        name="regie_accept",
    ),
    path(
        "<uuid:case_id>/regie/<int:transfer_id>/afwijzen/",
        views_route.regie_decline,
        name="regie_decline",
    ),
    path(
        "<uuid:case_id>/regie/<int:transfer_id>/intrekken/",
        views_route.regie_withdraw,
        name="regie_withdraw",
    ),
    path("<uuid:case_id>/inzage/", views_records.access_log, name="access_log"),
    path("<uuid:case_id>/wijzigingen/", views_records.change_history, name="history"),
    path("<uuid:case_id>/dossier.json", views_records.export_json, name="export_json"),
    path("<uuid:case_id>/dossier.pdf", views_records.export_pdf, name="export_pdf"),
    path(
        "<uuid:case_id>/dossier.pdf/<uuid:export_id>/",
        views_records.export_pdf_download,
        name="export_pdf_download",
    ),
]
