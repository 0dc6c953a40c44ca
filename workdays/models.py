from django.db import models
from django.utils.translation import gettext_lazy as _

from units.history import audit_history


class DayKind(models.TextChoices):
    DAY_OFF = "day_off", _("Extra day off")
    WORKING_DAY = "working_day", _("Make-up working day")


class CalendarOverride(models.Model):
    """A day the government moved: an extra day off, or a weekend day worked to make up for one.

    The statutory holidays come from the `holidays` package; these rows record each year's
    decisions on top of them, and win over both the package and the weekend.
    """

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=DayKind.choices)
    reason = models.CharField(
        _("reason"), max_length=255, help_text=_("The decision that moved the day, and why.")
    )

    history = audit_history()

    class Meta:
        verbose_name = _("calendar change")
        verbose_name_plural = _("calendar changes")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} · {self.get_kind_display()}"


class DayCount(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days")
    DAYS = "days", _("days")


class TimeLimitStep(models.TextChoices):
    CLASSIFY = "classify", _("Register and classify")
    REFER = "refer", _("Forward to the competent body")
    ANSWER = "answer", _("Resolve and answer")
    PUBLISH_CONCLUSION = "publish_conclusion", _("Publish the conclusion")


class TimeLimitVariant(models.TextChoices):
    STANDARD = "standard", _("Standard")
    COMPLEX = "complex", _("Complex")
    REMOTE = "remote", _("Remote area")
    REMOTE_COMPLEX = "remote_complex", _("Remote area, complex")
    SECOND_INSTANCE = "second_instance", _("Second instance")
    SECOND_INSTANCE_COMPLEX = "second_instance_complex", _("Second instance, complex")
    SECOND_INSTANCE_REMOTE = "second_instance_remote", _("Second instance, remote area")
    SECOND_INSTANCE_REMOTE_COMPLEX = (
        "second_instance_remote_complex",
        _("Second instance, remote area, complex"),
    )
    ESPECIALLY_COMPLEX = "especially_complex", _("Especially complex")
    SEVERAL_PLACES = "several_places", _("Several places")


class TimeLimit(models.Model):
    """How long one step of one case kind may take, with the law behind it.

    Kept as rows, not constants, so administrators can follow the law when it changes; the
    defaults are seeded by migration 0002 from the statutes cited in `legal_basis`.
    """

    # Free text rather than choices: the kinds belong to casework and supervision, which sit
    # above this app and may add their own.
    case_kind = models.CharField(
        _("case kind"),
        max_length=32,
        help_text=_("complaint, denunciation, recommendation, feedback or mixed"),
    )
    # Free text too: each kind names its own steps (TimeLimitStep are the petitions'; voter
    # recommendations add theirs). `step_label` reads the petitions' names.
    step = models.CharField(_("step"), max_length=32)
    variant = models.CharField(
        _("variant"),
        max_length=32,
        choices=TimeLimitVariant.choices,
        default=TimeLimitVariant.STANDARD,
    )
    count = models.PositiveSmallIntegerField(_("count"))
    unit = models.CharField(_("unit"), max_length=16, choices=DayCount.choices)
    reminder_working_days = models.PositiveSmallIntegerField(
        _("reminder (working days before)"),
        default=2,
        help_text=_("How many working days before the deadline the reminder is sent."),
    )
    escalate_after_working_days = models.PositiveSmallIntegerField(
        _("escalate after (working days)"),
        default=5,
        help_text=_(
            "How many working days after the deadline an unanswered follow-up is escalated "
            "to the superior."
        ),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=255)

    history = audit_history()

    class Meta:
        verbose_name = _("time limit")
        verbose_name_plural = _("time limits")
        ordering = ["case_kind", "step", "variant"]
        constraints = [
            models.UniqueConstraint(
                fields=["case_kind", "step", "variant"], name="workdays_timelimit_unique_variant"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.case_kind} · {self.step_label()} · {self.get_variant_display()}: "
            f"{self.count} {self.get_unit_display()}"
        )

    def step_label(self) -> str:
        return str(TimeLimitStep(self.step).label) if self.step in TimeLimitStep else self.step
