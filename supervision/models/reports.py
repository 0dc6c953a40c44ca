"""A board's periodic reports to the commune Front (Decree 59 Art. 14.3) and the Front's
yearly rating of each board."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from units.history import audit_history

from ..choices import Grade, Period, ReportState
from .boards import Board


class BoardReport(ConcurrentTransitionMixin, models.Model):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="reports")
    period = models.CharField(_("period"), max_length=16, choices=Period.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("quarter or half"), null=True, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    narrative = models.TextField(_("narrative"), blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    state = FSMField(
        _("state"), default=ReportState.DRAFTED, choices=ReportState.choices, protected=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = audit_history()

    class Meta:
        verbose_name = _("board report")
        verbose_name_plural = _("board reports")
        ordering = ["-ends_on"]

    def __str__(self) -> str:
        return f"{self.board} · {self.starts_on:%d/%m/%Y}–{self.ends_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:report-detail", args=[self.pk])

    @transition(field=state, source=ReportState.DRAFTED, target=ReportState.SUBMITTED)
    def submit(self) -> None:
        pass


class Rating(models.Model):
    """The commune Front's rating of a board for a year (tốt / khá / trung bình / yếu)."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="ratings")
    year = models.PositiveSmallIntegerField(_("year"))
    grade = models.CharField(_("rating"), max_length=16, choices=Grade.choices)
    reason = models.TextField(_("reason"))
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    rated_on = models.DateField(_("rated on"))

    history = audit_history()

    class Meta:
        verbose_name = _("board rating")
        verbose_name_plural = _("board ratings")
        constraints = [
            models.UniqueConstraint(fields=["board", "year"], name="supervision_rating_unique")
        ]

    def __str__(self) -> str:
        return f"{self.board} {self.year}: {self.get_grade_display()}"
