import datetime as dt

import pytest
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from cases import identity
from cases.timeline import SYSTEM_NAME, case_as_of, case_timeline, version_diff, versions
from cases.timeline.events import EventKind as K
from casework.choices import PetitionState as S
from casework.models import Petition
from workflows import timers

pytestmark = pytest.mark.django_db


def label(name: str) -> str:
    return str(Petition._meta.get_field(name).verbose_name).capitalize()


def _kinds(events, kind):
    return [e for e in events if e.kind == kind]


def test_the_timeline_shows_each_transition_with_its_actor_and_reason(
    receive, drive, auditor, case_officer, leader, agency_official
):
    petition = drive(receive())
    events = case_timeline(user=auditor, case=petition)
    transitions = [(e.actor, e.reason, e.summary) for e in _kinds(events, K.TRANSITION)]
    states = dict(S.choices)
    assert transitions == [
        (
            case_officer.get_full_name(),
            "Đủ điều kiện xử lý",
            f"{states[S.RECEIVED]} → {states[S.CLASSIFIED]}",
        ),
        (
            case_officer.get_full_name(),
            "Thuộc thẩm quyền UBND xã",
            f"{states[S.CLASSIFIED]} → {states[S.REFERRED]}",
        ),
        (
            leader.get_full_name(),
            "Đã ký phiếu chuyển",
            f"{states[S.REFERRED]} → {states[S.AWAITING_ANSWER]}",
        ),
        (
            agency_official.get_full_name(),
            "Trả lời bằng văn bản",
            f"{states[S.AWAITING_ANSWER]} → {states[S.ANSWER_RECEIVED]}",
        ),
    ]
    assert [e.at for e in events] == sorted(e.at for e in events)


def test_the_timeline_shows_field_changes_with_old_and_new_values(receive, drive, auditor):
    petition = drive(receive())
    classified = _kinds(case_timeline(user=auditor, case=petition), K.TRANSITION)[0]
    changes = {c.label: (c.old, c.new) for c in classified.changes}
    assert changes[label("field")][1] != changes[label("field")][0]
    assert label("classification_reason") in changes


def test_the_timeline_shows_task_events_and_notifications(
    receive, drive, auditor, case_officer, agency_official
):
    petition = drive(receive())
    events = case_timeline(user=auditor, case=petition)
    tasks = [e.summary for e in _kinds(events, K.TASK)]
    assert any("created" in s for s in tasks)
    assert any("completed" in s for s in tasks)
    completed = [e for e in _kinds(events, K.TASK) if "completed" in e.summary]
    assert case_officer.get_full_name() in {e.actor for e in completed}
    assert agency_official.get_full_name() in {e.actor for e in completed}
    # The answer cancels the three deadline timers.
    assert sum("canceled" in s for s in tasks) == 3
    notes = _kinds(events, K.NOTIFICATION)
    assert notes and all(e.actor == SYSTEM_NAME for e in notes)
    assert any(case_officer.get_full_name() in e.summary for e in notes)
    assert any(agency_official.get_full_name() in e.summary for e in notes)


def test_the_timeline_shows_who_viewed_a_protected_identity(
    receive, auditor, reception_officer, allow_identity
):
    petition = receive("denunciation")
    allow_identity(petition, reception_officer)  # the receptionist is allowed from reception
    identity.shield(reception_officer, petition, where="case page").people()
    views = _kinds(case_timeline(user=auditor, case=petition), K.IDENTITY_VIEW)
    assert [e.actor for e in views] == [reception_officer.get_full_name()]
    assert "case page" in views[0].summary


def test_a_fired_timer_shows_the_system_as_its_actor(receive, drive, auditor):
    petition = drive(receive(), answer=False)
    Task.objects.filter(
        process__in=petition.processes.all(),
        flow_task_type="TIMER",
        status=STATUS.SCHEDULED,
    ).update(scheduled=timezone.now() - dt.timedelta(minutes=1))
    assert timers.fire_due_timers() == 3
    events = case_timeline(user=auditor, case=petition)
    fired = [e for e in _kinds(events, K.TASK) if "fired" in e.summary]
    assert len(fired) == 3 and {e.actor for e in fired} == {SYSTEM_NAME}
    follow_up = [e for e in _kinds(events, K.FIELD_CHANGE) if e.actor == SYSTEM_NAME]
    assert follow_up and all(e.reason for e in follow_up)


def test_the_timeline_filters_by_event_kind(receive, drive, auditor):
    petition = drive(receive())
    events = case_timeline(user=auditor, case=petition, kind=K.NOTIFICATION)
    assert events and {e.kind for e in events} == {K.NOTIFICATION}


def test_the_timeline_reads_a_bounded_number_of_queries(
    receive, drive, auditor, django_assert_max_num_queries
):
    petition = drive(receive())
    with django_assert_max_num_queries(30):
        case_timeline(user=auditor, case=petition)


def test_the_diff_of_two_versions_shows_the_changed_fields(receive, drive, auditor):
    petition = drive(receive())
    saved = versions(user=auditor, case=petition)
    diff = version_diff(
        user=auditor,
        case=petition,
        a_id=saved[0].history_id,
        b_id=saved[1].history_id,
    )
    changed = {row.label for row in diff.rows if row.changed}
    assert {label("state"), label("field"), label("classification_reason")} <= changed
    state = next(row for row in diff.rows if row.label == label("state"))
    assert (state.a, state.b) == (S.RECEIVED.label, S.CLASSIFIED.label)
    assert not next(row for row in diff.rows if row.label == label("title")).changed


def test_a_version_of_another_petition_is_not_compared(receive, drive, auditor):
    one, other = receive(), receive(title="Khác")
    a = one.history.first().history_id
    b = other.history.first().history_id
    assert version_diff(user=auditor, case=one, a_id=a, b_id=b) is None


def test_as_of_returns_the_earlier_state(receive, drive, auditor):
    petition = receive()
    received = petition.history.get().history_date
    drive(petition)
    earlier = case_as_of(
        user=auditor, case=petition, moment=received + dt.timedelta(microseconds=1)
    )
    assert dict(earlier.rows)[label("state")] == S.RECEIVED.label
    now = case_as_of(user=auditor, case=petition, moment=timezone.now())
    assert dict(now.rows)[label("state")] == S.ANSWER_RECEIVED.label
    before = case_as_of(user=auditor, case=petition, moment=received - dt.timedelta(seconds=1))
    assert before is None
