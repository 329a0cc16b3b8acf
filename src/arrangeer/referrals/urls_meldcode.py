"""The Meldcode and the Verwijsindex of a case: /dossiers/<case>/meldcode/…"""

from django.urls import path

from . import views_case

app_name = "meldcode"

urlpatterns = [
    path("", views_case.meldcode, name="overview"),
    path("stap/", views_case.step_new, name="step_new"),
    path("verwijsindex/", views_case.signal_new, name="signal_new"),
]
