"""The vrijstellingen van de leerplicht of a case: /dossiers/<case>/vrijstellingen/"""

from django.urls import path

from . import views_exemption

app_name = "exemptions"

urlpatterns = [
    path("", views_exemption.exemptions_page, name="overview"),
]
