from django.urls import include, path, re_path

from . import views

app_name = "recommendations"

urlpatterns = [
    path("", views.session_list, name="session-list"),
    path("sessions/<id:pk>/", views.session_detail, name="session-detail"),
    path("sessions/<id:pk>/meetings/new/", views.meeting_new, name="meeting-new"),
    path("sessions/<id:pk>/aggregate/", views.workspace, name="workspace"),
    # Only the two changes a session has: `open` and `close`.
    re_path(
        r"^sessions/(?P<pk>[0-9]+)/(?P<change>open|close)/$",
        views.session_change,
        name="session-change",
    ),
    path("meetings/<id:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<id:pk>/opinions/", views.opinions_enter, name="opinions-enter"),
    path("opinions/<id:pk>/<slug:change>/", views.opinion_change, name="opinion-change"),
    path("items/<id:pk>/", views.item_detail, name="item-detail"),
    path("items/<id:pk>/withdraw/", views.item_withdraw, name="item-withdraw"),
    path("items/<id:pk>/split/", views.item_split, name="item-split"),
    path("", include("recommendations.urls_export")),
    path("", include("recommendations.urls_import")),
    path("", include("recommendations.urls_documents")),
]
