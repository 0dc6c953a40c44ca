from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from units.history import audit_history

from .choices import EmailState, NotificationKind

K = NotificationKind

# The sentence for each kind, as English msgids (gettext_noop marks them for makemessages). They
# are translated when a message is rendered, never when a row is written: one row then reads in
# each recipient's own language, and a corrected translation corrects old rows too.
MESSAGES = {
    K.TASK_ARRIVED: gettext_noop("New task “%(step)s” for %(case)s in %(unit)s"),
    K.TASK_ASSIGNED: gettext_noop("The task “%(step)s” for %(case)s was assigned to you"),
    K.DEADLINE_REMINDER: gettext_noop("Reminder: “%(step)s” for %(case)s is due on %(deadline)s"),
    K.DEADLINE_PASSED: gettext_noop("Overdue: “%(step)s” for %(case)s was due on %(deadline)s"),
    K.ESCALATED: gettext_noop("Escalated to %(unit)s: “%(step)s” for %(case)s, due %(deadline)s"),
    K.AGENCY_ANSWERED: gettext_noop("The agency answered %(case)s: “%(step)s”"),
    K.CASE_REOPENED: gettext_noop("%(case)s was reopened: “%(step)s”"),
    K.PUBLICATION_AWAITING_APPROVAL: gettext_noop(
        "A public summary of %(case)s awaits your approval"
    ),
    K.BOARD_ANNOUNCED: gettext_noop("%(case)s, %(unit)s: %(step)s"),
    K.CONFLICT_FLAGGED: gettext_noop("%(case)s, %(unit)s: %(step)s"),
}


class Notification(models.Model):
    """An outbox row: written in the transaction of the change that causes it, pushed after
    commit, and replayed to a client that reconnects with the last id it saw.

    Rows hold plain values, so this app depends on no domain app:
    - `case_label` names the case (tracking code and short title). The caller guarantees that it
      never identifies a person: it is shown to every recipient and pushed over WebSocket.
    - `step` is the English msgid of a translatable label (marked with gettext_noop where it is
      defined, e.g. a flow node's title). It is stored untranslated and translated with gettext
      when the message is rendered, in the reader's language.
    - `url` is a path on this site; `case_kind` and `case_id` name the case it links to.

    `email_state` makes the row an e-mail outbox too: notify() sets it to pending for recipients
    who asked for the kind by e-mail, and `emails.deliver_pending_emails` claims and sends it.
    """

    id = models.BigAutoField(primary_key=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=NotificationKind.choices)
    case_label = models.CharField(_("case"), max_length=255)
    step = models.CharField(_("step"), max_length=120, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    url = models.CharField(max_length=255)
    # The case the row is about, by kind name and id (no foreign key: this app depends on no
    # case kind); indexed, so "every notification about this case" is one index range.
    case_kind = models.CharField(max_length=32, blank=True)
    case_id = models.PositiveBigIntegerField(null=True, blank=True)
    unit_name = models.CharField(_("unit"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_state = models.CharField(
        _("e-mail"), max_length=8, choices=EmailState.choices, default=EmailState.NONE, blank=True
    )
    # When a deliverer claimed the e-mail: a claim this old belongs to a worker that died.
    email_claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at", "-id"]),
            models.Index(fields=["case_kind", "case_id"], name="notification_case"),
            # Only the few rows still to send are indexed; sent and e-mail-less rows are not.
            models.Index(
                fields=["email_state", "id"],
                condition=models.Q(email_state__in=[EmailState.PENDING, EmailState.SENDING]),
                name="notification_email_outbox",
            ),
        ]

    def __str__(self) -> str:
        return self.message()

    def message(self) -> str:
        """The sentence in the active language; wrap the call in `translation.override()` to
        render it for somebody else."""
        return gettext(MESSAGES[self.kind]) % {
            "step": gettext(self.step) if self.step else "",
            "case": self.case_label,
            "unit": self.unit_name,
            "deadline": self.deadline.strftime("%d/%m/%Y") if self.deadline else "—",
        }

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    def payload(self) -> dict:
        """What a WebSocket client receives, in the active language."""
        return {
            "id": self.id,
            "kind": self.kind,
            "message": self.message(),
            "url": self.url,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "created_at": self.created_at.isoformat(),
        }


class NotificationPreference(models.Model):
    """What a person wants by e-mail besides the inbox: the kinds they choose, and a morning
    digest of their overdue items. Without a row, nothing is e-mailed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("user"),
    )
    email_kinds = models.JSONField(_("kinds sent by e-mail"), default=list, blank=True)
    daily_digest = models.BooleanField(_("daily digest of overdue items"), default=False)
    # Bookkeeping of the digest sender, not a choice of the person: kept out of the history.
    last_digest_on = models.DateField(null=True, blank=True, editable=False)

    history = audit_history(excluded_fields=["last_digest_on"])

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)

    def wants_email(self, kind: str) -> bool:
        return kind in self.email_kinds
