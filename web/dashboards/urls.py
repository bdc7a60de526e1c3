from django.urls import path

from . import progress, views

app_name = "dashboards"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("departments/<int:pk>/", views.department, name="department"),
    path("table/", views.table, name="table"),
    path("monitoring/", views.monitoring, name="monitoring"),
    path("progress/", progress.progress, name="progress"),
    path("rescore/", views.rescore, name="rescore"),
]
