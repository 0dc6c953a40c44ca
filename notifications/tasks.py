from celery import shared_task
from django.utils import timezone

from .digest import send_daily_digests
from .emails import deliver_pending_emails


@shared_task(name="notifications.tasks.deliver_emails", ignore_result=True)
def deliver_emails() -> int:
    """Queued on commit by notify() when it left e-mails pending, and run every minute by beat
    as a safety net; several at once send each e-mail once."""
    return deliver_pending_emails()


@shared_task(name="notifications.tasks.send_daily_digests", ignore_result=True)
def send_digests() -> int:
    """Beat runs it every morning; a second run on the same day sends nothing more."""
    return send_daily_digests(timezone.localdate())
