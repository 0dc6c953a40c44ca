"""E-mail as an outbox: notify() marks the row pending in the caller's transaction, and a
deliverer claims and sends it after commit, once, in the recipient's language."""

import datetime as dt
import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from casework import reception
from casework.services.intake import SignerData
from notifications import emails
from notifications.choices import EmailState, NotificationKind
from notifications.emails import deliver_pending_emails
from notifications.models import Notification
from notifications.services import notify

pytestmark = pytest.mark.django_db

K = NotificationKind
SITE = "https://dan-nguyen.example.vn"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


def _notify(*users, kind=K.TASK_ARRIVED, case="DN-2026-000123"):
    return notify(
        kind=kind,
        user_ids=[user.pk for user in users],
        case_label=case,
        step="Classify the petition",
        url="/cases/123/",
        unit_name="Xã An Bình",
    )


def _committed(*users, **options):
    with transaction.atomic():
        return _notify(*users, **options)


def test_a_chosen_kind_is_emailed_exactly_once_after_commit(
    case_officer, wants_email, tasks_run_at_once, mailoutbox, django_capture_on_commit_callbacks
):
    wants_email(case_officer, K.TASK_ARRIVED)
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = _committed(case_officer)
        assert mailoutbox == []  # nothing leaves before the commit

    assert len(mailoutbox) == 1
    (mail,) = mailoutbox
    assert mail.to == [case_officer.email]
    assert mail.subject == "Dân Nguyện: " + row.message()
    assert row.message() in mail.body
    assert f"{SITE}/cases/123/" in mail.body
    assert f"{SITE}/notifications/preferences/" in mail.body
    assert Notification.objects.get(pk=row.pk).email_state == EmailState.SENT
    assert deliver_pending_emails() == 0
    assert len(mailoutbox) == 1


def test_a_rolled_back_change_emails_nobody(
    case_officer, wants_email, tasks_run_at_once, mailoutbox, django_capture_on_commit_callbacks
):
    wants_email(case_officer, K.TASK_ARRIVED)

    class Rollback(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Rollback),
        transaction.atomic(),
    ):
        _notify(case_officer)
        raise Rollback

    assert callbacks == []
    assert deliver_pending_emails() == 0
    assert mailoutbox == []


def test_nothing_is_emailed_to_whoever_did_not_choose_the_kind_or_has_no_address(
    case_officer, leader, auditor, wants_email, tasks_run_at_once, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    wants_email(leader, K.ESCALATED)  # another kind
    auditor.email = ""
    auditor.save()
    wants_email(auditor, K.TASK_ARRIVED)  # but no address
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rows = _committed(case_officer, leader, auditor)  # the case officer chose nothing

    assert {row.email_state for row in rows} == {EmailState.NONE}
    assert len(callbacks) == 1  # the push only: no delivery is queued
    assert deliver_pending_emails() == 0
    assert mailoutbox == []


def test_notify_queues_the_delivery_on_commit_only_when_an_email_is_pending(
    case_officer, leader, wants_email, monkeypatch, django_capture_on_commit_callbacks
):
    from notifications import services

    queued = []
    monkeypatch.setattr(services.deliver_emails, "delay", lambda: queued.append(1))
    wants_email(leader, K.TASK_ARRIVED)

    with django_capture_on_commit_callbacks(execute=True):
        rows = {row.recipient_id: row for row in _committed(case_officer, leader)}
        assert queued == []
    assert queued == [1]
    assert rows[leader.pk].email_state == EmailState.PENDING
    assert rows[case_officer.pk].email_state == EmailState.NONE

    with django_capture_on_commit_callbacks(execute=True):
        _committed(case_officer)
    assert queued == [1]


def test_the_email_reads_in_the_recipients_own_language(
    case_officer, leader, wants_email, mailoutbox, pushed
):
    leader.language = "en"
    leader.save()
    wants_email(case_officer, K.TASK_ARRIVED)
    wants_email(leader, K.TASK_ARRIVED)
    _committed(case_officer, leader)

    assert deliver_pending_emails() == 2
    by_address = {mail.to[0]: mail for mail in mailoutbox}
    english = by_address[leader.email]
    assert english.subject == (
        "Dân Nguyện: New task “Classify the petition” for DN-2026-000123 in Xã An Bình"
    )
    assert "Open the case: " + SITE + "/cases/123/" in english.body
    vietnamese = by_address[case_officer.email]
    assert "Việc mới “Phân loại đơn” của đơn DN-2026-000123" in vietnamese.subject


def test_a_second_deliverer_finds_nothing_left_to_send(
    case_officer, wants_email, mailoutbox, pushed
):
    wants_email(case_officer, K.TASK_ARRIVED)
    _committed(case_officer, case="DN-2026-000001")
    _committed(case_officer, case="DN-2026-000002")

    assert deliver_pending_emails() == 2
    assert deliver_pending_emails() == 0
    assert len(mailoutbox) == 2


def test_delivery_sends_at_most_the_limit_oldest_first(
    case_officer, wants_email, mailoutbox, pushed
):
    wants_email(case_officer, K.TASK_ARRIVED)
    for number in (1, 2, 3):
        _committed(case_officer, case=f"DN-2026-00000{number}")

    assert deliver_pending_emails(limit=2) == 2
    assert ["DN-2026-000001" in m.body for m in mailoutbox] == [True, False]
    assert deliver_pending_emails(limit=2) == 1
    assert "DN-2026-000003" in mailoutbox[-1].body


def test_a_failed_send_is_marked_failed_and_the_others_still_go_out(
    case_officer, leader, wants_email, mailoutbox, monkeypatch, pushed
):
    real_send = emails.send_mail

    def refuse_the_leader(subject, body, sender, to):
        if to == [leader.email]:
            raise ConnectionRefusedError("mail server said no")
        return real_send(subject, body, sender, to)

    monkeypatch.setattr(emails, "send_mail", refuse_the_leader)
    wants_email(case_officer, K.TASK_ARRIVED)
    wants_email(leader, K.TASK_ARRIVED)
    rows = {row.recipient_id: row.pk for row in _committed(leader, case_officer)}

    assert deliver_pending_emails() == 1
    assert [mail.to for mail in mailoutbox] == [[case_officer.email]]
    states = dict(Notification.objects.values_list("recipient_id", "email_state"))
    assert states == {leader.pk: EmailState.FAILED, case_officer.pk: EmailState.SENT}
    assert deliver_pending_emails() == 0
    assert rows


def test_an_email_claimed_by_a_worker_that_died_is_sent_again_after_ten_minutes(
    case_officer, wants_email, mailoutbox, pushed
):
    wants_email(case_officer, K.TASK_ARRIVED)
    (row,) = _committed(case_officer)
    claimed_at = timezone.now() - dt.timedelta(minutes=5)
    Notification.objects.filter(pk=row.pk).update(
        email_state=EmailState.SENDING, email_claimed_at=claimed_at
    )
    assert deliver_pending_emails() == 0  # another worker may still be sending it

    Notification.objects.filter(pk=row.pk).update(
        email_claimed_at=timezone.now() - dt.timedelta(minutes=11)
    )
    assert deliver_pending_emails() == 1
    assert Notification.objects.get(pk=row.pk).email_state == EmailState.SENT


def test_a_denunciation_emails_the_case_officer_no_trace_of_the_denouncer(
    tree, reception_officer, case_officer, wants_email, tasks_run_at_once, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    wants_email(case_officer, K.TASK_ARRIVED)
    name, id_number, phone = "Nguyễn Văn Tố", "001090012345", "0912345678"
    with django_capture_on_commit_callbacks(execute=True):
        petition = reception.petition_start(
            actor=reception_officer,
            unit=tree.commune,
            channel="in_person",
            kind="denunciation",
            title="Cán bộ địa chính xã nhận tiền khi cấp sổ đỏ",
            content="Cán bộ địa chính yêu cầu nộp thêm tiền ngoài lệ phí.",
            received_on=timezone.localdate(),
            signers=[SignerData(full_name=name, id_number=id_number, phone=phone)],
        ).petition

    (mail,) = mailoutbox
    assert petition.tracking_code in mail.subject
    for secret in (name, id_number, phone):
        assert secret not in mail.subject
        assert secret not in mail.body


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two deliverers need two connections to one database; SQLite's is in memory",
)
def test_two_deliverers_at_once_send_each_email_once(
    case_officer, wants_email, mailoutbox, monkeypatch, pushed
):
    wants_email(case_officer, K.TASK_ARRIVED)
    for number in range(10):
        _committed(case_officer, case=f"DN-2026-0000{number:02d}")

    # Both read the same ten pending rows before either claims one: the race at its worst.
    both_have_read = threading.Barrier(2, timeout=10)
    real_due = emails._due

    def due_then_wait(limit):
        rows = real_due(limit)
        both_have_read.wait()
        return rows

    monkeypatch.setattr(emails, "_due", due_then_wait)
    results: list[int] = []
    errors: list[BaseException] = []

    def deliver():
        try:
            results.append(deliver_pending_emails())
        except BaseException as error:  # reported by the test below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=deliver) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)

    assert errors == []
    assert sum(results) == 10
    assert len(mailoutbox) == 10
    assert len({mail.body for mail in mailoutbox}) == 10
    assert set(Notification.objects.values_list("email_state", flat=True)) == {EmailState.SENT}
