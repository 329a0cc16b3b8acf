"""Concerns about the quality of support on a case: /dossiers/<case>/kwaliteit/…"""

from django.urls import path

from . import views

app_name = "quality"

urlpatterns = [
    path("", views.concern_list, name="list"),
    path("melden/", views.concern_new, name="new"),
    path("<uuid:concern_id>/", views.concern_detail, name="detail"),
    path("<uuid:concern_id>/bevestigen/", views.concern_acknowledge, name="acknowledge"),
    path("<uuid:concern_id>/behandelen/", views.concern_handle, name="handle"),
]
