from django.urls import path

from . import views

app_name = "workflows"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("tasks/<id:pk>/take/", views.task_take, name="task-take"),
    path("tasks/<id:pk>/assign/", views.task_assign, name="task-assign"),
    path("<slug:kind>/flow.svg", views.flow_diagram, name="flow-diagram"),
    path("<slug:kind>/<id:pk>/actions/<slug:action>/", views.case_action, name="case-action"),
]
