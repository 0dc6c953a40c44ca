"""A commune's boards and their cast: the commune Front's officer and leader, a recognised
People's Inspection Board with its head and a member who log in, the People's Committee that
answers, a project with its investment supervision board, an auditor and a stranger."""

import datetime as dt
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.utils import timezone, translation

from supervision import services
from supervision.choices import BoardKind, MemberRole, MemberSource, PartyRole
from units.choices import Role
from workdays.models import TimeLimit
from workflows import acting

from ..conftest import _person

VILLAGES = ["Thôn Đông", "Thôn Tây", "Thôn Nam", "Thôn Bắc", "Thôn Trung"]
NAMES = ["Hoàng Thị Thanh", "Lê Văn Bình", "Phạm Thị Hoa", "Đỗ Văn Hùng", "Vũ Thị Lan"]


def steps(case) -> list[str]:
    """The names of the case's open steps."""
    return [t.flow_task.name for t in acting.open_tasks(case)]


def act(case, action, actor, **data):
    """Runs one action of the case as `actor` and reads the case back."""
    acting.act(case=case, action=action, actor=actor, **data)
    case.refresh_from_db()
    return case


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def board_limits(time_limits):
    if not TimeLimit.objects.filter(case_kind="board_inspection").exists():
        import_module("supervision.migrations.0002_time_limits").seed(apps, None)


def seat_members(board, officer, *, users=(), source=MemberSource.RESIDENT, names=NAMES):
    """Seats five members (the first the head, the second a deputy); `users` log in."""
    election = services.election_record(
        actor=officer,
        board=board,
        kind="election",
        held_on=timezone.localdate() - dt.timedelta(days=30),
    )
    members = []
    for i, name in enumerate(names):
        role = MemberRole.HEAD if i == 0 else MemberRole.DEPUTY if i == 1 else MemberRole.MEMBER
        members.append(
            services.member_add(
                actor=officer,
                board=board,
                full_name=name,
                village=VILLAGES[i],
                role=role,
                source=source,
                seated_by=election,
                user=users[i] if i < len(users) else None,
            )
        )
    return members


@pytest.fixture
def boards(tree, board_limits):
    commune = tree.commune
    cast = SimpleNamespace(
        commune=commune,
        agency=tree.agency,
        officer=_person("xa_chuyenvien", commune, Role.CASE_OFFICER),
        leader=_person("xa_lanhdao", commune, Role.UNIT_LEADER),
        official=_person("ubnd_xa", tree.agency, Role.AGENCY_OFFICIAL),
        auditor=_person("kiemtra", tree.province, Role.AUDITOR, subtree=True),
        stranger=_person("nguoingoai", tree.other_commune, Role.CASE_OFFICER),
    )
    from units.models import User

    board = services.board_create(
        actor=cast.officer, commune=commune, kind=BoardKind.INSPECTION, villages=5
    )
    cast.head = _person("truongban", board.unit, Role.BOARD_HEAD)
    cast.member = _person("thanhvien", board.unit, Role.BOARD_MEMBER)
    seat_members(board, cast.officer, users=(cast.head, cast.member))
    services.board_recognise(
        actor=cast.leader,
        board=board,
        term_starts=timezone.localdate() - dt.timedelta(days=20),
        notice_to="HĐND xã, UBND xã, nhân dân qua loa truyền thanh",
    )
    services.board_activate(actor=cast.officer, board=board)
    board.refresh_from_db()
    cast.board = board
    User.objects.filter(pk__in=[u.pk for u in vars(cast).values() if isinstance(u, User)]).update(
        language="en"
    )
    return cast


@pytest.fixture
def project(boards):
    project = services.project_create(
        actor=boards.officer,
        unit=boards.commune,
        code="DA-01",
        name="Nâng cấp đường liên thôn Đông – Tây",
        type="public",
        commune_budget=True,
        location="Thôn Đông",
        budget=4_500_000_000,
    )
    services.party_add(
        actor=boards.officer,
        project=project,
        role=PartyRole.INVESTOR,
        name="Ban Quản lý dự án xã An Bình",
        people="Trần Quốc Toản",
    )
    services.party_add(
        actor=boards.officer,
        project=project,
        role=PartyRole.CONTRACTOR,
        name="Công ty TNHH Xây dựng Minh Phát",
        people="Ngô Minh Phát\nLê Thị Hồng",
    )
    return project


@pytest.fixture
def investment_board(boards, project):
    """The project's board, established and at work; its head and a member log in."""
    board = services.board_create(
        actor=boards.officer, commune=boards.commune, kind=BoardKind.INVESTMENT, project=project
    )
    boards.investment_head = _person("truongban_gsdt", board.unit, Role.BOARD_HEAD)
    boards.investment_member = _person("thanhvien_gsdt", board.unit, Role.BOARD_MEMBER)
    members = seat_members(
        board,
        boards.officer,
        users=(boards.investment_head, boards.investment_member),
        names=["Đinh Văn Sơn", "Mai Thị Thu", "Trịnh Văn Long", "Cao Thị Nga", "Bùi Văn Tâm"],
    )
    for member in members:
        services.member_declare(actor=boards.officer, member=member)
    services.board_elect(actor=boards.officer, board=board)
    services.board_establish(actor=boards.leader, board=board)
    services.board_notify_composition(
        actor=boards.officer, board=board, notice_to="Ban QLDA xã; UBND xã"
    )
    services.board_activate(actor=boards.officer, board=board)
    board.refresh_from_db()
    return board
