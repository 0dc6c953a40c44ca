"""Sign-in throttling: wrong passwords lock an account from the address they came from, many wrong
passwords from one address lock that address, and an administrator can lift a lockout."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from audit.choices import AuthEventKind
from audit.models import AuthEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")
PASSWORD = "Mat-khau-dung-2026"
ATTACKER = "203.0.113.7"
OFFICE = "198.51.100.20"


def vi(msgid: str) -> str:
    with translation.override("vi"):
        return translation.gettext(msgid)


LOCKED = (
    "Sign-in is paused after too many wrong passwords from this address. Try again in "
    "%(minutes)d minutes, or ask an administrator to unlock the account."
)


def locked_message() -> str:
    return vi(LOCKED) % {"minutes": settings.AXES_COOLOFF_TIME.total_seconds() // 60}


def sign_in(username: str, password: str, address: str) -> object:
    return Client(REMOTE_ADDR=address).post(LOGIN, {"username": username, "password": password})


@pytest.fixture
def officer(case_officer):
    case_officer.set_password(PASSWORD)
    case_officer.save()
    return case_officer


def lock_out(username: str, address: str = ATTACKER) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(username, "sai-mat-khau", address).status_code == 200


def test_the_nth_wrong_password_locks_the_account_from_that_address_with_a_vietnamese_message(
    officer,
):
    lock_out(officer.username)
    response = sign_in(officer.username, "sai-mat-khau", ATTACKER)
    assert response.status_code == 429
    assert "registration/login.html" in [t.name for t in response.templates]
    assert locked_message() in response.content.decode()
    assert '<html lang="vi">' in response.content.decode()


def test_the_right_password_is_refused_too_while_locked(officer):
    lock_out(officer.username)
    sign_in(officer.username, "sai-mat-khau", ATTACKER)
    client = Client(REMOTE_ADDR=ATTACKER)
    response = client.post(LOGIN, {"username": officer.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_locked_attempt_is_refused_before_the_password_is_hashed(officer, monkeypatch):
    lock_out(officer.username)
    sign_in(officer.username, "sai-mat-khau", ATTACKER)
    hashed = []
    monkeypatch.setattr(
        "django.contrib.auth.models.AbstractBaseUser.check_password",
        lambda self, raw: hashed.append(raw) or True,
    )
    assert sign_in(officer.username, PASSWORD, ATTACKER).status_code == 429
    assert hashed == []


def test_the_account_still_signs_in_from_another_address(officer):
    lock_out(officer.username)
    sign_in(officer.username, "sai-mat-khau", ATTACKER)
    response = sign_in(officer.username, PASSWORD, OFFICE)
    assert response.status_code == 302
    assert response["Location"] == reverse(settings.LOGIN_REDIRECT_URL)


def test_wrong_passwords_on_many_accounts_lock_the_address_for_every_account(officer):
    names = [f"khong-ton-tai-{n}" for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT)]
    for name in names[:-1]:
        assert sign_in(name, "sai-mat-khau", ATTACKER).status_code == 200
    assert sign_in(names[-1], "sai-mat-khau", ATTACKER).status_code == 429
    assert sign_in(officer.username, PASSWORD, ATTACKER).status_code == 429
    assert sign_in(officer.username, PASSWORD, OFFICE).status_code == 302


def test_a_success_forgets_earlier_mistakes_of_that_account_at_that_address(officer):
    lock_out(officer.username)
    assert sign_in(officer.username, PASSWORD, OFFICE).status_code == 302
    assert sign_in(officer.username, PASSWORD, ATTACKER).status_code == 302
    lock_out(officer.username)
    assert sign_in(officer.username, PASSWORD, ATTACKER).status_code == 302


def test_failed_and_locked_sign_ins_are_still_recorded_in_the_audit(officer):
    lock_out(officer.username)
    sign_in(officer.username, "sai-mat-khau", ATTACKER)
    sign_in(officer.username, PASSWORD, ATTACKER)
    sign_in(officer.username, PASSWORD, OFFICE)
    failed = AuthEvent.objects.filter(kind=AuthEventKind.LOGIN_FAILED, ip=ATTACKER)
    assert failed.count() == settings.AXES_FAILURE_LIMIT + 1
    assert set(failed.values_list("username_tried", flat=True)) == {officer.username}
    assert AuthEvent.objects.filter(kind=AuthEventKind.LOGIN, user=officer, ip=OFFICE).exists()


def test_administrator_unlocks_the_account_from_its_page(officer, province_admin):
    lock_out(officer.username)
    sign_in(officer.username, "sai-mat-khau", ATTACKER)
    admin = Client()
    admin.force_login(province_admin)
    page = admin.get(reverse("units:person-detail", args=[officer.pk])).content.decode()
    assert 'data-testid="unlock-sign-in"' in page
    assert ATTACKER in page

    response = admin.post(reverse("units:person-unlock", args=[officer.pk]))

    assert response.status_code == 302
    assert sign_in(officer.username, PASSWORD, ATTACKER).status_code == 302
    row = officer.history.latest("history_id")
    assert row.history_user == province_admin
    assert row.history_change_reason == "Sign-in unlocked by an administrator"
    page = admin.get(reverse("units:person-detail", args=[officer.pk])).content.decode()
    assert 'data-testid="unlock-sign-in"' not in page


def test_unlocking_needs_a_post_with_a_csrf_token(officer, province_admin):
    lock_out(officer.username)
    sign_in(officer.username, "sai-mat-khau", ATTACKER)
    admin = Client(enforce_csrf_checks=True)
    admin.force_login(province_admin)
    url = reverse("units:person-unlock", args=[officer.pk])
    assert admin.get(url).status_code == 405
    assert admin.post(url).status_code == 403
    assert sign_in(officer.username, PASSWORD, ATTACKER).status_code == 429


def test_someone_who_is_not_an_administrator_cannot_unlock(officer, leader):
    lock_out(officer.username)
    sign_in(officer.username, "sai-mat-khau", ATTACKER)
    other = Client()
    other.force_login(leader)
    response = other.post(reverse("units:person-unlock", args=[officer.pk]))
    assert response.status_code == 403
    assert sign_in(officer.username, PASSWORD, ATTACKER).status_code == 429


def test_an_administrator_of_another_province_cannot_unlock(officer, tree):
    from tests.factories import grant
    from units.choices import Role

    stranger = UserFactory(username="quantri-khac")
    grant(stranger, tree.other_province, Role.ADMINISTRATOR, subtree=True)
    lock_out(officer.username)
    sign_in(officer.username, "sai-mat-khau", ATTACKER)
    other = Client()
    other.force_login(stranger)
    assert other.post(reverse("units:person-unlock", args=[officer.pk])).status_code == 403
