"""Schoolsucces na een jaar: /schoolsucces/ (the checks due) and /schoolsucces/<case>/."""

from django.urls import path

from . import views_enrolment

app_name = "enrolment"

urlpatterns = [
    path("", views_enrolment.due, name="due"),
    path("<uuid:case_id>/", views_enrolment.record, name="record"),
]
