"""Processes and task routes for every case kind.

A process is viewflow's own `Process`; the case it runs for is its `artifact`, viewflow's
generic reference (content type + object id, indexed together by viewflow). No table per kind
and no case header table: a new kind adds no model here, and reading a case's processes is one
indexed lookup. A task route repeats the same reference, so the inbox and the overdue queries
read routes alone (indexed on unit+role and on due) and fetch the page's cases per kind.
"""

from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from viewflow.workflow.models import Task

from units.choices import Role
from units.models import Unit


class TaskRoute(models.Model):
    """The queue a human task waits in: the unit and the role that may take it, and the
    deadline the inbox sorts by."""

    task = models.OneToOneField(Task, on_delete=models.CASCADE, related_name="route")
    case_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    case_id = models.PositiveBigIntegerField()
    case = GenericForeignKey("case_type", "case_id")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="task_routes")
    role = models.CharField(max_length=32, choices=Role.choices)
    due = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["unit", "role"]),
            models.Index(fields=["due"]),
            models.Index(fields=["case_type", "case_id"], name="taskroute_case"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} → {self.unit_id}/{self.role}"


class WorkflowCase(models.Model):
    """What a case model inherits to run in flows: its processes (viewflow's, by artifact)
    and its task routes. Adds no column."""

    processes = GenericRelation(
        "viewflow.Process",
        content_type_field="artifact_content_type",
        object_id_field="artifact_object_id",
        # `Process.objects.filter(petition__…)`, and from a task `process__petition__…`.
        related_query_name="%(class)s",
    )
    task_routes = GenericRelation(
        TaskRoute,
        content_type_field="case_type",
        object_id_field="case_id",
        related_query_name="%(class)s",
    )

    class Meta:
        abstract = True
