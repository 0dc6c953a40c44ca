import pytest
from django.urls import reverse

from audit.models import AuthEvent
from audit.selectors import EventFilters, events_across
from cases.timeline.events import EventKind as K

pytestmark = pytest.mark.django_db


def test_a_login_and_a_logout_are_recorded(case_officer, client):
    response = client.post(
        reverse("login"),
        {"username": case_officer.username, "password": "demo12345"},
        HTTP_USER_AGENT="Mozilla/5.0 " + "x" * 400,
    )
    assert response.status_code == 302
    login = AuthEvent.objects.get(kind="login")
    assert login.user == case_officer and login.ip == "127.0.0.1"
    assert len(login.user_agent) == 255
    client.post(reverse("logout"))
    assert AuthEvent.objects.filter(kind="logout", user=case_officer).exists()


def test_a_failed_login_is_recorded_with_the_name_typed_and_no_password(tree, client):
    client.post(reverse("login"), {"username": "ai-do", "password": "sai-mat-khau"})
    failed = AuthEvent.objects.get(kind="login_failed")
    assert failed.username_tried == "ai-do" and failed.user is None
    assert "sai-mat-khau" not in str(failed.history.values())


def test_logins_of_people_in_scope_show_across_cases(case_officer, outsider, auditor, client):
    for person in (case_officer, outsider):
        client.post(reverse("login"), {"username": person.username, "password": "demo12345"})
    events = list(events_across(user=auditor, filters=EventFilters(event_kind=K.AUTHENTICATION)))
    assert [e.actor for e in events] == [case_officer.get_full_name()]
