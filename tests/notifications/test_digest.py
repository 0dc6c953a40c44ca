"""The morning digest: one e-mail listing a person's overdue items, for those who asked."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from casework import reception
from casework.services.intake import SignerData
from notifications import digest
from notifications.digest import register_digest_source, send_daily_digests
from notifications.tasks import send_digests

pytestmark = pytest.mark.django_db

SITE = "https://dan-nguyen.example.vn"
NAME, ID_NUMBER, PHONE = "Nguyễn Văn Tố", "001090012345", "0912345678"
TITLE = "Cán bộ địa chính xã nhận tiền khi cấp sổ đỏ"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def overdue_denunciation(tree, reception_officer, pushed):
    """Received forty days ago and never classified: long past its registration limit."""
    petition = reception.petition_start(
        actor=reception_officer,
        unit=tree.commune,
        channel="in_person",
        kind="denunciation",
        title=TITLE,
        content="Cán bộ địa chính yêu cầu nộp thêm tiền ngoài lệ phí.",
        received_on=timezone.localdate() - dt.timedelta(days=40),
        signers=[SignerData(full_name=NAME, id_number=ID_NUMBER, phone=PHONE)],
    ).petition
    assert petition.classify_due < timezone.localdate()
    return petition


def test_a_user_with_the_digest_gets_one_email_listing_their_overdue_case_and_no_identity(
    case_officer, overdue_denunciation, wants_email, mailoutbox
):
    petition = overdue_denunciation
    wants_email(case_officer, digest=True)

    assert send_daily_digests(timezone.localdate()) == 1

    (mail,) = mailoutbox
    assert mail.to == [case_officer.email]
    assert "1" in mail.subject
    with translation.override("vi"):
        assert f"{petition.tracking_code} · {petition.get_kind_display()}: " in mail.body
    assert f"{SITE}/cases/petitions/{petition.pk}/" in mail.body
    assert petition.classify_due.strftime("%d/%m/%Y") in mail.body
    for secret in (NAME, ID_NUMBER, PHONE, TITLE):
        assert secret not in mail.subject
        assert secret not in mail.body


def test_the_digest_reads_in_the_readers_language(
    case_officer, overdue_denunciation, wants_email, mailoutbox
):
    case_officer.language = "en"
    case_officer.save()
    wants_email(case_officer, digest=True)
    send_daily_digests(timezone.localdate())
    (mail,) = mailoutbox
    assert mail.subject == "Dân Nguyện: 1 overdue item"
    assert f"{overdue_denunciation.tracking_code} · Denunciation: due " in mail.body


def test_without_the_digest_nothing_is_sent(
    case_officer, overdue_denunciation, wants_email, mailoutbox
):
    wants_email(case_officer, "task_arrived", digest=False)
    assert send_daily_digests(timezone.localdate()) == 0
    assert mailoutbox == []


def test_someone_with_nothing_overdue_gets_no_digest(
    case_officer, outsider, overdue_denunciation, wants_email, mailoutbox
):
    wants_email(outsider, digest=True)  # another commune: cannot see the case
    assert send_daily_digests(timezone.localdate()) == 0
    assert mailoutbox == []


def test_a_second_run_on_the_same_day_sends_nothing_and_the_next_day_sends_again(
    case_officer, overdue_denunciation, wants_email, mailoutbox
):
    wants_email(case_officer, digest=True)
    today = timezone.localdate()
    assert send_daily_digests(today) == 1
    assert send_daily_digests(today) == 0
    assert send_daily_digests(today + dt.timedelta(days=1)) == 1
    assert len(mailoutbox) == 2


def test_the_beat_task_sends_todays_digest(
    case_officer, overdue_denunciation, wants_email, mailoutbox
):
    wants_email(case_officer, digest=True)
    assert send_digests() == 1
    assert send_digests() == 0


def test_items_come_from_every_registered_source_longest_overdue_first(
    case_officer, wants_email, mailoutbox, monkeypatch
):
    monkeypatch.setattr(digest, "_sources", [])

    def source(user):
        return [
            ("SC-2026-000002 · Supervision", "/supervision/2/", dt.date(2026, 11, 20)),
            ("SC-2026-000001 · Supervision", "/supervision/1/", dt.date(2026, 11, 2)),
        ]

    register_digest_source(source)
    register_digest_source(source)  # twice has no effect
    wants_email(case_officer, digest=True)
    assert send_daily_digests(dt.date(2026, 11, 23)) == 1
    body = mailoutbox[0].body
    assert body.count("SC-2026-000001") == 1
    assert body.index("SC-2026-000001") < body.index("SC-2026-000002")
    assert f"{SITE}/supervision/1/" in body
