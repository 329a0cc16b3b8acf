"""Group arrangements: /groepen/…"""

from django.urls import path

from . import views, views_places, views_progress

app_name = "groups"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("nieuw/", views.group_new, name="new"),
    path("<uuid:group_id>/", views.group_detail, name="detail"),
    path("<uuid:group_id>/voorstel/", views.group_proposal, name="proposal"),
    path("<uuid:group_id>/businesscase/", views.group_business_case, name="business_case"),
    path("<uuid:group_id>/voorstel.pdf", views.group_pdf, name="pdf"),
    path("<uuid:group_id>/indienen/", views.group_submit, name="submit"),
    path("<uuid:group_id>/besluit/<int:decision_id>/", views.group_decide, name="decide"),
    path("<uuid:group_id>/inrichting/", views.group_set_up, name="set_up"),
    path("<uuid:group_id>/starten/", views.group_start, name="start"),
    path("<uuid:group_id>/evaluatie/", views_progress.group_evaluate, name="evaluate"),
    path("<uuid:group_id>/registratie/", views_progress.group_register, name="register"),
    path("<uuid:group_id>/intake/", views.group_intake, name="intake"),
    path(
        "<uuid:group_id>/intake/<uuid:case_id>/", views_places.intake_decide, name="intake_decide"
    ),
    path("<uuid:group_id>/uitstroom/<uuid:case_id>/", views_places.outflow, name="outflow"),
]
