"""Voter contact over REST: each flow step by `actions/{action}/` for its entitled role, every
other role refused with a message, reads narrowed to what the caller may see."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from recommendations.models import Item, Meeting

from .conftest import soon


@pytest.fixture
def api():
    def api(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return api


def _plan(api, voters):
    return api(voters.officer).post(
        "/api/v1/voter-meetings/",
        {
            "session": voters.session.pk,
            "unit": voters.province.pk,
            "kind": "before_session",
            "form": "conference",
            "medium": "in_person",
            "place": "Nhà văn hóa",
            "starts_at": soon().isoformat(),
            "deputies": [voters.deputy.pk],
        },
        format="json",
    )


def test_a_meeting_is_planned_announced_held_and_minuted_over_the_api(api, voters):
    reply = _plan(api, voters)
    assert reply.status_code == 201, reply.data
    meeting = Meeting.objects.get(pk=reply.data["id"])
    assert reply.data["open_steps"][0]["name"] == "announce"
    url = f"/api/v1/voter-meetings/{meeting.pk}/actions/"
    refused = api(voters.deputy).post(url + "announce/", {}, format="json")
    assert refused.status_code == 403 and refused.data["detail"]
    assert api(voters.officer).post(url + "announce/", {}, format="json").status_code == 200
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=soon(-1))
    held = api(voters.officer).post(
        url + "hold/",
        {"voters_attending": 80, "deputies_present": [voters.deputy.pk]},
        format="json",
    )
    assert held.status_code == 200 and held.data["state"] == "held"
    rows = {
        "meeting": meeting.pk,
        "rows": [
            {"content": "Sửa đường ĐT741", "field": "infrastructure", "voter_name": "Trần Thị Mai"}
        ],
    }
    made = api(voters.officer).post("/api/v1/voter-opinions/", rows, format="json")
    assert made.status_code == 201 and "voter_name" not in made.data[0]
    assert (
        api(voters.deputy).post("/api/v1/voter-opinions/", rows, format="json").status_code == 403
    )
    minutes = api(voters.office).post(
        url + "record_minutes/", {"minutes": "Biên bản"}, format="json"
    )
    assert minutes.status_code == 200 and minutes.data["state"] == "minutes_recorded"


def test_a_step_that_is_not_open_is_a_409_and_a_bad_body_a_400(api, voters):
    meeting = Meeting.objects.get(pk=_plan(api, voters).data["id"])
    url = f"/api/v1/voter-meetings/{meeting.pk}/actions/"
    assert api(voters.officer).post(url + "close/", {}, format="json").status_code == 409
    assert api(voters.officer).post(url + "cancel/", {}, format="json").status_code == 400
    assert api(voters.officer).post(url + "nonsense/", {}, format="json").status_code == 404


def test_reads_are_narrowed_to_what_the_caller_may_see(api, voters):
    _plan(api, voters)
    assert api(voters.deputy).get("/api/v1/voter-meetings/").data["count"] == 1
    assert api(voters.stranger).get("/api/v1/voter-meetings/").data["count"] == 0
    assert api(voters.stranger).get("/api/v1/voter-sessions/").data["count"] == 0
    assert api(voters.works_official).get("/api/v1/voter-items/").data["count"] == 0


def test_an_item_is_drafted_routed_and_answered_over_the_api(api, voters, plan):
    from recommendations import services

    from .conftest import ROWS, held_meeting

    meeting = held_meeting(voters, plan())
    opinions = services.opinions_capture(meeting=meeting, actor=voters.officer, rows=ROWS)
    for opinion in opinions:
        api(voters.officer).post(f"/api/v1/voter-opinions/{opinion.pk}/aggregate/")
    drafted = api(voters.officer).post(
        "/api/v1/voter-items/",
        {
            "session": voters.session.pk,
            "opinions": [o.pk for o in opinions[:2]],
            "title": "Đường ĐT741",
            "content": "Sửa đường",
        },
        format="json",
    )
    assert drafted.status_code == 201 and drafted.data["voter_count"] == 13
    url = f"/api/v1/voter-items/{drafted.data['id']}/actions/"
    body = {"scope": "local", "field": "infrastructure", "agencies": [voters.works.pk]}
    assert api(voters.officer).post(url + "classify/", body, format="json").status_code == 200
    assert api(voters.officer).post(url + "send_report/", {}, format="json").status_code == 403
    assert api(voters.leader).post(url + "send_report/", {}, format="json").status_code == 200
    item = Item.objects.get(pk=drafted.data["id"])
    answer = item.answers.get()
    seen = api(voters.works_official).get("/api/v1/voter-answers/")
    assert [a["id"] for a in seen.data["results"]] == [answer.pk]
    reply = api(voters.works_official).post(
        f"/api/v1/voter-answers/{answer.pk}/actions/answer/",
        {
            "outcome": "in_progress",
            "content": "Đang sửa",
            "roadmap": "Quý II/2027",
            "promised_on": (dt.date.today() + dt.timedelta(days=100)).isoformat(),
        },
        format="json",
    )
    assert reply.status_code == 200 and reply.data["state"] == "answered"
    item.refresh_from_db()
    assert item.state == "answered"


def test_the_schema_documents_the_voter_endpoints(api, voters):
    schema = api(voters.officer).get("/api/schema/")
    assert schema.status_code == 200
    assert "/api/v1/voter-items/{id}/actions/{action_name}/" in schema.content.decode()
