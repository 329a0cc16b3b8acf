"""The family's concerns: /gezin/<case>/kwaliteit/…"""

from django.urls import path

from . import views_family

app_name = "quality_family"

urlpatterns = [
    path("", views_family.family_list, name="list"),
    path("melden/", views_family.family_new, name="new"),
    path("<uuid:concern_id>/", views_family.family_detail, name="detail"),
]
