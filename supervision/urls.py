from django.urls import include, path

from .views import boards, cases, home, records

app_name = "supervision"

urlpatterns = [
    path("", home.home, name="home"),
    path("<id:pk>/", boards.board_detail, name="board-detail"),
    path("<id:pk>/change/<slug:change>/", boards.board_change, name="board-change"),
    path("<id:board_pk>/cases/new/", cases.case_new, name="case-new"),
    path("<id:board_pk>/rounds/new/", cases.round_new, name="round-new"),
    path("<id:board_pk>/plans/new/", records.plan_new, name="plan-new"),
    path("<id:board_pk>/reports/new/", records.report_new, name="report-new"),
    path("inspections/<id:pk>/", cases.case_detail, name="case-detail"),
    path("rounds/<id:pk>/", cases.round_detail, name="round-detail"),
    path("evidence/<id:pk>/", cases.evidence_file, name="evidence-file"),
    path("plans/<id:pk>/", records.plan_detail, name="plan-detail"),
    path("plans/<id:pk>/<slug:change>/", records.plan_change, name="plan-change"),
    path("projects/", records.project_list, name="project-list"),
    path("communes/<id:unit_pk>/projects/new/", records.project_new, name="project-new"),
    path("projects/<id:pk>/", records.project_detail, name="project-detail"),
    path("projects/<id:pk>/parties/", records.party_new, name="party-new"),
    path("projects/<id:pk>/board/", records.board_for_project, name="project-board"),
    path("reports/<id:pk>/", records.report_detail, name="report-detail"),
    path("", include("supervision.urls_import")),
    path("", include("supervision.urls_documents")),
]
