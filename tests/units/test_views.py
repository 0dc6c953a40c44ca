import pytest
from django.urls import reverse

from units.choices import Role, UnitKind
from units.models import Membership, Unit, User

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_the_login_page(client, tree):
    response = client.get(reverse("units:unit-detail", args=[tree.commune.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_in_vietnamese_even_for_an_english_browser(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert response["Content-Language"] == "vi"
    assert '<html lang="vi">' in response.content.decode()


def test_commune_officer_opens_their_commune_but_not_the_neighbouring_one(
    client, case_officer, tree
):
    client.force_login(case_officer)
    assert client.get(reverse("units:unit-detail", args=[tree.commune.pk])).status_code == 200
    assert client.get(reverse("units:unit-detail", args=[tree.neighbour.pk])).status_code == 403


def test_unit_list_shows_only_units_in_scope(client, auditor, tree):
    client.force_login(auditor)
    page = client.get(reverse("units:unit-list")).content.decode()
    assert "Xã Phú Hòa" in page
    assert "Phường Bến Cảng" not in page


def test_home_page_shows_a_section_for_each_role_held(client, case_officer, tree):
    client.force_login(case_officer)
    page = client.get(reverse("home")).content.decode()
    assert 'data-role="case_officer"' in page
    assert 'data-role="administrator"' not in page
    assert "Xã An Bình" in page


def test_administrator_creates_an_account_from_the_unit_page(client, province_admin, tree):
    client.force_login(province_admin)
    response = client.post(
        reverse("units:person-create", args=[tree.neighbour.pk]),
        {
            "username": "phuhoa1",
            "full_name": "Lý Văn Phú",
            "password1": "Mot-mat-khau-tot-2026",
            "password2": "Mot-mat-khau-tot-2026",
            "role": Role.RECEPTION_OFFICER,
            "reason": "Cán bộ mới",
        },
    )
    person = User.objects.get(username="phuhoa1")
    assert response.status_code == 302
    assert Membership.objects.filter(user=person, unit=tree.neighbour).exists()


def test_mismatched_passwords_are_refused_in_vietnamese_and_nothing_is_written(
    client, province_admin, tree
):
    client.force_login(province_admin)
    response = client.post(
        reverse("units:person-create", args=[tree.neighbour.pk]),
        {
            "username": "phuhoa2",
            "full_name": "Lý Văn Hai",
            "password1": "Mot-mat-khau-tot-2026",
            "password2": "khac-han",
            "role": Role.RECEPTION_OFFICER,
            "reason": "Cán bộ mới",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="phuhoa2").exists()
    assert "Hai mật khẩu không khớp" in response.content.decode()


def test_granting_a_role_to_an_unknown_login_is_refused_with_a_clear_message(
    client, province_admin, tree
):
    client.force_login(province_admin)
    response = client.post(
        reverse("units:membership-grant", args=[tree.commune.pk]),
        {"username": "khong-ton-tai", "role": Role.CASE_OFFICER, "reason": "x"},
    )
    assert response.status_code == 400
    assert "khong-ton-tai" in response.content.decode()
    assert not Membership.objects.filter(unit=tree.commune, role=Role.CASE_OFFICER).exists()


def test_case_officer_cannot_open_the_form_for_a_new_unit(client, case_officer, tree):
    client.force_login(case_officer)
    response = client.get(reverse("units:unit-create", args=[tree.commune.pk]))
    assert response.status_code == 403


def test_administrator_adds_an_agency_below_a_commune(client, province_admin, tree):
    client.force_login(province_admin)
    response = client.post(
        reverse("units:unit-create", args=[tree.neighbour.pk]),
        {
            "name": "UBND xã Phú Hòa",
            "kind": UnitKind.AGENCY,
            "level": 3,
            "reason": "Cơ quan tiếp nhận chuyển đơn",
        },
    )
    agency = Unit.objects.get(name="UBND xã Phú Hòa")
    assert response.status_code == 302
    assert Unit.objects.get_parent(agency) == tree.neighbour


def test_switching_language_is_remembered_for_the_account(client, case_officer):
    client.force_login(case_officer)
    client.post(reverse("language-set"), {"language": "en", "next": "/"})
    assert User.objects.get(pk=case_officer.pk).language == "en"
    page = client.get(reverse("home"))
    assert page["Content-Language"] == "en"


def test_api_lists_only_units_in_scope(client, case_officer, tree):
    client.force_login(case_officer)
    data = client.get("/api/v1/units/").json()
    assert [row["name"] for row in data["results"]] == ["Xã An Bình"]
    assert client.get(f"/api/v1/units/{tree.neighbour.pk}/").status_code == 404
