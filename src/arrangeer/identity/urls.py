from django.urls import path

from . import views

app_name = "identity"

urlpatterns = [
    path("digid/", views.DigidStartView.as_view(), name="digid"),
    path("organisatie/", views.organisation_choice, name="organisations"),
    path(
        "organisatie/<int:organisation_id>/",
        views.OrganisationStartView.as_view(),
        name="organisation",
    ),
    path("terug/", views.CallbackView.as_view(), name="callback"),
]
