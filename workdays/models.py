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
