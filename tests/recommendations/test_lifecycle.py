"""A meeting from planning to closing, its opinions merged into an item, the item routed to two
agencies, answered by both, voters told, published, assessed and closed: each step by the role
its node names, every other role refused."""

import datetime as dt

import pytest
from django.utils import timezone

from cases.errors import DomainError, NotAllowed
from recommendations import services
from recommendations.models import AgencyAnswer, Item, Meeting
from workflows import acting

from .conftest import ROWS, held_meeting


def _steps(case):
    return [t.flow_task.name for t in acting.open_tasks(case)]


@pytest.fixture
def minuted(voters, plan):
    meeting = held_meeting(voters, plan())
    opinions = services.opinions_capture(meeting=meeting, actor=voters.officer, rows=ROWS)
    acting.act(
        case=meeting,
        action="record_minutes",
        actor=voters.office,
        minutes="Hội nghị tiếp xúc cử tri trước kỳ họp thứ 10.",
    )
    return meeting, opinions


def test_a_meeting_runs_from_planning_to_closing(voters, plan):
    meeting = plan()
    assert meeting.state == "planned" and _steps(meeting) == ["announce"]
    route = acting.open_tasks(meeting)[0].route
    # A conference's plan goes to the press 7 working days before the meeting (Art. 6.3).
    assert route.due < meeting.meeting_day
    meeting = held_meeting(voters, meeting)
    assert meeting.state == "held" and _steps(meeting) == ["minutes"]
    assert meeting.deputies.get().present is True
    services.opinions_capture(meeting=meeting, actor=voters.officer, rows=ROWS)
    acting.act(case=meeting, action="record_minutes", actor=voters.office, minutes="Biên bản")
    meeting.refresh_from_db()
    assert meeting.state == "minutes_recorded"
    with pytest.raises(DomainError, match="not sorted"):
        acting.act(case=meeting, action="close", actor=voters.officer)
    for opinion in meeting.opinions.all():
        services.opinion_to_aggregate(opinion=opinion, actor=voters.officer)
    acting.act(case=meeting, action="close", actor=voters.officer)
    meeting.refresh_from_db()
    assert meeting.state == "closed" and _steps(meeting) == []
    assert meeting.history.count() == 5  # planned, announced, held, minutes, closed


@pytest.mark.parametrize("who", ["deputy", "works_official", "stranger", "auditor", "leader"])
def test_only_the_committee_officer_announces_a_meeting(voters, plan, who):
    meeting = plan()
    with pytest.raises(NotAllowed):
        acting.act(case=meeting, action="announce", actor=getattr(voters, who), note="")
    assert Meeting.objects.get(pk=meeting.pk).state == "planned"


@pytest.mark.parametrize("who", ["deputy", "works_official", "stranger", "auditor"])
def test_only_the_organisers_plan_a_meeting(voters, plan, who):
    with pytest.raises(NotAllowed):
        plan(actor=getattr(voters, who))
    assert not Meeting.objects.exists()


def test_a_postponed_meeting_is_rescheduled_and_announced_again(voters, plan):
    meeting = plan()
    acting.act(case=meeting, action="postpone", actor=voters.officer, reason="Mưa bão")
    meeting.refresh_from_db()
    assert meeting.state == "postponed" and _steps(meeting) == ["reschedule"]
    acting.act(
        case=meeting,
        action="reschedule",
        actor=voters.officer,
        starts_at=timezone.now() + dt.timedelta(days=20),
    )
    meeting.refresh_from_db()
    assert meeting.state == "planned" and _steps(meeting) == ["announce"]
    acting.act(case=meeting, action="cancel", actor=voters.officer, reason="Đại biểu bận")
    meeting.refresh_from_db()
    assert meeting.state == "cancelled" and _steps(meeting) == []


def test_opinions_are_recorded_only_once_the_meeting_is_held(voters, plan):
    meeting = plan()
    with pytest.raises(DomainError, match="once the meeting is held"):
        services.opinions_capture(meeting=meeting, actor=voters.officer, rows=ROWS)


def test_a_bad_row_writes_no_opinion(voters, plan):
    meeting = held_meeting(voters, plan())
    rows = [*ROWS, services.OpinionRow(content="", field="land")]
    with pytest.raises(DomainError, match="Row 4"):
        services.opinions_capture(meeting=meeting, actor=voters.officer, rows=rows)
    assert not meeting.opinions.exists()


def _route(voters, item):
    """Classified by the officer; only the leader signs the report."""
    acting.act(
        case=item,
        action="classify",
        actor=voters.officer,
        scope="local",
        field="infrastructure",
        agencies=[voters.works, voters.farming],
    )
    for who in (voters.officer, voters.deputy, voters.works_official):
        with pytest.raises(NotAllowed):
            acting.act(case=item, action="send_report", actor=who)
    acting.act(case=item, action="send_report", actor=voters.leader)
    item.refresh_from_db()
    return item


def _draft(voters, opinions):
    for opinion in opinions:
        services.opinion_to_aggregate(opinion=opinion, actor=voters.officer)
    return services.item_draft(
        actor=voters.officer,
        session=voters.session,
        opinions=opinions[:2],
        title="Sửa chữa đường ĐT 741",
        content="Cử tri đề nghị sửa chữa tuyến ĐT 741 đoạn qua xã An Bình.",
    )


def _answer(voters, answer, official):
    acting.act(
        case=answer,
        action="answer",
        actor=official,
        outcome="in_progress",
        content="Đã bố trí vốn sửa chữa năm 2027.",
        roadmap="Khởi công quý II/2027",
        promised_on=dt.date(2027, 6, 30),
    )


def test_an_item_runs_from_merging_to_closing(voters, minuted):
    _meeting, opinions = minuted
    item = _draft(voters, opinions)
    assert item.voter_count() == 13 and _steps(item) == ["classify"]
    with pytest.raises(NotAllowed):
        acting.act(
            case=item,
            action="classify",
            actor=voters.deputy,
            scope="local",
            field="land",
            agencies=[voters.works],
        )
    item = _route(voters, item)
    assert item.state == "awaiting_answer"
    answers = list(item.answers.order_by("pk"))
    assert [a.state for a in answers] == ["awaiting", "awaiting"]
    # 60 days from receipt (Art. 49.1), each agency on its own clock in its own queue.
    assert all(a.answer_due >= a.received_on + dt.timedelta(days=60) for a in answers)
    assert _steps(answers[0]) == ["answer"]
    with pytest.raises(NotAllowed):
        _answer(voters, answers[0], voters.farming_official)
    _answer(voters, answers[0], voters.works_official)
    item.refresh_from_db()
    assert item.state == "awaiting_answer"
    _answer(voters, answers[1], voters.farming_official)
    item.refresh_from_db()
    assert item.state == "answered" and _steps(item) == ["inform"]
    acting.act(
        case=item, action="inform", actor=voters.office, how="meeting", on=timezone.localdate()
    )
    acting.act(
        case=item,
        action="prepare_publication",
        actor=voters.officer,
        public_text="Sở Xây dựng trả lời: đã bố trí vốn sửa chữa năm 2027.",
    )
    with pytest.raises(NotAllowed):
        acting.act(case=item, action="publish", actor=voters.officer, public_text="x")
    with pytest.raises(DomainError, match="names a person"):
        acting.act(
            case=item, action="publish", actor=voters.leader, public_text="Bà Trần Thị Mai hỏi"
        )
    acting.act(
        case=item,
        action="publish",
        actor=voters.leader,
        public_text="Sở Xây dựng trả lời: đã bố trí vốn sửa chữa năm 2027.",
    )
    item.refresh_from_db()
    assert item.state == "published" and item.posted_until > item.published_on
    acting.act(
        case=item,
        action="assess",
        actor=voters.officer,
        outcome="resolved",
        verdict="satisfactory",
    )
    item.refresh_from_db()
    assert item.state == "closed" and _steps(item) == []


def test_a_carried_over_item_appears_in_the_next_session_with_its_history(voters, minuted):
    _meeting, opinions = minuted
    item = _route(voters, _draft(voters, opinions))
    for answer, official in zip(
        item.answers.order_by("pk"), [voters.works_official, voters.farming_official], strict=True
    ):
        _answer(voters, answer, official)
    item.refresh_from_db()
    acting.act(
        case=item, action="inform", actor=voters.officer, how="media", on=timezone.localdate()
    )
    acting.act(case=item, action="prepare_publication", actor=voters.officer, public_text="Trả lời")
    acting.act(case=item, action="publish", actor=voters.leader, public_text="Đang thực hiện")
    acting.act(
        case=item,
        action="assess",
        actor=voters.officer,
        outcome="in_progress",
        verdict="carry_over",
        note="Chưa khởi công",
    )
    item.refresh_from_db()
    assert item.state == "carried_over"
    # The next session is recorded later: the item appears in it then, drafted again.
    session = voters.session
    following = services.session_create(
        actor=voters.officer,
        unit=session.unit,
        delegation=session.delegation,
        body=session.body,
        kind="regular",
        term=15,
        number=11,
        title="Kỳ họp thứ 11",
        opens_on=session.opens_on + dt.timedelta(days=180),
        closes_on=session.opens_on + dt.timedelta(days=200),
        previous=session,
    )
    carried = Item.objects.get(session=following)
    assert carried.carried_from == item and carried.state == "drafted"
    assert carried.voter_count() == item.voter_count()
    assert _steps(carried) == ["classify"]
    from cases.timeline import histories_of

    rows = {model: list(qs) for model, qs in histories_of(carried)}
    assert {r.id for r in rows[Item]} == {item.pk, carried.pk}
    assert AgencyAnswer.objects.filter(item=item).count() == 2


def test_an_opinion_that_is_a_denunciation_becomes_a_protected_petition(voters, plan):
    from casework.models import Petition

    meeting = held_meeting(voters, plan())
    (opinion,) = services.opinions_capture(
        meeting=meeting,
        actor=voters.officer,
        rows=[
            services.OpinionRow(
                content="Tố cáo cán bộ địa chính xã nhận tiền khi cấp sổ đỏ.",
                field="justice",
                voter_name="Lê Văn Hùng",
                voter_address="Thôn 3, xã An Bình",
            )
        ],
    )
    services.opinion_convert(
        opinion=opinion, actor=voters.officer, kind="denunciation", title="Tố cáo cán bộ"
    )
    opinion.refresh_from_db()
    petition = Petition.objects.get(pk=opinion.petition_id)
    assert opinion.state == "converted_to_petition"
    assert petition.channel == "voter_meeting" and petition.identity_protected
    assert petition.processes.exists()
    # Linked both ways: the opinion names its petition, the petition the opinion it came from.
    assert petition.source == opinion
    assert opinion.get_absolute_url() in petition_page(voters, petition)


def petition_page(voters, petition) -> str:
    from django.test import Client

    client = Client()
    client.force_login(voters.officer)
    from casework.models import IdentityGrant

    IdentityGrant.objects.get_or_create(
        petition=petition, user=voters.officer, defaults={"granted_by": voters.officer}
    )
    return client.get(petition.get_absolute_url()).content.decode()
