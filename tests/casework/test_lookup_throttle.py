"""Guessing a receipt's secret is throttled per client address, so that whoever knows a tracking
code cannot lock its citizen out: the right secret from another address always gets in."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from casework import reception
from casework.services.intake import SignerData
from casework.views import lookup

pytestmark = pytest.mark.django_db

LOOKUP = reverse("casework:citizen-lookup")
ATTACKER = "203.0.113.7"
CITIZEN = "198.51.100.20"


def vi(msgid: str) -> str:
    with translation.override("vi"):
        return translation.gettext(msgid)


TOO_MANY = "Too many unsuccessful tries. Wait ten minutes and try again."


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def receipt(tree, reception_officer):
    return reception.petition_start(
        actor=reception_officer,
        unit=tree.commune,
        channel="in_person",
        kind="complaint",
        title="Đường làng ngập nước sau mưa",
        content="Cống thoát nước bị lấp từ tháng trước.",
        received_on=timezone.localdate(),
        signers=[SignerData(full_name="Lê Văn Nam", address="Thôn 2, xã An Bình")],
    )


def wrong_secret(receipt) -> str:
    return "000000" if receipt.secret != "000000" else "111111"


def look_up(address: str, code: str, secret: str):
    return Client(REMOTE_ADDR=address).post(LOOKUP, {"tracking_code": code, "secret": secret})


def test_an_attacker_failing_many_times_does_not_lock_the_citizen_out(receipt):
    code = receipt.petition.tracking_code
    for _ in range(lookup.MAX_FAILURES_PER_CODE * 2):
        look_up(ATTACKER, code, wrong_secret(receipt))
    response = look_up(CITIZEN, code, receipt.secret)
    assert response.status_code == 200
    assert response.context["petition"] == receipt.petition


def test_the_attacker_is_throttled_with_a_vietnamese_message(receipt):
    code = receipt.petition.tracking_code
    for _ in range(lookup.MAX_FAILURES):
        assert look_up(ATTACKER, code, wrong_secret(receipt)).status_code == 400
    response = look_up(ATTACKER, code, receipt.secret)
    assert response.status_code == 429
    assert response.context["petition"] is None
    assert vi(TOO_MANY) in response.content.decode()
    assert vi(TOO_MANY) != TOO_MANY


def test_a_new_session_does_not_reset_the_attackers_count(receipt):
    code = receipt.petition.tracking_code
    for _ in range(lookup.MAX_FAILURES):
        look_up(ATTACKER, code, wrong_secret(receipt))
    assert look_up(ATTACKER, code, wrong_secret(receipt)).status_code == 429


def test_guessing_across_many_codes_throttles_the_address(receipt):
    for n in range(lookup.MAX_FAILURES_PER_ADDRESS):
        assert look_up(ATTACKER, f"ZZZZ-{n:04d}", "123456").status_code == 400
    assert look_up(ATTACKER, receipt.petition.tracking_code, receipt.secret).status_code == 429
    assert look_up(CITIZEN, receipt.petition.tracking_code, receipt.secret).status_code == 200


def test_a_code_under_attack_gives_each_address_fewer_tries_but_accepts_the_right_secret(receipt):
    code = receipt.petition.tracking_code
    for n in range(lookup.MAX_FAILURES_PER_CODE):
        look_up(f"203.0.113.{n + 10}", code, wrong_secret(receipt))
    for _ in range(lookup.MAX_FAILURES_UNDER_ATTACK):
        assert look_up(ATTACKER, code, wrong_secret(receipt)).status_code == 400
    assert look_up(ATTACKER, code, wrong_secret(receipt)).status_code == 429
    assert look_up(CITIZEN, code, receipt.secret).status_code == 200


def test_addresses_of_one_ipv6_network_share_one_count(receipt):
    code = receipt.petition.tracking_code
    for n in range(lookup.MAX_FAILURES):
        look_up(f"2001:db8:1:2::{n + 1:x}", code, wrong_secret(receipt))
    assert look_up("2001:db8:1:2::ffff", code, receipt.secret).status_code == 429
    assert look_up("2001:db8:9:9::1", code, receipt.secret).status_code == 200
