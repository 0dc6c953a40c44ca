import datetime as dt
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation

from .models import Notification
from .publisher import publisher


def notify(
    *,
    kind: str,
    user_ids: Iterable[int],
    case_label: str,
    step: str,
    url: str,
    deadline: dt.date | None = None,
    unit_name: str = "",
) -> list[Notification]:
    """Writes one outbox row per active recipient inside the caller's transaction and pushes
    them after commit; a rolled-back change leaves no row and pushes nothing."""
    languages = dict(
        get_user_model()
        .objects.filter(pk__in=set(user_ids), is_active=True)
        .values_list("pk", "language")
    )
    rows = Notification.objects.bulk_create(
        Notification(
            recipient_id=user_id,
            kind=kind,
            case_label=case_label[:255],
            step=step[:120],
            deadline=deadline,
            url=url,
            unit_name=unit_name[:255],
        )
        for user_id in sorted(languages)
    )

    def push() -> None:
        messages = []
        for row in rows:
            with translation.override(languages[row.recipient_id]):
                messages.append((row.recipient_id, row.payload()))
        publisher.publish_many(messages)

    transaction.on_commit(push)
    return rows


def notification_mark_read(*, user, notification_id: int) -> bool:
    return bool(
        Notification.objects.filter(
            pk=notification_id, recipient=user, read_at__isnull=True
        ).update(read_at=timezone.now())
    )


def notification_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
