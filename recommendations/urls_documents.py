"""The session's official reports, included into the `recommendations` namespace by its URL
config."""

from django.urls import path

from . import views_documents

urlpatterns = [
    path(
        "sessions/<id:pk>/reports/<slug:report>/",
        views_documents.session_report,
        name="session-report",
    ),
]
