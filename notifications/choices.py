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
    PUBLICATION_AWAITING_APPROVAL = (
        "publication_awaiting_approval",
        _("A publication awaits your approval"),
    )
