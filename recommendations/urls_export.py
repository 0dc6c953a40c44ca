"""The export downloads, included into the `recommendations` namespace by its URL config."""

from django.urls import path

from . import views_export

urlpatterns = [
    path(
        "sessions/<id:pk>/export.json",
        views_export.session_export_json,
        name="session-export-json",
    ),
    path(
        "sessions/<id:pk>/export.csv",
        views_export.session_export_csv,
        name="session-export-csv",
    ),
]
