"""A transition, an edit and an automatic timer step each leave exactly one history row with
actor and reason, and every row they add keeps its table's hash chain whole."""

import datetime as dt

import pytest
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework import reception
from casework.choices import PetitionState as S
from casework.flows import PetitionFlow
from casework.models import Petition, Referral
from casework.services.intake import SignerData
from units import services
from units.audit_chain import history_models, verify_table
from units.models import Unit
from units.services import SYSTEM_USERNAME, system_user
from workflows import acting, timers

pytestmark = pytest.mark.django_db

PETITIONER = SignerData(full_name="Phạm Thị Lan", id_number="001190011111", phone="0912000111")


@pytest.fixture
def petition(tree, reception_officer) -> Petition:
    return reception.petition_start(
        actor=reception_officer,
        unit=tree.commune,
        channel="in_person",
        kind="complaint",
        title="Tranh chấp ranh giới đất",
        content="Hộ liền kề lấn chiếm 20 m² đất ở, đã hòa giải ở thôn không thành.",
        received_on=dt.date(2026, 11, 23),
        signers=[PETITIONER],
    ).petition


def _history_ids() -> dict:
    """The last history id of every history table, to tell the rows a step adds."""
    return {
        model: model.objects.order_by("-history_id").values_list("history_id", flat=True).first()
        or 0
        for model in history_models()
    }


def _new_rows(model, before: dict) -> list:
    return list(model.objects.filter(history_id__gt=before[model]).order_by("history_id"))


def _assert_every_chain_holds() -> None:
    breaks = [brk for model in history_models() if (brk := verify_table(model)[1]) is not None]
    assert breaks == []


def test_a_transition_leaves_one_petition_history_row_with_actor_and_reason(petition, case_officer):
    before = _history_ids()

    acting.act(
        case=petition,
        action="classify",
        actor=case_officer,
        reason="Đủ điều kiện xử lý",
        kind="complaint",
        field="land",
        processable=True,
    )

    rows = _new_rows(Petition.history.model, before)
    assert len(rows) == 1
    assert rows[0].state == S.CLASSIFIED
    assert rows[0].history_user == case_officer
    assert rows[0].history_change_reason == "Đủ điều kiện xử lý"
    _assert_every_chain_holds()


def test_an_edit_leaves_one_unit_history_row_with_actor_and_reason(tree, province_admin):
    before = _history_ids()

    services.unit_update(
        actor=province_admin, unit=tree.commune, reason="Sáp nhập theo Nghị quyết", name="Xã Mới"
    )

    rows = _new_rows(Unit.history.model, before)
    assert len(rows) == 1
    assert rows[0].name == "Xã Mới"
    assert rows[0].history_user == province_admin
    assert rows[0].history_change_reason == "Sáp nhập theo Nghị quyết"
    _assert_every_chain_holds()


def _follow_up_boundary():
    (node,) = [
        node
        for node, clock in timers.timer_nodes(PetitionFlow)
        if clock.at.__name__ == "_follow_up_at"
    ]
    return node


def test_an_automatic_follow_up_leaves_one_petition_row_by_the_system_with_a_reason(
    petition, tree, case_officer, leader
):
    acting.act(
        case=petition,
        action="classify",
        actor=case_officer,
        reason="Đủ điều kiện xử lý",
        kind="complaint",
        field="land",
        processable=True,
    )
    acting.act(
        case=petition, action="refer", actor=case_officer, agency=tree.agency, reason="Chuyển"
    )
    acting.act(case=petition, action="send_referral", actor=leader, reason="Ký")
    petition.refresh_from_db()
    assert petition.state == S.AWAITING_ANSWER
    # Only the follow-up is due: the reminder and the escalation stay in the future.
    due_now = timezone.now() - dt.timedelta(minutes=1)
    made_due = Task.objects.filter(
        process__in=petition.processes.all(),
        flow_task=_follow_up_boundary(),
        status=STATUS.SCHEDULED,
    ).update(scheduled=due_now)
    assert made_due == 1
    system_user()  # the system's own account is created (with its own row) before measuring
    before = _history_ids()

    assert timers.fire_due_timers() == 1

    petition_rows = _new_rows(Petition.history.model, before)
    assert len(petition_rows) == 1
    row = petition_rows[0]
    assert row.state == S.AWAITING_ANSWER
    assert row.history_user.username == SYSTEM_USERNAME
    assert row.history_change_reason
    referral_rows = _new_rows(Referral.history.model, before)
    assert len(referral_rows) == 1
    assert referral_rows[0].followed_up_at is not None
    assert referral_rows[0].history_user.username == SYSTEM_USERNAME
    assert referral_rows[0].history_change_reason == row.history_change_reason
    others = {
        model._meta.label: len(_new_rows(model, before))
        for model in history_models()
        if model not in (Petition.history.model, Referral.history.model)
        and _new_rows(model, before)
    }
    assert others == {}
    _assert_every_chain_holds()
