"""The plan of a case: /dossiers/<case>/plan/… (the plan belongs to the case)."""

from django.urls import path

from . import views, views_files, views_lifecycle, views_progress

app_name = "plans"

urlpatterns = [
    path("", views.plan_page, name="plan"),
    path("ter-instemming/", views_lifecycle.send, name="send"),
    path("instemming/", views_lifecycle.agreement, name="agreement"),
    path("vaststellen/", views_lifecycle.adopt, name="adopt"),
    path("bijstellen/", views_lifecycle.adjust, name="adjust"),
    path("versies/", views_lifecycle.versions, name="versions"),
    path("versies/<int:number>/", views_lifecycle.version, name="version"),
    path("vergelijken/", views_lifecycle.compare, name="compare"),
    path("groeidocument.pdf", views_lifecycle.groeidocument, name="pdf"),
    path("evaluaties/nieuw/", views_lifecycle.evaluation_new, name="evaluation_new"),
    path(
        "evaluaties/<uuid:evaluation_id>/doelen/<uuid:item_id>/",
        views_lifecycle.goal_rating,
        name="goal_rating",
    ),
    path("bijlagen/", views_files.attachments, name="attachments"),
    path(
        "bijlagen/<uuid:attachment_id>/",
        views_files.attachment_download,
        name="attachment",
    ),
    path(
        "bijlagen/<uuid:attachment_id>/verwijderen/",
        views_files.attachment_remove,
        name="attachment_remove",
    ),
    path("doelen/<uuid:item_id>/meting/", views_progress.measurement_new, name="measurement_new"),
    path("modules/<uuid:item_id>/levering/", views_progress.delivery_new, name="delivery_new"),
    path("modules/<uuid:item_id>/besluit/", views_progress.decision, name="decision"),
    path("<slug:slug>/nieuw/", views.item_new, name="item_new"),
    path("<slug:slug>/<uuid:item_id>/", views.item_edit, name="item_edit"),
    path("<slug:slug>/<uuid:item_id>/verwijderen/", views.item_remove, name="item_remove"),
]
