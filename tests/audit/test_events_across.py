import datetime as dt

import pytest
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone

from audit.selectors import EventFilters, events_across
from cases.timeline.events import EventKind as K
from casework.models import Petition

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_cases(receive, drive):
    complaint = drive(receive("complaint"))
    denunciation = receive("denunciation", title="Tố cáo cán bộ thôn")
    return complaint, denunciation


def test_events_across_cases_are_newest_first_and_counted(two_cases, auditor):
    events = events_across(user=auditor, filters=EventFilters())
    listed = list(events)
    assert len(listed) == events.count() > 0
    assert [e.at for e in listed] == sorted((e.at for e in listed), reverse=True)
    assert {e.case for e in listed if e.case} == {p.tracking_code for p in two_cases}


def test_a_page_is_the_same_slice_as_the_whole_list(two_cases, auditor):
    events = events_across(user=auditor, filters=EventFilters())
    whole = list(events)
    page = Paginator(events, 7).get_page(2)
    assert list(page) == whole[7:14]


def test_filtering_by_case_kind(two_cases, auditor):
    _complaint, denunciation = two_cases
    events = list(
        events_across(user=auditor, filters=EventFilters(case_kind="petition:denunciation"))
    )
    assert events and {e.case for e in events} == {denunciation.tracking_code}


def test_filtering_by_event_kind(two_cases, auditor):
    for kind in (K.TRANSITION, K.TASK, K.NOTIFICATION, K.CREATED):
        events = list(events_across(user=auditor, filters=EventFilters(event_kind=kind)))
        assert events and {e.kind for e in events} == {kind}, kind
    transitions = events_across(user=auditor, filters=EventFilters(event_kind=K.TRANSITION))
    assert transitions.count() == 4  # classify, refer, send the slip, record the answer


def test_filtering_by_user(two_cases, auditor, leader, reception_officer):
    events = list(events_across(user=auditor, filters=EventFilters(user_id=leader.pk)))
    # The person acted, or (notifications) was told.
    acted = [e for e in events if e.kind != K.NOTIFICATION]
    assert acted and {e.actor for e in acted} == {leader.get_full_name()}
    told = [e for e in events if e.kind == K.NOTIFICATION]
    assert told and all(leader.get_full_name() in e.summary for e in told)
    assert any(e.kind == K.TRANSITION for e in events)
    received = list(
        events_across(
            user=auditor, filters=EventFilters(user_id=reception_officer.pk, event_kind=K.CREATED)
        )
    )
    petitions = [
        e for e in received if e.summary.startswith(str(Petition._meta.verbose_name).capitalize())
    ]
    assert len(petitions) == 2


def test_filtering_by_date(two_cases, auditor):
    today = timezone.localdate()
    assert events_across(user=auditor, filters=EventFilters(date_from=today)).count() > 0
    tomorrow = today + dt.timedelta(days=1)
    assert events_across(user=auditor, filters=EventFilters(date_from=tomorrow)).count() == 0
    yesterday = today - dt.timedelta(days=1)
    assert events_across(user=auditor, filters=EventFilters(date_to=yesterday)).count() == 0


def test_filtering_by_unit(two_cases, auditor, tree):
    inside = events_across(user=auditor, filters=EventFilters(unit_id=tree.commune.pk)).count()
    assert inside > 0
    assert events_across(user=auditor, filters=EventFilters(unit_id=tree.neighbour.pk)).count() == 0


def test_an_auditor_sees_nothing_outside_their_scope(two_cases, outsider, tree):
    from tests.factories import UserFactory, grant
    from units.choices import Role

    other = UserFactory(username="kiemtra-hd")
    grant(other, tree.other_province, Role.AUDITOR, subtree=True)
    assert events_across(user=other, filters=EventFilters(case_kind="complaint")).count() == 0


def test_the_search_page_paginates_fifty_a_page(two_cases, auditor, client):
    client.force_login(auditor)
    response = client.get(reverse("audit:event-search"), {"event_kind": ""})
    assert response.status_code == 200
    page = response.context["page"]
    assert len(page.object_list) == min(50, page.paginator.count)


def test_the_search_page_refuses_a_date_range_backwards(auditor, client):
    client.force_login(auditor)
    response = client.get(
        reverse("audit:event-search"), {"date_from": "2026-12-01", "date_to": "2026-11-01"}
    )
    assert response.status_code == 200 and response.context["page"] is None
