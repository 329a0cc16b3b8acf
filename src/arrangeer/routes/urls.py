from django.urls import path

from . import views

app_name = "routes"

urlpatterns = [
    path("", views.my_actions, name="my_actions"),
]
