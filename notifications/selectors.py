from django.db.models import Count, Max, Q, QuerySet

from .models import Notification, NotificationPreference


def notification_list(*, user, unread_only: bool = False, kind: str = "") -> QuerySet[Notification]:
    """The user's own notifications, newest first."""
    rows = Notification.objects.filter(recipient=user)
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    if kind:
        rows = rows.filter(kind=kind)
    return rows.order_by("-id")


def notification_since(*, user, last_id: int) -> list[Notification]:
    """The user's notifications after `last_id`, oldest first: what a reconnecting client missed."""
    return list(Notification.objects.filter(recipient=user, id__gt=last_id).order_by("id"))


def notification_counts(*, user) -> dict[str, int]:
    """The unread count for the badge and the newest id, from which a browser that has seen
    nothing yet starts asking for missed notifications. One query."""
    counts = Notification.objects.filter(recipient=user).aggregate(
        unread=Count("id", filter=Q(read_at__isnull=True)), last_id=Max("id")
    )
    return {"unread": counts["unread"], "last_id": counts["last_id"] or 0}


def notification_preference_get(*, user) -> NotificationPreference:
    """The user's preferences; an unsaved default (nothing by e-mail, no digest) if never set."""
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(
        user=user
    )
