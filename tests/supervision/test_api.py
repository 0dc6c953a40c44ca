"""The boards over REST: boards and their changes, cases and rounds opened and moved through
`actions/{action}/` by the entitled role, other roles refused with a message (403/409/400),
reads narrowed to what the caller may see, no requester's name in any response."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient


@pytest.fixture
def api():
    def api(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return api


def _open_request(api, boards, **extra):
    return api(boards.member).post(
        f"/api/v1/inspection-cases/open/{boards.board.pk}/",
        {
            "source": "request",
            "subject": "Lấn chiếm hành lang kênh",
            "supervised_body": "UBND xã",
            "starts_on": timezone.localdate().isoformat(),
            "requester_name": "Nguyễn Văn Tố",
            "requester_phone": "0912345678",
            "protect_identity": True,
            **extra,
        },
        format="json",
    )


def test_a_case_runs_through_the_api_and_never_names_the_requester(api, boards):
    response = _open_request(api, boards)
    assert response.status_code == 201, response.content
    body = response.json()
    pk = body["id"]
    assert body["protect_identity"] is True
    assert "Nguyễn Văn Tố" not in response.content.decode()
    url = f"/api/v1/inspection-cases/{pk}/actions"
    past = (timezone.localdate() - dt.timedelta(days=10)).isoformat()
    for who, action, data in (
        (boards.member, "send_plan", {"plan_sent_on": past, "sent_to": "UBND"}),
        (boards.member, "start", {}),
        (boards.member, "record_findings", {"findings": "Có vi phạm."}),
        (boards.member, "draft_recommendation", {"recommendation": "Đề nghị xử lý."}),
        (boards.leader, "certify", {}),
        (boards.head, "send", {"answerer": "ubnd", "answering_agency": boards.agency.pk}),
        (boards.official, "respond", {"response": "Đã xử lý."}),
        (boards.member, "tell_requester", {"told_how": "Gặp trực tiếp"}),
        (boards.head, "report", {"report_note": "Xong."}),
        (boards.officer, "close", {}),
    ):
        response = api(who).post(f"{url}/{action}/", data, format="json")
        assert response.status_code in (200, 204), (action, response.content)
        assert "Nguyễn Văn Tố" not in response.content.decode()
    detail = api(boards.officer).get(f"/api/v1/inspection-cases/{pk}/").json()
    assert detail["state"] == "closed" and detail["doc_number"] == "01/KN-BTTND"


def test_refusals_carry_a_message(api, boards):
    pk = _open_request(api, boards).json()["id"]
    url = f"/api/v1/inspection-cases/{pk}/actions"
    refused = api(boards.official).post(
        f"{url}/send_plan/", {"plan_sent_on": "2026-11-01", "sent_to": "x"}, format="json"
    )
    assert refused.status_code in (403, 404)
    wrong_step = api(boards.member).post(f"{url}/certify/", {}, format="json")
    assert wrong_step.status_code == 409 and wrong_step.json()["detail"]
    bad = api(boards.member).post(f"{url}/send_plan/", {"plan_sent_on": "hôm qua"}, format="json")
    assert bad.status_code == 400
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    domain = api(boards.member).post(
        f"{url}/send_plan/", {"plan_sent_on": future, "sent_to": "UBND"}, format="json"
    )
    assert domain.status_code == 400 and domain.json()["detail"]


def test_reads_are_narrowed_to_the_callers_boards(api, boards):
    _open_request(api, boards)
    assert len(api(boards.member).get("/api/v1/inspection-cases/").json()["results"]) == 1
    assert api(boards.stranger).get("/api/v1/inspection-cases/").json()["results"] == []
    assert api(boards.stranger).get("/api/v1/boards/").json()["results"] == []
    assert (
        api(boards.stranger)
        .post(f"/api/v1/inspection-cases/open/{boards.board.pk}/", {}, format="json")
        .status_code
        == 404
    )
    [board] = api(boards.officer).get("/api/v1/boards/").json()["results"]
    assert board["state"] == "active" and len(board["members"]) == 5


def test_board_changes_through_the_api(api, boards):
    url = f"/api/v1/boards/{boards.board.pk}"
    added = api(boards.officer).post(
        f"{url}/members/", {"full_name": "Lý Văn Mới", "village": "Thôn Mới"}, format="json"
    )
    assert added.status_code == 200 and len(added.json()["members"]) == 6
    refused = api(boards.member).post(f"{url}/members/", {"full_name": "X Y"}, format="json")
    assert refused.status_code == 403
    official = api(boards.officer).post(
        f"{url}/members/", {"full_name": "Cán Bộ Xã", "commune_official": True}, format="json"
    )
    assert official.status_code == 400 and "Cán Bộ Xã" in official.json()["detail"]
    assert api(boards.officer).post(f"{url}/nonsense/", {}, format="json").status_code == 404


def test_a_round_through_the_api_shows_its_checklist(api, boards, investment_board):
    response = api(boards.investment_member).post(
        f"/api/v1/investment-rounds/open/{investment_board.pk}/",
        {"subject": "Giám sát nền đường", "starts_on": "2027-02-01"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert len(body["checklist"]) == 10 and body["checklist"][0]["conformity"] == "not_observed"
    url = f"/api/v1/investment-rounds/{body['id']}/actions"
    sent = (timezone.localdate() - dt.timedelta(days=50)).isoformat()
    for action, data in (
        ("notify_investor", {"notice_sent_on": sent}),
        ("start_site_check", {}),
        ("check_item", {"item": "harm", "conformity": "no", "notes": "Nứt tường"}),
    ):
        ok = api(boards.investment_member).post(f"{url}/{action}/", data, format="json")
        assert ok.status_code == 200, (action, ok.content)
    entry = next(e for e in ok.json()["checklist"] if e["item"] == "harm")
    assert entry["conformity"] == "no" and ok.json()["state"] == "site_check"
