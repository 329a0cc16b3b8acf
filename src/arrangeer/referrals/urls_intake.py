"""The regisseur's intake of a case that started with an aanmelding:
/dossiers/<case>/aanmelding/…"""

from django.urls import path

from . import views_case

app_name = "intake"

urlpatterns = [
    path("", views_case.intake, name="intake"),
    path("gestart/", views_case.started, name="started"),
    path("afgerond/", views_case.ended, name="ended"),
]
