"""The handler's own list: /kwaliteit/"""

from django.urls import path

from . import views

app_name = "quality_desk"

urlpatterns = [path("", views.desk, name="index")]
