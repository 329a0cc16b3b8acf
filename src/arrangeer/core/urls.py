from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("taal/", views.set_language, name="set_language"),
    path("gezond/", views.health, name="health"),
]
