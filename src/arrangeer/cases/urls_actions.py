from django.urls import path

from . import views_actions

app_name = "actions"

urlpatterns = [
    path("", views_actions.my_actions, name="my_actions"),
]
