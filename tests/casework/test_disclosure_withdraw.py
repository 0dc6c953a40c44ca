"""A leader takes a published summary down: the case keeps its state, the history keeps who
did it and why, and the citizen no longer reads the summary."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from rest_framework.test import APIClient

from casework import reception
from casework.choices import PetitionState as S
from casework.models import Disclosure
from casework.services import disclosure_withdraw
from casework.services.intake import SignerData
from units.errors import DomainError, NotAllowed
from workflows import acting

pytestmark = pytest.mark.django_db

SUMMARY = "Vụ tranh chấp đất ở thôn đã được UBND xã giải quyết dứt điểm."
REASON = "Bản tóm tắt còn nêu chi tiết nhận diện được hộ gia đình"
LOOKUP = reverse("casework:citizen-lookup")
NOTHING_PUBLISHED = "This petition has no published summary to withdraw."
ALREADY_WITHDRAWN = "This published summary has already been withdrawn."
PETITIONER = SignerData(full_name="Lê Văn Dân", id_number="001090077777", phone="0911222333")


@pytest.fixture(autouse=True)
def _empty_cache():
    # The lookup counts failures in the cache; a clean one per test keeps them independent.
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
        title="Tranh chấp ranh giới đất",
        content="Hộ liền kề lấn chiếm 20 m² đất ở, đã hòa giải ở thôn không thành.",
        received_on=dt.date(2026, 11, 23),
        signers=[PETITIONER],
    )


def _run_to_submitted(petition, tree, case_officer, leader, agency_official, kind="complaint"):
    today = timezone.localdate()
    steps = [
        ("classify", case_officer, {"kind": kind, "field": "land", "processable": True}),
        ("refer", case_officer, {"agency": tree.agency}),
        ("send_referral", leader, {}),
        (
            "record_answer",
            agency_official,
            {
                "document_number": "15/UBND",
                "document_date": today,
                "summary": "Đã giải quyết.",
                "outcome": "resolved",
            },
        ),
        ("notify_petitioner", case_officer, {"on": today, "channel": "post"}),
        ("submit_disclosure", case_officer, {"summary": SUMMARY}),
    ]
    for action, actor, data in steps:
        acting.act(case=petition, action=action, actor=actor, reason="Lý do", **data)
    petition.refresh_from_db()
    return petition


@pytest.fixture
def submitted(receipt, tree, case_officer, leader, agency_official):
    return _run_to_submitted(receipt.petition, tree, case_officer, leader, agency_official)


@pytest.fixture
def published(submitted, leader):
    acting.act(case=submitted, action="approve_disclosure", actor=leader, reason="Duyệt công khai")
    submitted.refresh_from_db()
    assert submitted.state == S.DISCLOSED
    return submitted


def _lookup_summary(client, receipt) -> str:
    response = client.post(
        LOOKUP, {"tracking_code": receipt.petition.tracking_code, "secret": receipt.secret}
    )
    assert response.status_code == 200
    return response.context["summary"]


def message(msgid: str) -> str:
    """The refusal as the service words it in the active language (Vietnamese by default)."""
    return re.escape(gettext(msgid))


def _withdraw_url(petition) -> str:
    return reverse("casework:disclosure-withdraw", args=[petition.pk])


def test_a_leader_withdraws_the_summary_and_the_citizen_no_longer_sees_it(
    client, receipt, published, leader
):
    assert _lookup_summary(client, receipt) == SUMMARY
    rows_before = published.disclosure.history.count()

    client.force_login(leader)
    response = client.post(_withdraw_url(published), {"withdraw-reason": REASON})

    assert response.status_code == 302
    disclosure = Disclosure.objects.get(petition=published)
    assert disclosure.withdrawn_at is not None
    assert disclosure.withdrawn_by == leader
    assert disclosure.withdrawal_reason == REASON
    assert disclosure.summary == SUMMARY  # the text stays on record
    new_rows = list(disclosure.history.order_by("history_id")[rows_before:])
    assert len(new_rows) == 1
    assert new_rows[0].history_user == leader
    assert new_rows[0].history_change_reason == REASON
    published.refresh_from_db()
    assert published.state == S.DISCLOSED

    client.logout()
    assert _lookup_summary(client, receipt) == ""
    api = APIClient()
    api.force_authenticate(user=leader)
    assert api.get(f"/api/v1/petitions/{published.pk}/").json()["disclosure"] is None


def test_the_case_page_offers_the_withdrawal_to_the_leader_and_then_shows_it_was_withdrawn(
    client, published, leader, case_officer
):
    client.force_login(case_officer)
    assert client.get(published.get_absolute_url()).context.get("withdraw_form") is None

    client.force_login(leader)
    page = client.get(published.get_absolute_url())
    assert page.context["withdraw_form"] is not None
    assert _withdraw_url(published) in page.content.decode()

    client.post(_withdraw_url(published), {"withdraw-reason": REASON})
    page = client.get(published.get_absolute_url())
    assert page.context.get("withdraw_form") is None
    assert 'data-testid="disclosure-withdrawn"' in page.content.decode()
    assert REASON in page.content.decode()


def test_a_case_officer_cannot_withdraw_the_summary(client, published, case_officer):
    with pytest.raises(NotAllowed):
        disclosure_withdraw(petition=published, actor=case_officer, reason=REASON)
    client.force_login(case_officer)
    response = client.post(_withdraw_url(published), {"withdraw-reason": REASON})
    assert response.status_code == 403
    assert Disclosure.objects.get(petition=published).withdrawn_at is None


def test_a_summary_awaiting_approval_cannot_be_withdrawn(client, submitted, leader):
    with pytest.raises(DomainError, match=message(NOTHING_PUBLISHED)):
        disclosure_withdraw(petition=submitted, actor=leader, reason=REASON)
    client.force_login(leader)
    response = client.post(_withdraw_url(submitted), {"withdraw-reason": REASON})
    assert response.status_code == 400
    assert Disclosure.objects.get(petition=submitted).withdrawn_at is None


def test_a_case_without_any_summary_has_nothing_to_withdraw(receipt, leader):
    with pytest.raises(DomainError, match=message(NOTHING_PUBLISHED)):
        disclosure_withdraw(petition=receipt.petition, actor=leader, reason=REASON)


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_withdrawal_without_a_reason_is_refused(client, published, leader, reason):
    rows_before = published.disclosure.history.count()
    with pytest.raises(DomainError):
        disclosure_withdraw(petition=published, actor=leader, reason=reason)
    client.force_login(leader)
    response = client.post(_withdraw_url(published), {"withdraw-reason": reason})
    assert response.status_code == 400
    disclosure = Disclosure.objects.get(petition=published)
    assert disclosure.withdrawn_at is None
    assert disclosure.history.count() == rows_before


def test_a_withdrawn_summary_cannot_be_withdrawn_again(published, leader):
    first = disclosure_withdraw(petition=published, actor=leader, reason=REASON)
    with pytest.raises(DomainError, match=message(ALREADY_WITHDRAWN)):
        disclosure_withdraw(petition=published, actor=leader, reason="Lần hai")
    first.refresh_from_db()
    assert first.withdrawal_reason == REASON


def test_the_new_summary_of_a_reopened_case_is_not_born_withdrawn(
    client, receipt, published, tree, case_officer, leader, agency_official
):
    disclosure_withdraw(petition=published, actor=leader, reason=REASON)
    acting.act(case=published, action="close", actor=case_officer, reason="Đóng")
    acting.reopen(case=published, actor=leader, reason="Có tình tiết mới")
    again = _run_to_submitted(published, tree, case_officer, leader, agency_official)
    disclosure = Disclosure.objects.get(petition=again)
    assert (disclosure.withdrawn_at, disclosure.withdrawn_by, disclosure.withdrawal_reason) == (
        None,
        None,
        "",
    )
    acting.act(case=again, action="approve_disclosure", actor=leader, reason="Duyệt")
    assert _lookup_summary(client, receipt) == SUMMARY


def test_a_withdrawal_reason_naming_a_denouncer_is_blanked_for_the_agency(
    client, receipt, tree, case_officer, leader, agency_official
):
    petition = _run_to_submitted(
        receipt.petition, tree, case_officer, leader, agency_official, kind="denunciation"
    )
    acting.act(case=petition, action="approve_disclosure", actor=leader, reason="OK")
    disclosure_withdraw(
        petition=petition, actor=leader, reason=f"Lộ danh tính ông {PETITIONER.full_name}"
    )

    client.force_login(agency_official)
    page = client.get(petition.get_absolute_url()).content.decode()

    assert 'data-testid="disclosure-withdrawn"' in page
    assert PETITIONER.full_name not in page
