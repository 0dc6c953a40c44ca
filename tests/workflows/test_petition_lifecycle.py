import datetime as dt

import pytest
from viewflow.workflow.status import PROCESS

from cases.errors import StepClosed
from casework.choices import PetitionState as S
from units.errors import NotAllowed
from workflows import acting

from .conftest import CLASSIFICATION

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize("kind", ["complaint", "denunciation", "recommendation", "feedback"])
def test_a_petition_of_each_kind_runs_from_receipt_to_close(
    kind, receive, case_officer, leader, agency_official, tree
):
    petition = receive(kind)
    assert petition.state == S.RECEIVED

    def act(action, actor, **data):
        acting.act(case=petition, action=action, actor=actor, **data)
        petition.refresh_from_db()

    act("classify", case_officer, kind=kind, **CLASSIFICATION)
    act("refer", case_officer, agency=tree.agency, reason="Thuộc thẩm quyền UBND xã")
    assert petition.state == S.REFERRED
    act("send_referral", leader, reason="Đã ký phiếu chuyển")
    assert petition.state == S.AWAITING_ANSWER and petition.answer_due > TODAY
    act(
        "record_answer",
        agency_official,
        reason="Trả lời bằng văn bản",
        document_number="15/UBND",
        document_date=dt.date(2026, 11, 20),
        summary="UBND xã đã xác minh và giải quyết.",
        outcome="resolved",
    )
    act("notify_petitioner", case_officer, reason="Đã báo", on=TODAY, channel="post")
    act(
        "submit_disclosure",
        case_officer,
        reason="Công khai",
        summary="Vụ việc tranh chấp đất ở thôn đã được UBND xã giải quyết dứt điểm.",
    )
    act("approve_disclosure", leader, reason="Duyệt công khai")
    act("close", case_officer, reason="Kết thúc")
    assert petition.state == S.CLOSED
    assert petition.processes.get().status == PROCESS.DONE
    assert petition.history.count() == 9


def test_an_agency_official_cannot_classify(receive, agency_official):
    petition = receive()
    with pytest.raises(NotAllowed):
        acting.act(
            case=petition,
            action="classify",
            actor=agency_official,
            kind="complaint",
            **CLASSIFICATION,
        )
    petition.refresh_from_db()
    assert petition.state == S.RECEIVED


def test_an_action_of_a_later_step_is_refused_as_closed(receive, leader):
    petition = receive()
    with pytest.raises(StepClosed):
        acting.act(case=petition, action="send_referral", actor=leader, reason="x")
