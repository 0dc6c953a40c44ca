from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process, Task

from units.choices import Role
from units.models import Unit


class PetitionProcess(Process):
    """One run of the petition flow; a reopened case gets another run on the same petition."""

    petition = models.ForeignKey(
        "casework.Petition", on_delete=models.PROTECT, related_name="processes"
    )

    class Meta:
        verbose_name = _("petition process")
        verbose_name_plural = _("petition processes")


class TaskRoute(models.Model):
    """The queue a human task waits in: the unit and the role that may take it, and the
    deadline the inbox sorts by."""

    task = models.OneToOneField(Task, on_delete=models.CASCADE, related_name="route")
    petition = models.ForeignKey(
        "casework.Petition", on_delete=models.CASCADE, related_name="task_routes"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="task_routes")
    role = models.CharField(max_length=32, choices=Role.choices)
    due = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["unit", "role"]), models.Index(fields=["due"])]

    def __str__(self) -> str:
        return f"{self.task_id} → {self.unit_id}/{self.role}"
