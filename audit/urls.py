from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.event_search, name="event-search"),
    # A petition's pages, and the same pages for a case of any registered kind.
    path("cases/<id:pk>/", views.case_timeline_page, name="case-timeline"),
    path("cases/<id:pk>/diff/", views.case_diff, name="case-diff"),
    path("cases/<id:pk>/as-of/", views.case_as_of_page, name="case-as-of"),
    path("cases/<slug:case_kind>/<id:pk>/", views.case_timeline_page, name="case-timeline"),
    path("cases/<slug:case_kind>/<id:pk>/diff/", views.case_diff, name="case-diff"),
    path("cases/<slug:case_kind>/<id:pk>/as-of/", views.case_as_of_page, name="case-as-of"),
    path("exports/", views.export_list, name="export-list"),
    path("exports/new/", views.export_create, name="export-create"),
    path("exports/<id:pk>/", views.export_status, name="export-status"),
    path("exports/<id:pk>/download/", views.export_download, name="export-download"),
]
