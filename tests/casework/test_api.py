"""The petitions API, walked as the cast: each step by the role it belongs to, everyone else
refused, and a denouncer's identity never reaching an agency official."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient
from viewflow.workflow.status import PROCESS

from casework.choices import PetitionState as S
from casework.models import IdentityView, Petition

pytestmark = pytest.mark.django_db

LIST = "/api/v1/petitions/"

DENOUNCER = {
    "full_name": "Nguyễn Văn Tố",
    "id_number": "001090012345",
    "phone": "0912345678",
    "address": "Số 5 ngõ 12, Xã An Bình",
    "email": "",
}


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def detail_url(petition_id: int, suffix: str = "") -> str:
    return f"{LIST}{petition_id}/{suffix}"


def act(user, petition_id: int, action: str, **body):
    url = detail_url(petition_id, f"actions/{action}/")
    return client_for(user).post(url, body, format="json")


def state_of(petition_id: int) -> str:
    return Petition.objects.get(pk=petition_id).state


@pytest.fixture
def register(tree, reception_officer):
    """Registers a petition through the API as the reception officer; returns the response."""

    def register(kind="complaint", *, title="Tranh chấp đất với hộ liền kề", **extra):
        body = {
            "unit": tree.commune.pk,
            "channel": "in_person",
            "kind": kind,
            "title": title,
            "content": "Hộ liền kề lấn chiếm 20 m² đất ở, đã hòa giải ở thôn không thành.",
            "request": "Đề nghị xác minh và giải quyết.",
            "received_on": timezone.localdate().isoformat(),
            "signers": [DENOUNCER],
            **extra,
        }
        response = client_for(reception_officer).post(LIST, body, format="json")
        assert response.status_code == 201, response.content
        return response

    return register


@pytest.fixture
def cast(reception_officer, case_officer, leader, agency_official, auditor):
    return {
        "reception_officer": reception_officer,
        "case_officer": case_officer,
        "leader": leader,
        "agency_official": agency_official,
        "auditor": auditor,
    }


TODAY = timezone.localdate


def complaint_steps(tree, kind="complaint"):
    """(action, who does it, who else may, body, state after) from receipt to close."""
    today = TODAY().isoformat()
    return [
        (
            "classify",
            "case_officer",
            (),
            {"kind": kind, "field": "land", "processable": True, "reason": "Đủ điều kiện"},
            S.CLASSIFIED,
        ),
        (
            "refer",
            "case_officer",
            (),
            {"agency": tree.agency.pk, "reason": "Thuộc thẩm quyền UBND xã"},
            S.REFERRED,
        ),
        ("send_referral", "leader", (), {"reason": "Đã ký phiếu chuyển"}, S.AWAITING_ANSWER),
        (
            "record_answer",
            "agency_official",
            # The case officer may record a paper answer on the agency's behalf.
            ("case_officer",),
            {
                "document_number": "15/UBND",
                "document_date": today,
                "summary": "UBND xã đã xác minh và giải quyết.",
                "outcome": "resolved",
                "reason": "Trả lời bằng văn bản",
            },
            S.ANSWER_RECEIVED,
        ),
        (
            "notify_petitioner",
            "case_officer",
            (),
            {"on": today, "channel": "post", "reason": "Đã báo cho công dân"},
            S.PETITIONER_NOTIFIED,
        ),
        (
            "submit_disclosure",
            "case_officer",
            (),
            {
                "summary": "Vụ tranh chấp đất ở thôn đã được UBND xã giải quyết dứt điểm.",
                "reason": "Công khai kết quả",
            },
            S.DISCLOSURE_PENDING,
        ),
        ("approve_disclosure", "leader", (), {"reason": "Duyệt công khai"}, S.DISCLOSED),
        ("close", "case_officer", (), {"reason": "Kết thúc vụ việc"}, S.CLOSED),
    ]


# Registration -------------------------------------------------------------------------


def test_a_reception_officer_registers_a_petition_and_sees_its_secret_once(
    register, reception_officer
):
    response = register()

    body = response.json()
    assert body["tracking_code"] and len(body["secret"]) == 6
    assert body["state"] == S.RECEIVED and "signers" not in body
    petition = Petition.objects.get(pk=body["id"])
    assert petition.processes.filter(status=PROCESS.NEW).count() == 1
    again = client_for(reception_officer).get(detail_url(petition.pk)).json()
    assert "secret" not in again
    assert body["secret"] not in json.dumps(again)
    assert again["signers"][0]["full_name"] == DENOUNCER["full_name"]


def test_only_a_reception_officer_registers_petitions(tree, case_officer):
    body = {
        "unit": tree.commune.pk,
        "channel": "post",
        "kind": "complaint",
        "title": "Tranh chấp đất",
        "content": "Nội dung",
        "received_on": TODAY().isoformat(),
        "signers": [DENOUNCER],
    }

    response = client_for(case_officer).post(LIST, body, format="json")

    assert response.status_code == 403
    assert response.json()["detail"]
    assert not Petition.objects.exists()


def test_a_registration_without_signers_is_refused(tree, reception_officer):
    body = {
        "unit": tree.commune.pk,
        "channel": "post",
        "kind": "complaint",
        "title": "Tranh chấp đất",
        "content": "Nội dung",
        "received_on": TODAY().isoformat(),
        "signers": [],
    }

    response = client_for(reception_officer).post(LIST, body, format="json")

    assert response.status_code == 400
    assert "signers" in response.json()
    assert not Petition.objects.exists()


# Driving a case ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["complaint", "denunciation", "recommendation", "feedback"])
def test_a_petition_of_each_kind_runs_from_registration_to_close_each_step_by_its_role(
    kind, register, cast, tree
):
    petition_id = register(kind).json()["id"]

    for action, doer, also_allowed, body, state_after in complaint_steps(tree, kind):
        state_before = state_of(petition_id)
        for name, user in cast.items():
            if name == doer or name in also_allowed:
                continue
            refused = act(user, petition_id, action, **body)
            # Before the referral the agency does not even see the case.
            sees_case = name != "agency_official" or state_before not in (S.RECEIVED, S.CLASSIFIED)
            assert refused.status_code == (403 if sees_case else 404), (action, name)
            assert refused.json()["detail"], (action, name)
            assert state_of(petition_id) == state_before

        response = act(cast[doer], petition_id, action, **body)

        assert response.status_code == 200, (action, response.content)
        assert response.json()["state"] == state_after
        assert state_of(petition_id) == state_after

    petition = Petition.objects.get(pk=petition_id)
    assert petition.processes.get().status == PROCESS.DONE
    shown = client_for(cast["case_officer"]).get(detail_url(petition_id)).json()
    assert shown["current_referral"]["agency"] == tree.agency.name
    assert shown["current_referral"]["sent_on"] == TODAY().isoformat()
    assert shown["disclosure"]["summary"].startswith("Vụ tranh chấp đất")


def test_repeating_a_completed_step_is_a_conflict(register, case_officer):
    petition_id = register().json()["id"]
    body = {"kind": "complaint", "field": "land", "processable": True, "reason": "Đủ điều kiện"}
    assert act(case_officer, petition_id, "classify", **body).status_code == 200

    again = act(case_officer, petition_id, "classify", **body)

    assert again.status_code == 409
    assert again.json()["detail"]
    assert state_of(petition_id) == S.CLASSIFIED


def test_an_invalid_body_is_refused_and_changes_nothing(register, case_officer):
    petition_id = register().json()["id"]
    petition = Petition.objects.get(pk=petition_id)
    rows_before = petition.history.count()

    response = act(case_officer, petition_id, "classify", kind="gossip", reason="")

    assert response.status_code == 400
    assert {"kind", "field", "processable", "reason"} <= set(response.json())
    assert state_of(petition_id) == S.RECEIVED
    assert petition.history.count() == rows_before
    tasks = client_for(case_officer).get(detail_url(petition_id, "tasks/")).json()
    assert [t["status"] for t in tasks] == ["NEW"]


def test_a_domain_refusal_is_a_bad_request_with_a_detail(register, cast, tree):
    petition_id = register().json()["id"]
    for action, doer, _also, body, _state in complaint_steps(tree)[:5]:
        assert act(cast[doer], petition_id, action, **body).status_code == 200
    assert state_of(petition_id) == S.PETITIONER_NOTIFIED
    case_officer = cast["case_officer"]

    naming = act(
        case_officer,
        petition_id,
        "submit_disclosure",
        summary=f"Ông {DENOUNCER['full_name']} đã được UBND xã trả lời đầy đủ.",
        reason="Công khai",
    )

    assert naming.status_code == 400
    assert naming.json()["detail"]
    assert state_of(petition_id) == S.PETITIONER_NOTIFIED


def test_an_unknown_action_is_not_found(register, case_officer):
    petition_id = register().json()["id"]

    response = act(case_officer, petition_id, "approve_everything", reason="x")

    assert response.status_code == 404
    assert state_of(petition_id) == S.RECEIVED


# Reading ----------------------------------------------------------------------------------


def test_an_outsider_cannot_see_a_petition(register, outsider):
    petition_id = register().json()["id"]
    client = client_for(outsider)

    assert client.get(detail_url(petition_id)).status_code == 404
    assert client.get(detail_url(petition_id, "history/")).status_code == 404
    assert client.get(detail_url(petition_id, "tasks/")).status_code == 404
    assert act(outsider, petition_id, "classify", reason="x").status_code == 404
    assert client.get(LIST).json()["count"] == 0


def test_the_list_search_ignores_diacritics(register, case_officer):
    wanted = register(title="Tranh chấp đất").json()["id"]
    register(title="Xin hỗ trợ chính sách người có công")

    found = client_for(case_officer).get(LIST, {"q": "tranh chap dat"}).json()

    assert [p["id"] for p in found["results"]] == [wanted]


def test_the_list_filters_by_kind_and_state(register, case_officer):
    complaint = register().json()["id"]
    feedback = register("feedback", title="Góp ý về chiếu sáng").json()["id"]
    act(
        case_officer,
        complaint,
        "classify",
        kind="complaint",
        field="land",
        processable=True,
        reason="Đủ điều kiện",
    )
    client = client_for(case_officer)

    def ids(**params):
        return [p["id"] for p in client.get(LIST, params).json()["results"]]

    assert ids(kind="feedback") == [feedback]
    assert ids(state="classified") == [complaint]
    assert set(ids(open="true")) == {complaint, feedback}
    assert client.get(LIST, {"state": "nonsense"}).status_code == 400


def test_the_list_omits_signers_and_its_queries_do_not_grow_with_rows(register, case_officer):
    register()
    client = client_for(case_officer)
    with CaptureQueriesContext(connection) as one_row:
        client.get(LIST)
    for _ in range(3):
        register()

    with CaptureQueriesContext(connection) as four_rows:
        page = client.get(LIST).json()

    assert page["count"] == 4
    assert all("signers" not in p for p in page["results"])
    # Count, page, referrals with their agencies (plus the user's roles once).
    assert len(four_rows) == len(one_row) <= 5


def test_the_tasks_show_the_finished_step_and_the_open_one(register, case_officer):
    petition_id = register().json()["id"]
    act(
        case_officer,
        petition_id,
        "classify",
        kind="complaint",
        field="land",
        processable=True,
        reason="Đủ điều kiện",
    )

    tasks = client_for(case_officer).get(detail_url(petition_id, "tasks/")).json()

    finished, open_ = tasks
    assert finished["status"] == "DONE" and finished["finished"]
    assert finished["owner"] == case_officer.get_full_name()
    assert open_["status"] == "NEW" and open_["finished"] is None
    assert "refer" in open_["actions"] and open_["due"]


# A denouncer's identity --------------------------------------------------------------------


@pytest.fixture
def denunciation_referred(register, case_officer, leader, tree):
    petition_id = register("denunciation", title="Tố cáo cán bộ địa chính").json()["id"]
    steps = [
        (
            "classify",
            case_officer,
            {"kind": "denunciation", "field": "officials", "processable": True},
        ),
        # An officer's careless reason naming the denouncer must not leak through history.
        ("refer", case_officer, {"agency": tree.agency.pk, "note": ""}),
        ("send_referral", leader, {}),
    ]
    for action, user, body in steps:
        reason = f"Xử lý đơn của ông {DENOUNCER['full_name']}"
        response = act(user, petition_id, action, reason=reason, **body)
        assert response.status_code == 200, response.content
    return petition_id


def _leaks(text: str) -> list[str]:
    values = (DENOUNCER["full_name"], DENOUNCER["id_number"], DENOUNCER["phone"])
    return [v for v in values if v in text]


def test_an_agency_official_sees_a_denunciation_with_the_identity_redacted(
    denunciation_referred, agency_official
):
    response = client_for(agency_official).get(detail_url(denunciation_referred))

    assert response.status_code == 200
    assert response.json()["signers"][0]["redacted"] is True
    assert _leaks(response.content.decode()) == []
    assert not IdentityView.objects.filter(user=agency_official).exists()


def test_the_history_of_a_denunciation_shows_the_agency_official_no_trace_of_the_denouncer(
    denunciation_referred, agency_official
):
    response = client_for(agency_official).get(detail_url(denunciation_referred, "history/"))

    assert response.status_code == 200
    rows = response.json()
    text = json.dumps(rows, ensure_ascii=False)
    assert _leaks(text) == [] and _leaks(response.content.decode()) == []
    assert DENOUNCER["address"] not in text
    assert {row["record"] for row in rows}.isdisjoint({"signer", "petitioner"})
    assert [row["state"] for row in rows if row["record"] == "petition"] == [
        S.RECEIVED,
        S.CLASSIFIED,
        S.REFERRED,
        S.AWAITING_ANSWER,
    ]


def test_the_officer_who_took_the_denunciation_sees_its_signers_in_the_history(
    denunciation_referred, reception_officer
):
    rows = client_for(reception_officer).get(detail_url(denunciation_referred, "history/")).json()

    signer_rows = [row for row in rows if row["record"] == "signer"]
    assert signer_rows and signer_rows[0]["changed_fields"]
    # Field names, never values, even for someone allowed to see them.
    assert DENOUNCER["id_number"] not in json.dumps(rows, ensure_ascii=False)
