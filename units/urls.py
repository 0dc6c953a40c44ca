from django.urls import path

from .views import people, units

app_name = "units"

urlpatterns = [
    path("units/", units.unit_index, name="unit-list"),
    path("units/<int:pk>/", units.unit_detail, name="unit-detail"),
    path("units/<int:parent_pk>/new/", units.unit_create, name="unit-create"),
    path("units/<int:pk>/edit/", units.unit_update, name="unit-update"),
    path("units/<int:pk>/roles/", units.membership_grant, name="membership-grant"),
    path("units/<int:pk>/people/new/", units.person_create, name="person-create"),
    path("roles/<int:pk>/revoke/", units.membership_revoke, name="membership-revoke"),
    path("people/", people.person_index, name="person-list"),
    path("people/<int:pk>/", people.person_detail, name="person-detail"),
    path("people/<int:pk>/edit/", people.person_update, name="person-update"),
    path("people/<int:pk>/password/", people.person_password, name="person-password"),
    path("people/<int:pk>/unlock/", people.person_sign_in_unlock, name="person-unlock"),
]
