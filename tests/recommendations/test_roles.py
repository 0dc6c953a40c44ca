"""Every step of voter contact by its entitled role only: the others of the cast are refused
and nothing changes. Sessions and opinions (no flow) and the withdrawal of a publication are
guarded by their services."""

import datetime as dt

import pytest
from django.utils import timezone

from cases.errors import DomainError, NotAllowed
from recommendations import services
from recommendations.models import Item, Opinion, Session
from workflows import acting

from .conftest import ROWS, held_meeting

CAST = ("officer", "leader", "deputy", "office", "works_official", "auditor", "stranger")


def _only(voters, who, case, action, **data):
    """`action` is refused to every member of the cast who is not `who`, then done by `who`."""
    entitled = who if isinstance(who, tuple) else (who,)
    state = type(case).objects.get(pk=case.pk).state
    for name in CAST:
        if name in entitled:
            continue
        with pytest.raises(NotAllowed):
            acting.act(case=case, action=action, actor=getattr(voters, name), **data)
        assert type(case).objects.get(pk=case.pk).state == state, name
    acting.act(case=case, action=action, actor=getattr(voters, entitled[0]), **data)
    case.refresh_from_db()
    return case


def test_every_step_of_a_meeting_and_an_item_is_refused_to_the_other_roles(voters, plan):
    meeting = plan()
    _only(voters, "officer", meeting, "announce", note="")
    from recommendations.models import Meeting

    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(days=1))
    meeting.refresh_from_db()
    _only(voters, "officer", meeting, "hold", voters_attending=50, deputies_present=[voters.deputy])
    opinions = services.opinions_capture(meeting=meeting, actor=voters.officer, rows=ROWS)
    # The committee's officer or the deputies' office takes the minutes.
    _only(voters, ("office", "officer"), meeting, "record_minutes", minutes="Biên bản")
    for opinion in opinions:
        services.opinion_to_aggregate(opinion=opinion, actor=voters.officer)
    _only(voters, "officer", meeting, "close")
    item = services.item_draft(
        actor=voters.officer, session=voters.session, opinions=opinions, title="T", content="C"
    )
    _only(
        voters,
        "officer",
        item,
        "classify",
        scope="central",
        field="infrastructure",
        agencies=[voters.works],
    )
    _only(voters, "leader", item, "send_report")
    answer = item.answers.get()
    # The agency answers; the committee's officer may record its paper answer.
    _only(
        voters,
        ("works_official", "officer"),
        answer,
        "answer",
        outcome="explained",
        content="Giải trình",
        document_number="12/SXD",
        document_date=timezone.localdate(),
    )
    item.refresh_from_db()
    _only(voters, ("officer", "office"), item, "inform", how="notice", on=timezone.localdate())
    _only(voters, "officer", item, "prepare_publication", public_text="Sở Xây dựng đã giải trình")
    _only(voters, "leader", item, "publish", public_text="Sở Xây dựng đã giải trình")
    _only(voters, "officer", item, "assess", outcome="explained", verdict="satisfactory")
    assert item.state == "closed"


@pytest.mark.parametrize("who", ["deputy", "office", "works_official", "auditor", "stranger"])
def test_only_the_organisers_open_and_close_a_session(voters, who):
    session = voters.session
    Session.objects.filter(pk=session.pk).update(opens_on=timezone.localdate())
    session.refresh_from_db()
    with pytest.raises(NotAllowed):
        services.session_open(session=session, actor=getattr(voters, who))
    services.session_open(session=session, actor=voters.officer)
    with pytest.raises(NotAllowed):
        services.session_close(session=session, actor=getattr(voters, who))
    services.session_close(session=session, actor=voters.leader)
    assert Session.objects.get(pk=session.pk).state == "closed"


def test_a_session_opens_only_on_its_day_and_closes_only_once_open(voters):
    with pytest.raises(DomainError, match="opens on"):
        services.session_open(session=voters.session, actor=voters.officer)
    with pytest.raises(DomainError, match="in progress"):
        services.session_close(session=voters.session, actor=voters.officer)


@pytest.mark.parametrize("who", ["deputy", "works_official", "auditor", "stranger"])
def test_opinions_are_sorted_by_the_organisers_only(voters, plan, who):
    meeting = held_meeting(voters, plan())
    first, second, _third = services.opinions_capture(
        meeting=meeting, actor=voters.officer, rows=ROWS
    )
    outsider = getattr(voters, who)
    for call in (
        lambda u: services.opinion_mark_answered(opinion=first, actor=u, answer="Đã trả lời"),
        lambda u: services.opinion_to_aggregate(opinion=first, actor=u),
        lambda u: services.opinions_capture(meeting=meeting, actor=u, rows=ROWS[:1]),
    ):
        with pytest.raises(NotAllowed):
            call(outsider)
    services.opinion_mark_answered(opinion=first, actor=voters.officer, answer="Đã trả lời")
    assert Opinion.objects.get(pk=first.pk).state == "answered_at_meeting"
    services.opinion_reopen(opinion=first, actor=voters.leader)
    assert Opinion.objects.get(pk=first.pk).state == "captured"
    with pytest.raises(DomainError, match="Write down"):
        services.opinion_mark_answered(opinion=second, actor=voters.officer, answer=" ")


def test_a_published_answer_is_withdrawn_by_a_leader_with_a_reason(voters, plan):
    from .test_lifecycle import _answer, _draft, _route

    meeting = held_meeting(voters, plan())
    opinions = services.opinions_capture(meeting=meeting, actor=voters.officer, rows=ROWS)
    item = _route(voters, _draft(voters, opinions))
    for part, official in zip(
        item.answers.order_by("pk"), [voters.works_official, voters.farming_official], strict=True
    ):
        _answer(voters, part, official)
    acting.act(
        case=item, action="inform", actor=voters.officer, how="media", on=timezone.localdate()
    )
    acting.act(case=item, action="prepare_publication", actor=voters.officer, public_text="Trả lời")
    with pytest.raises(DomainError, match="Only published"):
        services.item_withdraw_publication(item=item, actor=voters.leader, reason="Sai")
    acting.act(case=item, action="publish", actor=voters.leader, public_text="Trả lời")
    with pytest.raises(NotAllowed):
        services.item_withdraw_publication(item=item, actor=voters.officer, reason="Sai số liệu")
    with pytest.raises(DomainError, match="reason"):
        services.item_withdraw_publication(item=item, actor=voters.leader, reason="")
    services.item_withdraw_publication(item=item, actor=voters.leader, reason="Sai số liệu")
    item = Item.objects.get(pk=item.pk)
    assert item.withdrawn_on == timezone.localdate()
    assert item.history.first().history_change_reason == "Sai số liệu"
