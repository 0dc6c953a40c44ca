"""A board's official documents, included into the `supervision` namespace by its URL config.
`fmt` is "docx" or "pdf"; any other is a 404."""

from django.urls import path

from . import views_documents

urlpatterns = [
    path(
        "inspections/<id:pk>/recommendation.<slug:fmt>",
        views_documents.case_recommendation,
        name="case-recommendation",
    ),
    path(
        "rounds/<id:pk>/recommendation.<slug:fmt>",
        views_documents.round_recommendation,
        name="round-recommendation",
    ),
    path("reports/<id:pk>.<slug:fmt>", views_documents.report_document, name="report-document"),
]
