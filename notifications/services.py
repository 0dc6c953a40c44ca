from collections.abc import Iterable
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation

from .choices import EmailState, NotificationKind
from .models import Notification, NotificationPreference
from .publisher import publisher
from .tasks import deliver_emails


def notify(
    *,
    kind: str,
    user_ids: Iterable[int],
    case_label: str,
    step: str,
    url: str,
    deadline: date | None = None,
    unit_name: str = "",
    case_kind: str = "",
    case_id: int | None = None,
) -> list[Notification]:
    """Write one notification per distinct active recipient and push them after commit.

    Call it inside the transaction of the change it announces: the rows commit or roll back with
    that change, and the push is queued with on_commit, so a rolled-back change neither leaves a
    row nor reaches a screen. `step` is an English msgid (see Notification); `url` a site path.

    A recipient who asked for this kind by e-mail, and has an address, gets the row marked as a
    pending e-mail in the same transaction: a worker sends it after commit (see emails.py).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("notify() must run inside the transaction of the change it announces.")
    kind = NotificationKind(kind)
    if not url.startswith("/") or url.startswith("//") or len(url) > 255:
        raise ValueError(f"A notification links to a path on this site, not {url!r}.")

    # The preference comes along in the same query (a LEFT JOIN), so e-mail costs no query.
    recipients, email_to = {}, set()
    for user_id, language, address, email_kinds in (
        get_user_model()
        .objects.filter(pk__in=set(user_ids), is_active=True)
        .order_by("pk")
        .values_list("pk", "language", "email", "notification_preference__email_kinds")
    ):
        recipients[user_id] = language
        if address and email_kinds and kind in email_kinds:
            email_to.add(user_id)
    if not recipients:
        return []
    now = timezone.now()
    rows = Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=user_id,
                kind=kind,
                # Cut to the columns rather than fail the caller's transaction over a long title.
                case_label=case_label[:255],
                step=step[:120],
                deadline=deadline,
                url=url,
                case_kind=case_kind,
                case_id=case_id,
                unit_name=unit_name[:255],
                created_at=now,
                email_state=EmailState.PENDING if user_id in email_to else EmailState.NONE,
            )
            for user_id in recipients
        ]
    )
    # Rendered now, in each recipient's language, so the publisher thread needs no database.
    deliveries = []
    for row in rows:
        with translation.override(recipients[row.recipient_id]):
            deliveries.append((row.recipient_id, row.payload()))
    # robust: a push that cannot even be queued must not fail the request that already committed.
    transaction.on_commit(lambda: publisher.publish_many(deliveries), robust=True)
    if email_to:
        # Only a nudge: if the broker is down the rows stay pending and the beat's
        # every-minute run of the same task sends them.
        transaction.on_commit(deliver_emails.delay, robust=True)
    return rows


def notification_mark_read(*, user, notification_id: int) -> bool:
    """Mark one of the user's own notifications read; False if it is not theirs or was read."""
    return bool(
        Notification.objects.filter(
            pk=notification_id, recipient=user, read_at__isnull=True
        ).update(read_at=timezone.now())
    )


def notification_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def notification_preference_update(
    *, user, email_kinds: Iterable[str], daily_digest: bool, reason: str
) -> NotificationPreference:
    """Set which kinds the user gets by e-mail and whether they get the daily digest; one
    history row, by the user, with `reason`. Unknown kinds are dropped."""
    wanted = set(email_kinds)
    kinds = [value for value in NotificationKind.values if value in wanted]
    # Locked so that two quick saves from two tabs are applied one after the other.
    preference = NotificationPreference.objects.select_for_update().filter(
        user=user
    ).first() or NotificationPreference(user=user)
    if (
        preference.pk is not None
        and preference.email_kinds == kinds
        and preference.daily_digest == daily_digest
    ):
        return preference  # nothing changed: no history row
    preference.email_kinds = kinds
    preference.daily_digest = daily_digest
    preference._history_user = user
    preference._change_reason = reason
    preference.save()
    return preference
