from django.urls import path

from . import views, views_ops

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("taal/", views.set_language, name="set_language"),
    path("gezond/", views.health, name="health"),
    path("gezond/gereed/", views_ops.ready, name="ready"),
    path("metrics", views_ops.metrics, name="metrics"),
]
