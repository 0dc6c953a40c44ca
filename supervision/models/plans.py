"""A board's plans (THDCOCS Art. 39.2; Decree 59 Art. 14.1a) and their items. An approved plan
is posted publicly at the commune People's Committee (NQLT 403 Art. 11.1a): `public_text` and
`posted_on` are what the public portal shows."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from units.history import audit_history

from ..choices import Period, PlanState
from .boards import Board


class Plan(ConcurrentTransitionMixin, models.Model):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="plans")
    period = models.CharField(_("period"), max_length=16, choices=Period.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(
        _("quarter or half"), default=0, help_text=_("1–4 for a quarter, 1–2 for a half; 0 else.")
    )
    title = models.CharField(_("title"), max_length=255)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    posted_on = models.DateField(_("posted on"), null=True, blank=True)
    posted_where = models.CharField(_("posted at"), max_length=255, blank=True)
    public_text = models.TextField(_("text posted publicly"), blank=True)
    state = FSMField(
        _("state"), default=PlanState.DRAFTED, choices=PlanState.choices, protected=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = audit_history()

    class Meta:
        verbose_name = _("supervision plan")
        verbose_name_plural = _("supervision plans")
        ordering = ["-year", "period", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "period", "year", "number"],
                name="supervision_plan_unique",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("supervision:plan-detail", args=[self.pk])

    @transition(field=state, source=PlanState.DRAFTED, target=PlanState.APPROVED)
    def approve(self) -> None:
        pass

    @transition(field=state, source=PlanState.APPROVED, target=PlanState.POSTED)
    def post(self) -> None:
        pass


class PlanItem(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    subject = models.CharField(_("what is supervised"), max_length=255)
    supervised_body = models.CharField(_("supervised body"), max_length=255)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = audit_history()

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["starts_on", "pk"]

    def __str__(self) -> str:
        return self.subject
