"""Known in both domains, a person's own page: /loket/bekend/…"""

from django.urls import path

from . import views_known

app_name = "loket_known"

urlpatterns = [
    path("", views_known.known_list, name="list"),
    path("signaal/", views_known.known_signal, name="signal"),
]
