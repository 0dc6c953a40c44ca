import datetime as dt

import pytest

from units.choices import Role
from units.errors import DomainError, NotAllowed
from workdays import calendar
from workdays.models import CalendarOverride, DayKind
from workdays.services import calendar_override_remove, calendar_override_set

from ..factories import UserFactory, grant

pytestmark = pytest.mark.django_db

EXTRA_DAY_OFF = dt.date(2026, 3, 9)


@pytest.fixture
def central_admin(tree):
    user = UserFactory(username="quantritw")
    grant(user, tree.central, Role.ADMINISTRATOR)
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(username="sieuquantri", is_superuser=True, is_staff=True)


@pytest.fixture(params=["central_admin", "superuser"])
def calendar_editor(request):
    return request.getfixturevalue(request.param)


def test_a_provincial_administrator_may_not_add_a_day_off(province_admin):
    with pytest.raises(NotAllowed):
        calendar_override_set(
            actor=province_admin, date=EXTRA_DAY_OFF, kind=DayKind.DAY_OFF, reason="Nghỉ bù"
        )
    assert not CalendarOverride.objects.exists()
    assert not CalendarOverride.history.exists()


def test_a_central_case_officer_may_not_add_a_day_off(tree):
    officer = UserFactory(username="chuyenvientw")
    grant(officer, tree.central, Role.CASE_OFFICER)
    with pytest.raises(NotAllowed):
        calendar_override_set(
            actor=officer, date=EXTRA_DAY_OFF, kind=DayKind.DAY_OFF, reason="Nghỉ bù"
        )
    assert not CalendarOverride.objects.exists()


def test_a_provincial_administrator_may_not_remove_a_change(province_admin, superuser):
    override = calendar_override_set(
        actor=superuser, date=EXTRA_DAY_OFF, kind=DayKind.DAY_OFF, reason="Nghỉ bù"
    )
    with pytest.raises(NotAllowed):
        calendar_override_remove(actor=province_admin, override=override, reason="Nhầm")
    assert CalendarOverride.objects.filter(pk=override.pk).exists()
    assert CalendarOverride.history.count() == 1


def test_a_national_administrator_adds_a_day_off_with_its_reason_in_the_history(
    calendar_editor,
):
    reason = "Thông báo 123/TB-BNV: nghỉ bù"
    override = calendar_override_set(
        actor=calendar_editor, date=EXTRA_DAY_OFF, kind=DayKind.DAY_OFF, reason=reason
    )
    assert CalendarOverride.objects.get() == override
    assert not calendar.is_working_day(EXTRA_DAY_OFF)
    row = override.history.get()
    assert row.history_type == "+"
    assert row.history_user == calendar_editor
    assert row.history_change_reason == reason


def test_setting_a_date_again_changes_the_one_row_and_adds_one_history_row(calendar_editor):
    calendar_override_set(
        actor=calendar_editor, date=EXTRA_DAY_OFF, kind=DayKind.DAY_OFF, reason="Nghỉ bù"
    )
    override = calendar_override_set(
        actor=calendar_editor,
        date=EXTRA_DAY_OFF,
        kind=DayKind.WORKING_DAY,
        reason="Hủy nghỉ bù, làm việc bình thường",
    )
    assert CalendarOverride.objects.get().kind == DayKind.WORKING_DAY
    assert override.history.count() == 2
    latest = override.history.latest()
    assert latest.history_type == "~"
    assert latest.history_user == calendar_editor
    assert latest.history_change_reason == "Hủy nghỉ bù, làm việc bình thường"


def test_a_national_administrator_removes_a_change_with_its_reason_in_the_history(
    calendar_editor,
):
    override = calendar_override_set(
        actor=calendar_editor, date=EXTRA_DAY_OFF, kind=DayKind.DAY_OFF, reason="Nghỉ bù"
    )
    pk = override.pk
    calendar_override_remove(actor=calendar_editor, override=override, reason="Nhập nhầm ngày")
    assert not CalendarOverride.objects.exists()
    assert calendar.is_working_day(EXTRA_DAY_OFF)
    rows = CalendarOverride.history.filter(id=pk)
    assert rows.count() == 2
    removal = rows.get(history_type="-")
    assert removal.history_user == calendar_editor
    assert removal.history_change_reason == "Nhập nhầm ngày"


def test_an_unknown_kind_of_day_is_refused_and_nothing_is_written(central_admin):
    with pytest.raises(DomainError):
        calendar_override_set(
            actor=central_admin, date=EXTRA_DAY_OFF, kind="half_day", reason="Nghỉ nửa ngày"
        )
    assert not CalendarOverride.objects.exists()
    assert not CalendarOverride.history.exists()
