from django.urls import path

from . import views_api

app_name = "monitor_api"

urlpatterns = [
    path("<slug:theme>/", views_api.MonitorTheme.as_view(), name="theme"),
]
