from django.urls import path

from .views import people, units

app_name = "units"

urlpatterns = [
    path("units/", units.unit_index, name="unit-list"),
    path("units/<id:pk>/", units.unit_detail, name="unit-detail"),
    path("units/<id:parent_pk>/new/", units.unit_create, name="unit-create"),
    path("units/<id:pk>/edit/", units.unit_update, name="unit-update"),
    path("units/<id:pk>/roles/", units.membership_grant, name="membership-grant"),
    path("units/<id:pk>/people/new/", units.person_create, name="person-create"),
    path("roles/<id:pk>/revoke/", units.membership_revoke, name="membership-revoke"),
    path("people/", people.person_index, name="person-list"),
    path("people/<id:pk>/", people.person_detail, name="person-detail"),
    path("people/<id:pk>/edit/", people.person_update, name="person-update"),
    path("people/<id:pk>/password/", people.person_password, name="person-password"),
    path("people/<id:pk>/unlock/", people.person_sign_in_unlock, name="person-unlock"),
]
