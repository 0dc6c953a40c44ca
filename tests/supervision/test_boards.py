"""The registry of boards: composition rules (Decree 59 Art. 13; THDCOCS Art. 37, 42),
recognition and establishment refused until they hold, the conflict-of-interest check against
the project's parties (diacritics ignored), and a by-election for a seat left early."""

import datetime as dt

import pytest
from django.utils import timezone

from cases.errors import DomainError, NotAllowed
from supervision import composition, conflicts, services
from supervision.choices import BoardKind, MemberRole
from supervision.models import ConflictFlag, Vacancy
from workflows import acting

from .conftest import seat_members


def _board(boards, **extra):
    return services.board_create(
        actor=boards.officer, commune=boards.neighbour_commune, kind=BoardKind.INSPECTION, **extra
    )


@pytest.fixture
def neighbour(boards, tree):
    from units.choices import Role

    from ..conftest import _person

    boards.neighbour_commune = tree.neighbour
    boards.officer_n = _person("phuhoa_cv", tree.neighbour, Role.CASE_OFFICER)
    boards.leader_n = _person("phuhoa_ld", tree.neighbour, Role.UNIT_LEADER)
    return boards


def _new(neighbour, villages=5):
    return services.board_create(
        actor=neighbour.officer_n,
        commune=neighbour.neighbour_commune,
        kind=BoardKind.INSPECTION,
        villages=villages,
    )


def _recognise(neighbour, board):
    return services.board_recognise(
        actor=neighbour.leader_n,
        board=board,
        term_starts=timezone.localdate(),
        notice_to="HĐND, UBND, nhân dân",
    )


def test_a_board_with_four_members_is_not_recognised(neighbour):
    board = _new(neighbour)
    seat_members(
        board, neighbour.officer_n, names=["A Văn Một", "B Văn Hai", "C Văn Ba", "D Văn Bốn"]
    )
    with pytest.raises(DomainError, match="5 villages or groups elect 5 members; 4 are seated"):
        _recognise(neighbour, board)
    board.refresh_from_db()
    assert board.state == "forming"


def test_one_member_per_village_and_seven_villages_seven_members(neighbour):
    board = _new(neighbour, villages=7)
    seat_members(board, neighbour.officer_n)
    assert any("7 villages" in p for p in composition.problems(board))
    services.member_add(
        actor=neighbour.officer_n, board=board, full_name="Lý Văn Sáu", village="Thôn Đông"
    )
    assert any("Thôn Đông" in p for p in composition.problems(board))


def test_a_commune_with_fewer_than_five_villages_elects_exactly_five(neighbour):
    board = _new(neighbour, villages=3)
    seat_members(board, neighbour.officer_n)
    assert composition.problems(board) == []
    services.member_add(actor=neighbour.officer_n, board=board, full_name="Lý Văn Sáu")
    assert any("fewer than 5 villages elects 5" in p for p in composition.problems(board))


def test_at_most_two_deputy_heads_and_a_head_before_recognition(neighbour):
    board = _new(neighbour, villages=3)
    members = seat_members(board, neighbour.officer_n)
    services.member_leave(
        actor=neighbour.officer_n, member=members[4], left_on=timezone.localdate(), reason="Ốm"
    )
    for name in ("Lý Văn Sáu",):
        services.member_add(
            actor=neighbour.officer_n, board=board, full_name=name, role=MemberRole.DEPUTY
        )
    services.member_add(
        actor=neighbour.officer_n, board=board, full_name="Tạ Văn Bảy", role=MemberRole.DEPUTY
    )
    with pytest.raises(DomainError, match="at most 2 deputy heads"):
        _recognise(neighbour, board)
    with pytest.raises(DomainError, match="already has a head"):
        services.member_add(
            actor=neighbour.officer_n, board=board, full_name="X Văn Y", role=MemberRole.HEAD
        )


@pytest.mark.parametrize(
    "flag, message",
    [
        ("lives_here", "does not live"),
        ("commune_official", "commune official"),
        ("village_staff", "staff"),
    ],
)
def test_who_may_not_sit_on_a_board(neighbour, flag, message):
    board = _new(neighbour)
    value = flag != "lives_here"
    with pytest.raises(DomainError, match=message):
        services.member_add(
            actor=neighbour.officer_n, board=board, full_name="Hà Văn Cấm", **{flag: value}
        )
    assert not board.members.exists()


def test_only_the_fronts_leader_recognises_and_it_is_told_to_whom(neighbour):
    board = _new(neighbour, villages=3)
    seat_members(board, neighbour.officer_n)
    with pytest.raises(NotAllowed):
        services.board_recognise(
            actor=neighbour.officer_n, board=board, term_starts=timezone.localdate(), notice_to="x"
        )
    with pytest.raises(DomainError, match="who was told"):
        services.board_recognise(
            actor=neighbour.leader_n, board=board, term_starts=timezone.localdate(), notice_to=" "
        )
    board = _recognise(neighbour, board)
    assert board.state == "recognised"
    assert (board.term_ends - board.term_starts).days in (1826, 1827)  # five years (setting)
    assert board.history.latest().history_change_reason == "Board recognised"


def test_a_seat_left_with_months_to_run_calls_for_a_by_election(boards):
    member = boards.board.members.get(full_name="Vũ Thị Lan")
    vacancy = services.member_leave(
        actor=boards.officer, member=member, left_on=timezone.localdate(), reason="Chuyển đi"
    )
    assert isinstance(vacancy, Vacancy) and vacancy.village == "Thôn Trung"
    [task] = acting.open_tasks(vacancy)
    assert task.route.unit == boards.commune and task.route.role == "case_officer"
    with pytest.raises(NotAllowed):
        acting.act(
            case=vacancy,
            action="fill",
            actor=boards.head,
            held_on=timezone.localdate(),
            full_name="Z",
        )
    acting.act(
        case=vacancy,
        action="fill",
        actor=boards.officer,
        held_on=timezone.localdate(),
        full_name="Lý Văn Mới",
    )
    vacancy.refresh_from_db()
    assert vacancy.state == "filled"
    new = boards.board.current_members().get(full_name="Lý Văn Mới")
    assert new.seated_by.kind == "by_election" and new.village == "Thôn Trung"


def test_a_seat_left_in_the_last_months_calls_for_none(boards):
    board = boards.board
    board.term_ends = timezone.localdate() + dt.timedelta(days=100)
    board.save()
    member = board.members.get(full_name="Vũ Thị Lan")
    assert (
        services.member_leave(
            actor=boards.officer, member=member, left_on=timezone.localdate(), reason="Chuyển đi"
        )
        is None
    )


# Conflict of interest ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "member_name, party_line, match",
    [
        ("Lê Thị Hồng", "Lê Thị Hồng", True),
        ("Le Thi Hong", "LÊ THỊ HỒNG", True),
        ("Lê Thị Hồng", "Bà Lê Thị Hồng, giám đốc", True),
        ("Lê Thị Hồng", "Lê Thị Hồng Nhung", True),  # a longer name contains it: worth asking
        ("Lê Thị Hồng", "Lê Văn Hồng", False),
        ("Hồng", "Lê Thị Hồng", False),  # one word is no name
        ("Ngô Minh", "Công ty Minh Phát", False),
    ],
)
def test_names_are_matched_ignoring_diacritics(member_name, party_line, match):
    assert conflicts.matches(member_name, party_line) is match


def test_a_member_named_like_a_contractor_is_flagged_and_blocks_establishment(boards, project):
    board = services.board_create(
        actor=boards.officer, commune=boards.commune, kind=BoardKind.INVESTMENT, project=project
    )
    members = seat_members(
        board,
        boards.officer,
        names=["Ngo Minh Phat", "Mai Thị Thu", "Trịnh Văn Long", "Cao Thị Nga", "Bùi Văn Tâm"],
    )
    [flag] = ConflictFlag.objects.filter(member__board=board)
    assert flag.matched_name == "Ngô Minh Phát" and flag.party.role == "contractor"
    for member in members:
        services.member_declare(actor=boards.officer, member=member)
    services.board_elect(actor=boards.officer, board=board)
    with pytest.raises(DomainError, match="conflict-of-interest flag"):
        services.board_establish(actor=boards.leader, board=board)
    services.flag_resolve(
        actor=boards.officer, flag=flag, upheld=True, finding="Là anh ruột giám đốc nhà thầu."
    )
    assert board.current_members().count() == 4
    services.member_add(actor=boards.officer, board=board, full_name="Hà Thị Mới", role="member")
    services.member_declare(actor=boards.officer, member=board.members.get(full_name="Hà Thị Mới"))
    services.board_establish(actor=boards.leader, board=board)
    board.refresh_from_db()
    assert board.state == "established"


def test_a_party_added_later_is_checked_against_the_seated_members(investment_board, boards):
    services.party_add(
        actor=boards.officer,
        project=investment_board.project,
        role="supervisor",
        name="Công ty Tư vấn Giám sát Hà Thành",
        people="Cao Thi Nga",
    )
    assert ConflictFlag.objects.filter(member__full_name="Cao Thị Nga", state="open").exists()


def test_an_investment_board_needs_every_declaration(boards, project):
    board = services.board_create(
        actor=boards.officer, commune=boards.commune, kind=BoardKind.INVESTMENT, project=project
    )
    seat_members(
        board,
        boards.officer,
        names=["Đinh Văn Sơn", "Mai Thị Thu", "Trịnh Văn Long", "Cao Thị Nga", "Bùi Văn Tâm"],
    )
    services.board_elect(actor=boards.officer, board=board)
    with pytest.raises(DomainError, match="Not yet declared"):
        services.board_establish(actor=boards.leader, board=board)


def test_at_most_five_residents_on_an_investment_board(boards, project):
    board = services.board_create(
        actor=boards.officer, commune=boards.commune, kind=BoardKind.INVESTMENT, project=project
    )
    seat_members(
        board,
        boards.officer,
        names=["Đinh Văn Sơn", "Mai Thị Thu", "Trịnh Văn Long", "Cao Thị Nga", "Bùi Văn Tâm"],
    )
    services.member_add(actor=boards.officer, board=board, full_name="Phí Văn Sáu")
    assert any(
        "At most 5 members come from the residents" in p for p in composition.problems(board)
    )


def test_recognition_and_a_name_match_are_announced(boards, project):
    from notifications.models import Notification

    told = set(
        Notification.objects.filter(kind="board_announced").values_list("recipient", flat=True)
    )
    assert {boards.head.pk, boards.member.pk, boards.officer.pk, boards.leader.pk} <= told
    board = services.board_create(
        actor=boards.officer, commune=boards.commune, kind=BoardKind.INVESTMENT, project=project
    )
    services.member_add(actor=boards.officer, board=board, full_name="Trần Quốc Toản")
    flagged = Notification.objects.filter(kind="conflict_flagged")
    assert set(flagged.values_list("recipient", flat=True)) == {boards.officer.pk, boards.leader.pk}
    assert flagged.first().url == board.get_absolute_url()
