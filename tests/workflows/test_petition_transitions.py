"""Every petition transition, driven through `workflows.actions` as the flow runs it: who may do
it, from which step, what history row it leaves, whom it tells, and the rules that refuse it.

Petitions reach each step through `petition_act` as well, so every test starts from a state the
flow itself produced, with the tasks it left open."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone
from django.utils.translation import gettext
from viewflow.workflow.status import PROCESS

from cases.errors import StepClosed
from casework.choices import PetitionState as S
from casework.models import ClockChange, Petition
from notifications.models import Notification
from units.choices import UnitKind, UnitLevel
from units.errors import DomainError, NotAllowed
from workflows import acting

from ..factories import make_unit
from .conftest import DENOUNCER

pytestmark = pytest.mark.django_db

CAST = (
    "reception_officer",
    "case_officer",
    "leader",
    "agency_official",
    "board_member",
    "auditor",
    "outsider",
)
ANSWERERS = ("agency_official", "case_officer")  # the agency, or the officer for a paper answer

# The main line of the flow: (step reached, action that reaches it from the step before).
LINE = (
    ("decide", "classify"),
    ("sign_referral", "refer"),
    ("answer", "send_referral"),
    ("assess", "record_answer"),
    ("disclose", "notify_petitioner"),
    ("approve", "submit_disclosure"),
    ("close", "approve_disclosure"),
    ("closed", "close"),
)
STEPS = ("classify", *(step for step, _ in LINE))

# action: (step it belongs to, who does it, state it leads to, step open afterwards)
TRANSITIONS = {
    "classify": ("classify", ("case_officer",), S.CLASSIFIED, "decide"),
    "refuse": ("classify", ("case_officer",), S.REFUSED, None),
    "refer": ("decide", ("case_officer",), S.REFERRED, "sign_referral"),
    "guide": ("decide", ("case_officer",), S.GUIDED, None),
    "return": ("decide", ("case_officer",), S.RETURNED, None),
    "archive": ("decide", ("case_officer",), S.ARCHIVED, None),
    "split": ("decide", ("case_officer",), S.SPLIT, None),
    "mark_duplicate": ("decide", ("case_officer",), S.DUPLICATE, None),
    "send_referral": ("sign_referral", ("leader",), S.AWAITING_ANSWER, "answer"),
    "record_answer": ("answer", ANSWERERS, S.ANSWER_RECEIVED, "assess"),
    "extend": ("answer", ANSWERERS, S.AWAITING_ANSWER, "answer"),
    "suspend": ("answer", ANSWERERS, S.AWAITING_ANSWER, "answer"),
    "resume": ("answer", ANSWERERS, S.AWAITING_ANSWER, "answer"),
    "notify_petitioner": ("assess", ("case_officer",), S.PETITIONER_NOTIFIED, "disclose"),
    "request_again": ("assess", ("case_officer",), S.AWAITING_ANSWER, "answer"),
    "escalate_to_superior": ("assess", ("case_officer",), S.REFERRED, "sign_referral"),
    "submit_disclosure": ("disclose", ("case_officer",), S.DISCLOSURE_PENDING, "approve"),
    "approve_disclosure": ("approve", ("leader",), S.DISCLOSED, "close"),
    "reject_disclosure": ("approve", ("leader",), S.PETITIONER_NOTIFIED, "disclose"),
    "close": ("disclose", ("case_officer",), S.CLOSED, None),
}
# Sources beyond the one listed above: a case closes without publication, or after it.
SOURCES = [(action, row[0]) for action, row in TRANSITIONS.items()] + [("close", "close")]
STEP_ACTIONS = {step: {a for a, s in SOURCES if s == step} for step in STEPS}

# action: the outbox rows it queues, as (kind, recipient, the petition's date it carries)
TOLD = {
    "refer": [("task_arrived", "leader", None)],
    "send_referral": [("task_arrived", "agency_official", "answer_due")],
    "record_answer": [("agency_answered", "case_officer", None)],
    "request_again": [("task_arrived", "agency_official", "answer_due")],
    "escalate_to_superior": [("task_arrived", "leader", None)],
    "submit_disclosure": [("publication_awaiting_approval", "leader", None)],
    "reject_disclosure": [("task_arrived", "case_officer", None)],
    # Each part of a split petition arrives in the queue like a new petition.
    "split": [("task_arrived", "case_officer", "classify_due")],
}
FINAL = {
    S.REFUSED: "refuse",
    S.GUIDED: "guide",
    S.RETURNED: "return",
    S.ARCHIVED: "archive",
    S.SPLIT: "split",
    S.DUPLICATE: "mark_duplicate",
    S.CLOSED: "close",
}
PARTS = [
    {"kind": "complaint", "title": "Khiếu nại thu hồi đất", "content": "Phần khiếu nại."},
    {"kind": "denunciation", "title": "Tố cáo cán bộ địa chính", "content": "Phần tố cáo."},
]
SUMMARY = "Vụ tranh chấp ranh giới đất ở thôn đã được UBND xã xác minh và giải quyết."


def today() -> dt.date:
    return timezone.localdate()


def payload(world, petition: Petition, action: str) -> dict:
    extra = {
        "classify": {"kind": petition.kind, "field": "land", "processable": True},
        "refer": {"agency": world.tree.agency},
        "split": {"parts": PARTS},
        "record_answer": {
            "document_number": "15/UBND-TNMT",
            "document_date": today(),
            "summary": "UBND xã đã xác minh và trả lời.",
            "outcome": "resolved",
        },
        "extend": {"decision_number": "21/QĐ-UBND", "days": 10},
        "suspend": {"decision_number": "22/QĐ-UBND"},
        "resume": {"decision_number": "23/QĐ-UBND"},
        "notify_petitioner": {"on": today(), "channel": "post"},
        "submit_disclosure": {"summary": SUMMARY},
    }.get(action, {})
    return {"reason": f"Lý do cho bước {action}", **extra}


@pytest.fixture
def world(tree, receive, request):
    # escalate_to_superior needs an agency above the one the petition is referred to.
    make_unit(tree.province, "UBND tỉnh Lâm Sơn", kind=UnitKind.AGENCY, level=UnitLevel.PROVINCE)
    people = {role: request.getfixturevalue(role) for role in CAST}
    return SimpleNamespace(tree=tree, receive=receive, people=people)


def act(world, petition: Petition, action: str, role: str | None = None, **overrides):
    data = {**payload(world, petition, action), **overrides}
    actor = world.people[role or TRANSITIONS[action][1][0]]
    result = acting.act(case=petition, action=action, actor=actor, **data)
    petition.refresh_from_db()
    return result


def at(world, step: str, kind: str = "complaint", **receipt) -> Petition:
    """A petition the flow has brought to `step` along the main line."""
    petition = world.receive(kind, **receipt)
    current = "classify"
    for reached, action in LINE:
        if current == step:
            break
        act(world, petition, action)
        current = reached
    return petition


def source(world, action: str, step: str | None = None) -> Petition:
    """A petition at the step `action` belongs to, meeting its preconditions."""
    if action == "split":
        return at(world, "decide", kind="mixed")
    if action == "mark_duplicate":
        return at(world, "decide", duplicate_of=world.receive())
    petition = at(world, step or TRANSITIONS[action][0])
    if action == "resume":
        act(world, petition, "suspend")
    return petition


def finished(world, state: str) -> Petition:
    action = FINAL[state]
    petition = source(world, action)
    act(world, petition, action)
    assert petition.state == state
    return petition


def open_steps(petition: Petition) -> list[str]:
    return sorted(task.flow_task.name for task in acting.open_tasks(petition))


def snapshot(petition: Petition) -> tuple:
    petition.refresh_from_db()
    return petition.state, petition.history.count(), Notification.objects.count()


def new_rows(world, petition: Petition, told, since: int) -> tuple[set, set]:
    ids = {role: user.pk for role, user in world.people.items()}
    queued = {
        (n.kind, n.recipient_id, n.deadline) for n in Notification.objects.filter(pk__gt=since)
    }
    wanted = {(kind, ids[role], date and getattr(petition, date)) for kind, role, date in told}
    return queued, wanted


def last_id() -> int:
    return Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def refused(petition: Petition, run, error=DomainError, msgid: str | None = None) -> str:
    """`run` fails with exactly `error` (a plain DomainError is a domain rule, not a role or a
    step) and leaves the petition, its history and the outbox as they were."""
    before = snapshot(petition)
    with pytest.raises(error) as caught:
        run()
    assert type(caught.value) is error
    if msgid:
        assert str(caught.value) == gettext(msgid)
    assert snapshot(petition) == before
    return str(caught.value)


REASON = "Có tình tiết mới"


def reopen(world, petition: Petition, role: str = "leader", reason: str = REASON):
    return acting.reopen(case=petition, actor=world.people[role], reason=reason)


# (1) The entitled role moves the petition, leaving one history row ---------------------


@pytest.mark.parametrize(
    ("action", "step", "role"), [(a, s, r) for a, s in SOURCES for r in TRANSITIONS[a][1]]
)
def test_the_entitled_role_moves_the_petition_and_leaves_one_history_row(world, action, step, role):
    petition = source(world, action, step)
    rows = petition.history.count()
    act(world, petition, action, role)
    _, _, target, next_step = TRANSITIONS[action]
    assert petition.state == target
    assert petition.history.count() == rows + 1
    row = petition.history.order_by("-history_id").first()
    assert (row.history_user, row.state) == (world.people[role], target)
    assert row.history_change_reason == payload(world, petition, action)["reason"]
    assert open_steps(petition) == ([next_step] if next_step else [])


# (2) Every other role is refused and nothing changes ------------------------------------


@pytest.mark.parametrize(
    ("action", "role"),
    [(a, r) for a, row in TRANSITIONS.items() for r in CAST if r not in row[1]],
)
def test_a_role_not_entitled_to_the_step_is_refused_and_nothing_changes(world, action, role):
    petition = source(world, action)
    refused(petition, lambda: act(world, petition, action, role), NotAllowed)
    assert open_steps(petition) == [TRANSITIONS[action][0]]


# (3) From a step it does not belong to, an action finds the step closed -----------------


@pytest.mark.parametrize("step", STEPS)
def test_an_action_from_a_step_it_does_not_belong_to_finds_the_step_closed(world, step):
    petition = at(world, step)
    before = snapshot(petition)
    let_through = []
    for action in sorted(set(TRANSITIONS) - STEP_ACTIONS[step]):
        try:
            act(world, petition, action)
        except StepClosed:
            continue
        except DomainError as error:
            let_through.append(f"{action}: {type(error).__name__} {error}")
        else:
            let_through.append(f"{action}: succeeded")
    assert let_through == []
    assert snapshot(petition) == before


# (4) What each transition tells, as outbox rows present after commit ---------------------


@pytest.mark.parametrize("action", TRANSITIONS)
def test_a_transition_queues_exactly_its_notifications(
    world, action, django_capture_on_commit_callbacks
):
    petition = source(world, action)
    since = last_id()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        act(world, petition, action)
    queued, wanted = new_rows(world, petition, TOLD.get(action, []), since)
    assert queued == wanted
    assert bool(callbacks) or not wanted  # the push is queued for after the commit


def test_the_agency_is_told_of_the_referral_with_its_answer_deadline(
    world, django_capture_on_commit_callbacks
):
    petition = at(world, "sign_referral")
    with django_capture_on_commit_callbacks(execute=True):
        act(world, petition, "send_referral")
    note = Notification.objects.get(recipient=world.people["agency_official"])
    assert note.deadline == petition.answer_due > today()
    assert note.unit_name == world.tree.agency.name


# Reopening (workflows.acting.reopen) ------------------------------------------


@pytest.mark.parametrize("state", FINAL)
def test_a_leader_reopens_a_finished_case_into_a_new_run_of_the_flow(
    world, state, django_capture_on_commit_callbacks
):
    petition = finished(world, state)
    rows, since = petition.history.count(), last_id()
    with django_capture_on_commit_callbacks(execute=True):
        reopen(world, petition)
    petition.refresh_from_db()
    assert (petition.state, petition.reopen_count) == (S.RECEIVED, 1)
    assert petition.history.count() == rows + 1
    row = petition.history.order_by("-history_id").first()
    assert (row.history_user, row.history_change_reason) == (
        world.people["leader"],
        "Có tình tiết mới",
    )
    assert open_steps(petition) == ["classify"]
    assert petition.processes.filter(status=PROCESS.NEW).count() == 1
    told = [("case_reopened", "case_officer", "classify_due")]
    queued, wanted = new_rows(world, petition, told, since)
    assert queued == wanted


@pytest.mark.parametrize("role", [r for r in CAST if r != "leader"])
def test_only_a_leader_may_reopen_a_case(world, role):
    petition = finished(world, S.CLOSED)
    refused(petition, lambda: reopen(world, petition, role), NotAllowed)


@pytest.mark.parametrize("step", STEPS[:-1])
def test_a_case_still_running_cannot_be_reopened(world, step):
    petition = at(world, step)
    refused(petition, lambda: reopen(world, petition), StepClosed)


# (5) The rules that refuse a transition ---------------------------------------------------


@pytest.mark.parametrize("action", [*TRANSITIONS, "reopen"])
def test_every_transition_needs_a_reason(world, action):
    if action == "reopen":
        petition = finished(world, S.CLOSED)
        run = lambda: reopen(world, petition, reason=" ")  # noqa: E731
    else:
        petition = source(world, action)
        run = lambda: act(world, petition, action, reason="   ")  # noqa: E731
    refused(petition, run, msgid="Give a reason: it is kept in the case history.")


def test_guidance_is_not_given_twice_for_a_repeat_of_a_guided_petition(world):
    original = finished(world, S.GUIDED)
    repeat = at(world, "decide", duplicate_of=original)
    refused(repeat, lambda: act(world, repeat, "guide"))
    act(world, repeat, "mark_duplicate")
    assert repeat.state == S.DUPLICATE


@pytest.mark.parametrize("action", ["refer", "guide"])
def test_mixed_content_is_split_rather_than_referred_or_guided(world, action):
    petition = at(world, "decide", kind="mixed")
    refused(petition, lambda: act(world, petition, action))


@pytest.mark.parametrize(
    ("kind", "parts"), [("complaint", PARTS), ("mixed", PARTS[:1]), ("mixed", [])]
)
def test_splitting_needs_mixed_content_and_at_least_two_parts(world, kind, parts):
    petition = at(world, "decide", kind=kind)
    refused(petition, lambda: act(world, petition, "split", parts=parts))
    assert not petition.parts.exists()


def test_splitting_creates_each_part_with_its_own_running_flow(world):
    petition = source(world, "split")
    act(world, petition, "split")
    parts = list(petition.parts.order_by("pk"))
    assert [(p.kind, p.title) for p in parts] == [(d["kind"], d["title"]) for d in PARTS]
    for part in parts:
        assert part.state == S.RECEIVED
        assert [s.petitioner.full_name for s in part.signers.all()] == [DENOUNCER.full_name]
        assert part.processes.get().status == PROCESS.NEW
        assert open_steps(part) == ["classify"]
    assert petition.processes.get().status == PROCESS.DONE


def test_a_petition_without_an_original_cannot_be_linked_as_a_duplicate(world):
    petition = at(world, "decide")
    refused(petition, lambda: act(world, petition, "mark_duplicate"))


@pytest.mark.parametrize(
    ("leak", "found"),
    [
        (DENOUNCER.full_name, "a name"),
        (DENOUNCER.full_name.upper(), "a name"),
        ("Nguyen Van To", "a name"),
        ("bà Văn Tố", "a name"),
        (DENOUNCER.phone, "an ID or phone number"),
        (DENOUNCER.id_number, "an ID or phone number"),
        ("0912 345 678", "an ID or phone number"),
        ("0912.345.678", "an ID or phone number"),
        ("001 090 012 345", "an ID or phone number"),
        ("số 5 ngõ 12", "an address"),
        ("to.nguyen@example.vn", "an e-mail address"),
        ("0988 777 666", "an ID or phone number"),
    ],
)
def test_a_public_summary_that_identifies_a_person_is_refused_with_a_clear_message(
    world, leak, found
):
    petition = at(world, "disclose")
    summary = f"Người dân {leak} phản ánh việc lấn chiếm đất, đã được UBND xã giải quyết."
    message = refused(petition, lambda: act(world, petition, "submit_disclosure", summary=summary))
    msgid = "The public summary still identifies a person (%(found)s): remove it."
    assert message == gettext(msgid) % {"found": gettext(found)}
    assert not hasattr(Petition.objects.get(pk=petition.pk), "disclosure")


def test_a_public_summary_without_personal_data_is_accepted(world):
    petition = at(world, "disclose")
    summary = (
        "Việc lấn chiếm 120 m² đất công tại thôn Đông đã được UBND xã xử lý, "
        "thu hồi 1.500.000 đồng."
    )
    act(world, petition, "submit_disclosure", summary=summary)
    assert Petition.objects.get(pk=petition.pk).disclosure.summary == summary


@pytest.mark.parametrize("action", ["extend", "suspend", "resume"])
def test_a_deadline_change_needs_the_number_of_its_decision(world, action):
    petition = source(world, action)
    changes = ClockChange.objects.count()
    run = lambda: act(world, petition, action, decision_number="  ")  # noqa: E731
    refused(petition, run, msgid="Give the number of the decision.")
    assert ClockChange.objects.count() == changes


@pytest.mark.parametrize(
    ("action", "field", "msgid"),
    [
        ("record_answer", "document_date", "The answer cannot be dated in the future."),
        ("notify_petitioner", "on", "The petitioner cannot have been told in the future."),
    ],
)
def test_a_date_in_the_future_is_refused(world, action, field, msgid):
    petition = source(world, action)
    tomorrow = today() + dt.timedelta(days=1)
    refused(petition, lambda: act(world, petition, action, **{field: tomorrow}), msgid=msgid)
    assert open_steps(petition) == [TRANSITIONS[action][0]]
