import pytest

from units import services
from units.choices import Role, UnitKind, UnitLevel
from units.errors import DomainError, NotAllowed
from units.models import Membership, Unit, User

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def test_administrator_creates_a_unit_below_one_in_their_subtree(province_admin, tree):
    area = services.unit_create(
        actor=province_admin,
        parent=tree.commune,
        name="Khu dân cư số 1",
        kind=UnitKind.COMMITTEE,
        level=UnitLevel.RESIDENTIAL_AREA,
        reason="Thành lập ban công tác Mặt trận khu dân cư",
    )
    assert Unit.objects.get_parent(area) == tree.commune
    row = area.history.get()
    assert row.history_user == province_admin
    assert row.history_change_reason == "Thành lập ban công tác Mặt trận khu dân cư"


def test_unit_create_is_refused_outside_the_administrators_subtree(province_admin, tree):
    with pytest.raises(NotAllowed):
        services.unit_create(
            actor=province_admin,
            parent=tree.other_commune,
            name="Khu phố 2",
            kind=UnitKind.COMMITTEE,
            level=UnitLevel.RESIDENTIAL_AREA,
            reason="x",
        )
    assert not Unit.objects.filter(name="Khu phố 2").exists()


def test_unit_create_is_refused_to_a_case_officer(case_officer, tree):
    with pytest.raises(NotAllowed):
        services.unit_create(
            actor=case_officer,
            parent=tree.commune,
            name="Khu phố 3",
            kind=UnitKind.COMMITTEE,
            level=UnitLevel.RESIDENTIAL_AREA,
            reason="x",
        )


def test_a_unit_cannot_sit_above_its_parent(province_admin, tree):
    with pytest.raises(DomainError):
        services.unit_create(
            actor=province_admin,
            parent=tree.commune,
            name="Sai cấp",
            kind=UnitKind.COMMITTEE,
            level=UnitLevel.PROVINCE,
            reason="x",
        )


def test_user_create_writes_the_person_and_the_first_role_together(province_admin, tree):
    person = services.user_create(
        actor=province_admin,
        username="canbo1",
        password="mat-khau-dai-2026",
        full_name="Đỗ Thị Cán",
        unit=tree.commune,
        role=Role.RECEPTION_OFFICER,
        reason="Tiếp nhận cán bộ mới",
    )
    membership = Membership.objects.get(user=person)
    assert (membership.unit, membership.role) == (tree.commune, Role.RECEPTION_OFFICER)
    assert person.check_password("mat-khau-dai-2026")
    assert person.history.get().history_user == province_admin
    assert membership.history.get().history_change_reason == "Tiếp nhận cán bộ mới"


def test_a_refused_first_role_leaves_no_account_behind(province_admin, tree):
    with pytest.raises(DomainError):
        services.user_create(
            actor=province_admin,
            username="canbo2",
            password="mat-khau-dai-2026",
            full_name="Người Sai Vai",
            unit=tree.commune,
            role=Role.AGENCY_OFFICIAL,
            reason="x",
        )
    assert not User.objects.filter(username="canbo2").exists()


def test_a_taken_login_name_is_refused_whatever_its_case(province_admin, case_officer, tree):
    with pytest.raises(DomainError):
        services.user_create(
            actor=province_admin,
            username="ChuyenVien",
            password="mat-khau-dai-2026",
            full_name="Trùng tên",
            unit=tree.commune,
            role=Role.CASE_OFFICER,
            reason="x",
        )


def test_granting_a_role_takes_effect_at_once(province_admin, tree):
    person = UserFactory(username="moi")
    assert not person.has_perm("units.view_unit", tree.neighbour)
    services.membership_grant(
        actor=province_admin,
        user=person,
        unit=tree.neighbour,
        role=Role.CASE_OFFICER,
        reason="Điều động",
    )
    assert person.has_perm("units.view_unit", tree.neighbour)


def test_revoking_a_role_is_recorded_with_actor_and_reason(province_admin, case_officer, tree):
    membership = case_officer.memberships.get()
    membership_id = membership.pk
    services.membership_revoke(actor=province_admin, membership=membership, reason="Nghỉ hưu")
    assert not case_officer.memberships.exists()
    deleted = Membership.history.filter(id=membership_id, history_type="-").get()
    assert deleted.history_user == province_admin
    assert deleted.history_change_reason == "Nghỉ hưu"


def test_an_administrator_cannot_remove_their_own_administrator_role(province_admin):
    with pytest.raises(DomainError):
        services.membership_revoke(
            actor=province_admin, membership=province_admin.memberships.get(), reason="x"
        )


def test_board_roles_belong_to_boards_only(province_admin, tree):
    person = UserFactory(username="thanhvien")
    with pytest.raises(DomainError):
        services.membership_grant(
            actor=province_admin,
            user=person,
            unit=tree.commune,
            role=Role.BOARD_MEMBER,
            reason="x",
        )
    services.membership_grant(
        actor=province_admin, user=person, unit=tree.board, role=Role.BOARD_MEMBER, reason="x"
    )


def test_a_person_may_change_their_own_language_but_not_someone_elses(case_officer, leader):
    services.user_update(actor=case_officer, user=case_officer, reason="x", language="en")
    assert User.objects.get(pk=case_officer.pk).language == "en"
    with pytest.raises(NotAllowed):
        services.user_update(actor=case_officer, user=leader, reason="x", language="en")


@pytest.mark.django_db(transaction=True)
def test_two_runners_creating_the_system_user_at_once_both_get_the_same_one():
    import threading

    from django.db import connection

    from units.services import SYSTEM_USERNAME, system_user

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    barrier = threading.Barrier(2)
    found, failed = [], []

    def create():
        try:
            barrier.wait()
            found.append(system_user().pk)
        except Exception as error:  # the test reports it; a runner would lose its step
            failed.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failed == []
    assert len(set(found)) == 1
    from units.models import User

    assert User.objects.filter(username=SYSTEM_USERNAME).count() == 1
