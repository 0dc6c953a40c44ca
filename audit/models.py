"""Audit records that belong to no case: sign-ins and exports. Case events are read from the
history tables, the task table, the outbox and the identity-view log (`audit.selectors`)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units.history import audit_history

from .choices import AuthEventKind, ExportFormat, ExportStatus

USER_AGENT_LENGTH = 255


class AuthEvent(models.Model):
    """A sign-in, a failed sign-in or a sign-out. A failed attempt keeps the name typed, which
    may match nobody."""

    kind = models.CharField(_("kind"), max_length=16, choices=AuthEventKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    username_tried = models.CharField(_("user name entered"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=USER_AGENT_LENGTH, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    history = audit_history()

    class Meta:
        verbose_name = _("sign-in event")
        verbose_name_plural = _("sign-in events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.username_tried} {self.at:%Y-%m-%d %H:%M}"


def export_path(instance: "Export", filename: str) -> str:
    return f"exports/{instance.requested_by_id}/{filename}"


class Export(models.Model):
    """One export of audit events. The history records each status change (who asked, when it
    ran, how it ended); progress counters move without history rows."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    format = models.CharField(_("format"), max_length=8, choices=ExportFormat.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(_("file"), upload_to=export_path, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    history = audit_history()

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.pk} {self.format} {self.status}"

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0
