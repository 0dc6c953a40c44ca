"""The import of a commune's projects from a spreadsheet; included inside the `supervision`
namespace (no app_name of its own). `<id:…>` is the project's `<int:…>` that stops at 64 bits
(units/converters.py): a longer number is a 404, not a database error."""

from django.urls import path

from . import views_import

urlpatterns = [
    path(
        "communes/<id:unit_id>/projects/import/", views_import.project_import, name="project-import"
    ),
    path(
        "communes/<id:unit_id>/projects/import/confirm/",
        views_import.project_import_confirm,
        name="project-import-confirm",
    ),
]
