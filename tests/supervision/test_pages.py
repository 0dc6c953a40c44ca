"""The boards' pages: the board member's home (their board, plan, cases and deadlines), the
board page with the changes the Front may make, a case page that shows a protected requester
only to those granted and records each showing, refusals as a message (never a 500)."""

import pytest
from django.test import Client
from django.utils import timezone

from supervision import services
from supervision.models import RequesterView


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def request_case(boards):
    return services.case_open(
        actor=boards.member,
        board=boards.board,
        source="request",
        subject="Lấn chiếm hành lang kênh tưới",
        supervised_body="UBND xã",
        starts_on=timezone.localdate(),
        requester_name="Nguyễn Văn Tố",
        requester_phone="0912345678",
        protect_identity=True,
    )


def test_the_board_members_home_shows_their_board_plan_and_cases(boards, request_case):
    plan = services.plan_create(actor=boards.member, board=boards.board, period="year", year=2026)
    services.plan_item_add(
        actor=boards.member,
        plan=plan,
        subject="Quỹ phòng chống thiên tai",
        supervised_body="UBND xã",
        starts_on=timezone.localdate(),
    )
    services.plan_approve(actor=boards.leader, plan=plan)
    page = _client(boards.member).get("/").content.decode()
    assert boards.board.unit.name in page
    assert plan.title in page and request_case.code in page
    due = request_case.starts_on.strftime("%d/%m/%Y")
    assert due in page  # the plan is due out before the work starts


def test_a_protected_requester_is_shown_to_the_head_and_recorded(boards, request_case):
    member_page = _client(boards.member).get(request_case.get_absolute_url()).content.decode()
    assert "Nguyễn Văn Tố" not in member_page and "0912345678" not in member_page
    assert not RequesterView.objects.exists()
    head_page = _client(boards.head).get(request_case.get_absolute_url()).content.decode()
    assert "Nguyễn Văn Tố" in head_page
    assert RequesterView.objects.filter(inspection_case=request_case, user=boards.head).count() == 1


def test_the_subject_naming_the_requester_is_scrubbed_for_others(boards):
    case = services.case_open(
        actor=boards.member,
        board=boards.board,
        source="request",
        subject="Ông Nguyen Van To phản ánh lấn chiếm",
        supervised_body="UBND xã",
        starts_on=timezone.localdate(),
        requester_name="Nguyễn Văn Tố",
        protect_identity=True,
    )
    page = _client(boards.member).get(case.get_absolute_url()).content.decode()
    assert "Nguyen Van To" not in page


@pytest.mark.parametrize("who", ["stranger", "official"])
def test_others_do_not_find_the_board_or_its_cases(boards, request_case, who):
    client = _client(getattr(boards, who))
    assert client.get(boards.board.get_absolute_url()).status_code == 404
    assert client.get(request_case.get_absolute_url()).status_code == 404


def test_the_front_changes_the_board_from_its_page_and_bad_input_is_a_message(boards):
    client = _client(boards.officer)
    page = client.get(boards.board.get_absolute_url()).content.decode()
    assert 'data-change="member"' in page and 'data-change="rating"' not in page  # a leader's
    url = f"/boards/{boards.board.pk}/change/member/"
    added = client.post(
        url, {"member-full_name": "Lý Văn Mới", "member-role": "member", "member-lives_here": "on"}
    )
    assert added.status_code == 302
    assert boards.board.current_members().filter(full_name="Lý Văn Mới").exists()
    refused = client.post(
        url,
        {
            "member-full_name": "Cán Bộ",
            "member-role": "member",
            "member-lives_here": "on",
            "member-commune_official": "on",
        },
    )
    assert refused.status_code == 400 and "commune official" in refused.content.decode()
    empty = client.post(url, {})
    assert empty.status_code == 400
    member_client = _client(boards.member)
    assert (
        member_client.post(url, {"member-full_name": "X Y", "member-role": "member"}).status_code
        == 403
    )


def test_the_leader_rates_the_board(boards):
    client = _client(boards.leader)
    response = client.post(
        f"/boards/{boards.board.pk}/change/rating/",
        {"rating-year": "2026", "rating-grade": "kha", "rating-reason": "Hoạt động đều"},
    )
    assert response.status_code == 302
    assert boards.board.ratings.get(year=2026).grade == "kha"


def test_a_case_is_opened_from_the_page(boards):
    client = _client(boards.member)
    form = client.get(f"/boards/{boards.board.pk}/cases/new/")
    assert form.status_code == 200
    response = client.post(
        f"/boards/{boards.board.pk}/cases/new/",
        {
            "source": "request",
            "subject": "Ô nhiễm",
            "supervised_body": "UBND xã",
            "starts_on": timezone.localdate().isoformat(),
            "requester_name": "",
        },
    )
    assert response.status_code == 200 and "requester" in response.content.decode()
    response = client.post(
        f"/boards/{boards.board.pk}/cases/new/",
        {
            "source": "request",
            "subject": "Ô nhiễm",
            "supervised_body": "UBND xã",
            "starts_on": timezone.localdate().isoformat(),
            "requester_name": "Hà Thị Dân",
        },
    )
    assert response.status_code == 302


def test_the_kpis_show_on_the_fronts_home(boards):
    page = _client(boards.officer).get("/boards/").content.decode()
    assert 'data-kpi="supervised"' in page and "0 of 1" in page


def test_a_round_page_shows_the_suspension_request_prominently(boards, investment_board):
    case = services.round_open(
        actor=boards.investment_member,
        board=investment_board,
        subject="Nền đường",
        starts_on=timezone.localdate(),
    )
    page = _client(boards.investment_member).get(case.get_absolute_url()).content.decode()
    assert 'data-testid="suspension"' not in page
    assert page.count('data-item="') == 10
