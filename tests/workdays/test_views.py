import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from units.choices import Role
from workdays.models import CalendarOverride, DayKind

from ..factories import UserFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def central_admin(tree):
    user = UserFactory(username="quantritw")
    grant(user, tree.central, Role.ADMINISTRATOR)
    return user


def _block(page: str, testid: str) -> str:
    """The inner HTML of the element marked with `data-testid`."""
    match = re.search(rf'data-testid="{testid}">(.*?)</(?:ul|dl)>', page, re.S)
    assert match, f"no {testid} on the page"
    return match.group(1)


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(reverse("workdays:calendar"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_staff_see_tet_among_the_weekdays_off_and_the_make_up_saturday_among_days_worked(
    client, case_officer
):
    client.force_login(case_officer)
    response = client.get(reverse("workdays:calendar"), {"year": 2026})
    assert response.status_code == 200
    page = response.content.decode()
    days_off, weekend_worked = _block(page, "days-off"), _block(page, "weekend-worked")
    for day in ("16/02/2026", "20/02/2026", "27/04/2026", "31/08/2026", "02/09/2026"):
        assert day in days_off
    assert "22/08/2026" not in days_off
    assert "26/04/2026" not in days_off  # a Sunday: not a weekday lost
    assert "22/08/2026" in weekend_worked
    assert "16/02/2026" not in weekend_worked


def test_the_count_form_gives_the_deadline_in_working_and_in_calendar_days(client, case_officer):
    client.force_login(case_officer)
    url = reverse("workdays:calendar")
    page = client.get(url, {"start": "2026-02-13", "count": 1, "year": 2026}).content.decode()
    assert "23/02/2026" in _block(page, "count-result")

    page = client.get(url, {"start": "2026-02-13", "count": 7, "year": 2026}).content.decode()
    working, calendar_days = re.findall(r"<dd>(.*?)</dd>", _block(page, "count-result"))
    assert "03/03/2026" in working
    assert "23/02/2026" in calendar_days


@pytest.mark.parametrize("year", ["2026abc", "10000", "0"])
def test_a_malformed_year_shows_the_current_year_instead_of_failing(client, case_officer, year):
    client.force_login(case_officer)
    response = client.get(reverse("workdays:calendar"), {"year": year})
    assert response.status_code == 200
    assert response.context["year"] == timezone.localdate().year


def test_the_form_to_change_the_calendar_is_offered_only_to_national_administrators(
    client, central_admin, province_admin
):
    create_url = reverse("workdays:override-create")
    client.force_login(province_admin)
    assert create_url not in client.get(reverse("workdays:calendar")).content.decode()
    client.force_login(central_admin)
    assert create_url in client.get(reverse("workdays:calendar")).content.decode()


def test_a_provincial_administrator_posting_a_change_is_forbidden(client, province_admin):
    client.force_login(province_admin)
    response = client.post(
        reverse("workdays:override-create"),
        {"date": "2026-03-09", "kind": DayKind.DAY_OFF, "reason": "Nghỉ bù"},
    )
    assert response.status_code == 403
    assert not CalendarOverride.objects.exists()


def test_a_national_administrator_adds_a_day_off_and_returns_to_that_years_calendar(
    client, central_admin
):
    client.force_login(central_admin)
    response = client.post(
        reverse("workdays:override-create"),
        {"date": "2026-03-09", "kind": DayKind.DAY_OFF, "reason": "Thông báo 123/TB-BNV"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('workdays:calendar')}?year=2026"
    override = CalendarOverride.objects.get()
    assert override.date == dt.date(2026, 3, 9)
    assert override.history.get().history_user == central_admin
    page = client.get(response["Location"]).content.decode()
    assert "09/03/2026" in _block(page, "days-off")


def test_a_change_without_a_reason_is_shown_again_with_an_error_and_nothing_is_written(
    client, central_admin
):
    client.force_login(central_admin)
    response = client.post(
        reverse("workdays:override-create"),
        {"date": "2026-03-09", "kind": DayKind.DAY_OFF, "reason": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert 'role="alert"' in response.content.decode()
    assert not CalendarOverride.objects.exists()
    assert not CalendarOverride.history.exists()


def test_a_provincial_administrator_may_not_remove_a_change(client, province_admin):
    override = CalendarOverride.objects.create(
        date=dt.date(2026, 3, 9), kind=DayKind.DAY_OFF, reason="Nghỉ bù"
    )
    client.force_login(province_admin)
    url = reverse("workdays:override-remove", args=[override.pk])
    assert client.post(url, {"reason": "Nhầm"}).status_code == 403
    assert CalendarOverride.objects.filter(pk=override.pk).exists()


def test_a_national_administrator_removes_a_change_giving_a_reason(client, central_admin):
    override = CalendarOverride.objects.create(
        date=dt.date(2026, 3, 9), kind=DayKind.DAY_OFF, reason="Nghỉ bù"
    )
    client.force_login(central_admin)
    url = reverse("workdays:override-remove", args=[override.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    assert CalendarOverride.objects.filter(pk=override.pk).exists()

    response = client.post(url, {"reason": "Nhập nhầm ngày"})
    assert response.status_code == 302
    assert not CalendarOverride.objects.exists()
    removal = CalendarOverride.history.get(history_type="-")
    assert removal.history_user == central_admin
    assert removal.history_change_reason == "Nhập nhầm ngày"
