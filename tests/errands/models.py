from django.db import models
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from units.history import audit_history
from units.models import Unit
from workflows.models import WorkflowCase


class Errand(ConcurrentTransitionMixin, WorkflowCase):
    """An errand: a title, a committee, a due date, open until finished."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    title = models.CharField("title", max_length=200)
    state = FSMField(default="open", protected=True)
    due = models.DateField()
    history = audit_history()

    class Meta:
        app_label = "errands"

    def __str__(self) -> str:
        return f"Errand {self.pk}"

    def get_absolute_url(self) -> str:
        return f"/errands/{self.pk}/"

    @transition(field=state, source="open", target="done")
    def finish(self) -> None:
        pass
