"""Each person chooses, on their own page, which notifications also come by e-mail and whether
a morning digest of their overdue items does."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from notifications.choices import NotificationKind
from notifications.models import NotificationPreference
from notifications.selectors import notification_preference_get

pytestmark = pytest.mark.django_db

URL = "/notifications/preferences/"


def test_the_preferences_page_lives_at_its_address():
    assert reverse("notifications:preferences") == URL


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_inbox_links_to_the_preferences(client, case_officer):
    client.force_login(case_officer)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert f'href="{URL}" data-testid="preferences-link"' in page


def test_a_new_user_gets_nothing_by_email_until_they_choose(client, case_officer):
    preference = notification_preference_get(user=case_officer)
    assert preference.pk is None
    assert preference.email_kinds == []
    assert preference.daily_digest is False

    client.force_login(case_officer)
    page = client.get(URL).content.decode()
    for value in NotificationKind.values:
        assert f'value="{value}"' in page
    assert 'name="daily_digest"' in page
    assert "checked" not in page


def test_a_user_saves_their_own_choices_with_a_history_row(client, case_officer):
    client.force_login(case_officer)
    response = client.post(
        URL, {"email_kinds": ["escalated", "task_assigned"], "daily_digest": "on"}
    )
    assert response.status_code == 302
    assert response["Location"] == URL

    preference = NotificationPreference.objects.get(user=case_officer)
    # Kept in the order of the kinds, whatever the order they came in.
    assert preference.email_kinds == ["task_assigned", "escalated"]
    assert preference.daily_digest is True
    (row,) = preference.history.all()
    assert row.history_user == case_officer
    with translation.override("vi"):
        assert row.history_change_reason == gettext("Preferences changed by the user")

    page = client.get(URL).content.decode()
    assert page.count("checked") == 3


def test_saving_the_same_choices_again_writes_no_history(client, case_officer):
    client.force_login(case_officer)
    client.post(URL, {"email_kinds": ["escalated"]})
    client.post(URL, {"email_kinds": ["escalated"]})
    client.post(URL, {})
    preference = NotificationPreference.objects.get(user=case_officer)
    assert preference.email_kinds == []
    assert preference.history.count() == 2


def test_an_unknown_kind_is_refused_and_nothing_is_saved(client, case_officer):
    client.force_login(case_officer)
    response = client.post(URL, {"email_kinds": ["task_arrived", "everything"]})
    assert response.status_code == 200
    assert response.context["form"].errors["email_kinds"]
    assert not NotificationPreference.objects.exists()


def test_each_user_changes_only_their_own_preferences(client, case_officer, leader):
    client.force_login(leader)
    client.post(URL, {"email_kinds": ["escalated"], "user": case_officer.pk})
    assert NotificationPreference.objects.get().user == leader
    assert notification_preference_get(user=case_officer).pk is None


def test_a_user_without_an_email_address_is_told_so(client, case_officer):
    case_officer.email = ""
    case_officer.save()
    client.force_login(case_officer)
    assert 'data-testid="no-email"' in client.get(URL).content.decode()
