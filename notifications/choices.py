from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    TASK_ARRIVED = "task_arrived", _("A task arrived in your unit's queue")
    TASK_ASSIGNED = "task_assigned", _("A task was assigned to you")
    DEADLINE_REMINDER = "deadline_reminder", _("A deadline approaches")
    DEADLINE_PASSED = "deadline_passed", _("A deadline passed: follow-up")
    ESCALATED = "escalated", _("A case was escalated")
    AGENCY_ANSWERED = "agency_answered", _("An agency answered")
    CASE_REOPENED = "case_reopened", _("A case was reopened")
    BOARD_ANNOUNCED = "board_announced", _("A board and its members were announced")
    CONFLICT_FLAGGED = "conflict_flagged", _("A board member's name matches a project's party")
    PUBLICATION_AWAITING_APPROVAL = (
        "publication_awaiting_approval",
        _("A publication awaits your approval"),
    )


class EmailState(models.TextChoices):
    """Where a notification's e-mail stands. Empty: none was asked for."""

    NONE = "", _("no e-mail")
    PENDING = "pending", _("e-mail pending")
    SENDING = "sending", _("e-mail being sent")
    SENT = "sent", _("e-mail sent")
    FAILED = "failed", _("e-mail failed")
