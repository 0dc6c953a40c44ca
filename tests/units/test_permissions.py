import pytest

from units.choices import Role
from units.models import Unit
from units.permissions import has_role, scope_q
from units.selectors import unit_list

from ..factories import UserFactory, grant

pytestmark = pytest.mark.django_db


def visible_names(user) -> set[str]:
    return set(Unit.objects.filter(scope_q(user, unit_field="")).values_list("name", flat=True))


def test_commune_officer_sees_their_own_commune(case_officer, tree):
    assert case_officer.has_perm("units.view_unit", tree.commune)


def test_commune_officer_cannot_see_another_commune(case_officer, tree):
    assert not case_officer.has_perm("units.view_unit", tree.neighbour)
    assert not case_officer.has_perm("units.view_unit", tree.other_commune)


def test_commune_role_without_subtree_does_not_reach_the_units_below(case_officer, tree):
    assert not case_officer.has_perm("units.view_unit", tree.agency)
    assert visible_names(case_officer) == {"Xã An Bình"}


def test_province_role_with_subtree_sees_its_communes_and_their_units(auditor, tree):
    assert visible_names(auditor) == {
        "Tỉnh Lâm Sơn",
        "Xã An Bình",
        "Xã Phú Hòa",
        "UBND xã An Bình",
        "Ban Thanh tra nhân dân xã An Bình",
    }


def test_province_role_with_subtree_does_not_reach_another_province(auditor, tree):
    assert not auditor.has_perm("units.view_unit", tree.other_province)
    assert not auditor.has_perm("units.view_unit", tree.other_commune)
    assert not auditor.has_perm("units.view_unit", tree.central)


def test_province_role_without_subtree_stays_at_the_province(tree):
    person = UserFactory(username="tinh")
    grant(person, tree.province, Role.CASE_OFFICER)
    assert has_role(person, tree.province)
    assert not has_role(person, tree.commune)


def test_role_filter_only_counts_the_roles_asked_for(tree, case_officer):
    assert has_role(case_officer, tree.commune, [Role.CASE_OFFICER])
    assert not has_role(case_officer, tree.commune, [Role.UNIT_LEADER])
    assert not Unit.objects.filter(scope_q(case_officer, [Role.UNIT_LEADER], unit_field=""))


def test_roles_in_several_units_add_up(tree):
    person = UserFactory(username="hai-xa")
    grant(person, tree.commune, Role.RECEPTION_OFFICER)
    grant(person, tree.neighbour, Role.RECEPTION_OFFICER)
    assert visible_names(person) == {"Xã An Bình", "Xã Phú Hòa"}


def test_superuser_sees_every_unit(tree):
    root = UserFactory(username="root", is_superuser=True)
    assert visible_names(root) == set(Unit.objects.values_list("name", flat=True))


def test_person_without_any_role_sees_nothing(tree):
    nobody = UserFactory(username="khongvaitro")
    assert visible_names(nobody) == set()
    assert not nobody.has_perm("units.view_unit", tree.commune)


def test_agency_official_sees_the_agency_but_not_the_committee(agency_official, tree):
    assert agency_official.has_perm("units.view_unit", tree.agency)
    assert not agency_official.has_perm("units.view_unit", tree.commune)


def test_only_administrators_may_change_units_in_their_subtree(province_admin, case_officer, tree):
    assert province_admin.has_perm("units.change_unit", tree.commune)
    assert not province_admin.has_perm("units.change_unit", tree.other_commune)
    assert not case_officer.has_perm("units.change_unit", tree.commune)


def test_unit_search_ignores_diacritics_and_case(auditor, tree):
    names = {u.name for u in unit_list(user=auditor, term="phu hoa")}
    assert names == {"Xã Phú Hòa"}
    assert {u.name for u in unit_list(user=auditor, term="THANH TRA nhan dan")} == {
        "Ban Thanh tra nhân dân xã An Bình"
    }


def test_unit_list_stays_inside_the_scope_when_searching(case_officer, tree):
    assert not unit_list(user=case_officer, term="Phú Hòa").exists()


def test_unit_list_costs_a_fixed_number_of_queries(auditor, tree, django_assert_num_queries):
    with django_assert_num_queries(2):  # the user's roles, then the units
        list(unit_list(user=auditor))
