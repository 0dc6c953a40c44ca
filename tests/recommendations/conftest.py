"""A provincial session and its cast: the province committee's officer and leader, a deputy of
the NA delegation and its office, two agencies that answer."""

import datetime as dt
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.utils import timezone, translation

from recommendations import services
from recommendations.services import OpinionRow
from units.choices import Role, UnitKind, UnitLevel
from workdays.models import TimeLimit
from workflows import acting

from ..conftest import _person
from ..factories import make_unit


@pytest.fixture(autouse=True)
def _english():
    """The tests read the English wording (the catalogue's source); the cast's accounts are set
    to English too, so pages answer them in it."""
    with translation.override("en"):
        yield


@pytest.fixture
def voter_limits(time_limits):
    if not TimeLimit.objects.filter(case_kind="voter_na").exists():
        import_module("recommendations.migrations.0002_time_limits").seed(apps, None)


@pytest.fixture
def voters(tree, voter_limits):
    p = tree.province
    delegation = make_unit(
        p, "Đoàn ĐBQH tỉnh Lâm Sơn", kind=UnitKind.DEPUTIES_DELEGATION, level=UnitLevel.PROVINCE
    )
    works = make_unit(p, "Sở Xây dựng tỉnh Lâm Sơn", kind=UnitKind.AGENCY, level=UnitLevel.PROVINCE)
    farming = make_unit(
        p, "Sở Nông nghiệp và Môi trường", kind=UnitKind.AGENCY, level=UnitLevel.PROVINCE
    )
    cast = SimpleNamespace(
        province=p,
        delegation=delegation,
        works=works,
        farming=farming,
        officer=_person("tinh_chuyenvien", p, Role.CASE_OFFICER),
        leader=_person("tinh_lanhdao", p, Role.UNIT_LEADER),
        deputy=_person("daibieu", delegation, Role.DEPUTY),
        office=_person("vanphong", delegation, Role.DEPUTIES_OFFICE),
        works_official=_person("so_xaydung", works, Role.AGENCY_OFFICIAL),
        farming_official=_person("so_nongnghiep", farming, Role.AGENCY_OFFICIAL),
        auditor=_person("tinh_kiemtra", p, Role.AUDITOR, subtree=True),
        stranger=_person("nguoingoai_tinh", tree.other_province, Role.CASE_OFFICER),
    )
    from units.models import User

    User.objects.filter(pk__in=[u.pk for u in vars(cast).values() if isinstance(u, User)]).update(
        language="en"
    )
    today = timezone.localdate()
    cast.session = services.session_create(
        actor=cast.officer,
        unit=p,
        delegation=delegation,
        body="national_assembly",
        kind="regular",
        term=15,
        number=10,
        title="Kỳ họp thứ 10, Quốc hội khóa XV",
        opens_on=today + dt.timedelta(days=40),
        closes_on=today + dt.timedelta(days=70),
    )
    return cast


def soon(days=30, hour=8):
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def plan(voters):
    def plan(**extra):
        data = dict(
            actor=voters.officer,
            session=voters.session,
            unit=voters.province,
            kind="before_session",
            form="conference",
            starts_at=soon(),
            deputies=[voters.deputy],
            place="Nhà văn hóa xã An Bình",
            chair="Chủ tịch UBMTTQ tỉnh",
        )
        data.update(extra)
        return services.meeting_plan(**data)

    return plan


def held_meeting(voters, meeting, *, when=None):
    """A planned meeting taken through announce and hold (its date moved to the past, as the
    clock would have it)."""
    from recommendations.models import Meeting

    acting.act(case=meeting, action="announce", actor=voters.officer, note="")
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=when or soon(-1))
    meeting.refresh_from_db()
    acting.act(
        case=meeting,
        action="hold",
        actor=voters.officer,
        voters_attending=120,
        deputies_present=[voters.deputy],
    )
    meeting.refresh_from_db()
    return meeting


ROWS = [
    OpinionRow(
        content="Đề nghị sửa chữa tuyến đường ĐT 741 đoạn qua xã An Bình.", field="infrastructure"
    ),
    OpinionRow(
        content="Đường ĐT741 qua An Bình xuống cấp, đề nghị sớm sửa chữa.",
        field="infrastructure",
        raised_by="group",
        voters=12,
        voter_name="Trần Thị Mai",
    ),
    OpinionRow(content="Giá phân bón tăng cao, đề nghị bình ổn giá.", field="economy"),
]
