"""A seat left vacant on a People's Inspection Board with at least six months of the term to run
calls for a by-election (Decree 59 Art. 13): a case in the commune Front's queue."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from units.history import audit_history
from units.models import Unit
from workflows.models import WorkflowCase

from ..choices import VacancyState
from .boards import Board, Election, Member


class Vacancy(ConcurrentTransitionMixin, WorkflowCase):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="vacancies")
    # The commune committee that organises the by-election.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("reference"), max_length=24, unique=True)
    left = models.OneToOneField(Member, on_delete=models.PROTECT, related_name="vacancy")
    village = models.CharField(_("village or residential group"), max_length=150, blank=True)
    opened_on = models.DateField(_("vacant since"))
    due = models.DateField(_("by-election due"))
    election = models.ForeignKey(
        Election, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    waived_reason = models.TextField(_("why no by-election"), blank=True)
    state = FSMField(
        _("state"), default=VacancyState.OPEN, choices=VacancyState.choices, protected=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = audit_history()

    class Meta:
        verbose_name = _("vacant seat")
        verbose_name_plural = _("vacant seats")
        ordering = ["due"]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("supervision:board-detail", args=[self.board_id])

    @transition(field=state, source=VacancyState.OPEN, target=VacancyState.FILLED)
    def fill(self) -> None:
        pass

    @transition(field=state, source=VacancyState.OPEN, target=VacancyState.WAIVED)
    def waive(self) -> None:
        pass
