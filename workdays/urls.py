from django.urls import path

from . import views

app_name = "workdays"

urlpatterns = [
    path("", views.calendar_index, name="calendar"),
    path("changes/new/", views.calendar_override_create, name="override-create"),
    path("changes/<id:pk>/remove/", views.calendar_override_remove, name="override-remove"),
]
