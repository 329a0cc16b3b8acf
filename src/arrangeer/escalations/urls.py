"""The escalatieladder of a case: /dossiers/<case>/escalaties/…"""

from django.urls import path

from . import views

app_name = "escalations"

urlpatterns = [
    path("", views.escalation_list, name="list"),
    path("nieuw/", views.escalation_new, name="new"),
    path("<uuid:escalation_id>/", views.escalation_detail, name="detail"),
    path("<uuid:escalation_id>/besluiten/", views.escalation_decide, name="decide"),
    path("<uuid:escalation_id>/opschalen/", views.escalation_move_up, name="move_up"),
    path("<uuid:escalation_id>/intrekken/", views.escalation_withdraw, name="withdraw"),
]
