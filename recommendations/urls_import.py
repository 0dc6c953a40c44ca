"""The import of opinions from a spreadsheet; included inside the `recommendations` namespace
(no app_name of its own)."""

from django.urls import path

from . import views_import

urlpatterns = [
    path("meetings/<id:pk>/import/", views_import.opinion_import, name="opinion-import"),
    path("imports/<str:job>/", views_import.import_status, name="import-status"),
    path("imports/<str:job>.json", views_import.import_progress, name="import-progress"),
]
