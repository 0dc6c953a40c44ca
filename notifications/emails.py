"""E-mail delivery of notifications, as an outbox: notify() marks a row pending in the
transaction of the change, and any number of deliverers (the task queued on commit, the beat's
every-minute run, several Celery workers) send it after commit, each row exactly once.

A deliverer claims a row with a conditional UPDATE (pending → sending) and sends only if its
UPDATE changed the row: two deliverers that read the same pending rows both try, one wins, the
other skips. No lock is held while the mail server answers.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .choices import EmailState
from .models import Notification

logger = logging.getLogger(__name__)

# A claim older than this belongs to a worker that died between claiming and marking the row
# (the mail may or may not have left): the row is sent again. At least once beats never.
STALE_CLAIM = timedelta(minutes=10)


def site_link(path: str) -> str:
    """The absolute address of a path on this site, for e-mails (read outside the browser)."""
    return settings.SITE_URL.rstrip("/") + path


def _due(limit: int) -> list[tuple[int, str, object]]:
    """(id, state, claimed at) of the rows to send, oldest first."""
    stale = timezone.now() - STALE_CLAIM
    return list(
        Notification.objects.filter(
            Q(email_state=EmailState.PENDING)
            | Q(email_state=EmailState.SENDING, email_claimed_at__lt=stale)
        )
        .order_by("id")
        .values_list("id", "email_state", "email_claimed_at")[:limit]
    )


def _claim(pk: int, state: str, claimed_at) -> bool:
    """True for exactly one caller per (row, state it was read in)."""
    return (
        Notification.objects.filter(pk=pk, email_state=state, email_claimed_at=claimed_at).update(
            email_state=EmailState.SENDING, email_claimed_at=timezone.now()
        )
        == 1
    )


def render_email(notification: Notification) -> tuple[str, str]:
    """Subject and body in the recipient's language: the notification's sentence and the
    absolute link to the case, nothing more (the sentence names the case, never a person)."""
    with translation.override(notification.recipient.language):
        context = {
            "message": notification.message(),
            "link": site_link(notification.url),
            "preferences_link": site_link(reverse("notifications:preferences")),
        }
        subject = render_to_string("notifications/email_subject.txt", context)
        body = render_to_string("notifications/email_body.txt", context)
    return " ".join(subject.split()), body


def deliver_pending_emails(limit: int = 200) -> int:
    """Send up to `limit` pending notification e-mails; returns how many this call sent."""
    sent = 0
    for pk, state, claimed_at in _due(limit):
        if not _claim(pk, state, claimed_at):
            continue  # another deliverer got there first
        notification = Notification.objects.select_related("recipient").get(pk=pk)
        outcome = EmailState.SENT
        try:
            subject, body = render_email(notification)
            send_mail(subject, body, None, [notification.recipient.email])
        except Exception:
            # One bad address or a mail server hiccup must not stop the others.
            logger.exception("Sending the e-mail of notification %s failed", pk)
            outcome = EmailState.FAILED
        Notification.objects.filter(pk=pk, email_state=EmailState.SENDING).update(
            email_state=outcome
        )
        sent += outcome == EmailState.SENT
    return sent
