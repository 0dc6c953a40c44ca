"""Inboxes across every case kind: the tasks a user has taken, and the queues of the units where
they hold a role; and a case's tasks."""

from django.db.models import F, Q, QuerySet
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from units.choices import Role
from units.models import User
from units.permissions import grants_of, scope_q

from .models import TaskRoute

OPEN = (STATUS.NEW, STATUS.ASSIGNED)  # workflows.acting uses the same


def _routes() -> QuerySet[TaskRoute]:
    return (
        TaskRoute.objects.filter(task__status__in=OPEN)
        .select_related("task", "task__owner", "unit")
        # The page's cases, one query per kind (a generic reference cannot be joined).
        .prefetch_related("case")
        # Overdue first, then soonest due; tasks without a deadline last.
        .order_by(F("due").asc(nulls_last=True), "task__created")
    )


def queue_q(user: User) -> Q:
    """The routes whose unit and role the user holds (directly or through a subtree), and
    every queue of the units the user leads, so that a leader can hand their tasks out."""
    if user.is_superuser:
        return Q()
    condition = Q(pk__in=[])
    roles = {g.role for g in grants_of(user)}
    for role in roles:
        condition |= Q(role=role) & scope_q(user, (role,), unit_field="unit")
    if Role.UNIT_LEADER in roles:
        condition |= scope_q(user, (Role.UNIT_LEADER,), unit_field="unit")
    return condition


def my_tasks(*, user: User) -> QuerySet[TaskRoute]:
    return _routes().filter(task__owner=user)


def unit_queue(*, user: User, overdue_only: bool = False, today=None) -> QuerySet[TaskRoute]:
    routes = _routes().filter(queue_q(user)).filter(task__status=STATUS.NEW)
    if overdue_only and today is not None:
        routes = routes.filter(due__lt=today)
    return routes


def case_tasks(case) -> QuerySet[Task]:
    """Every task of every run of the case's flow, for the case page and its timeline."""
    return (
        Task.objects.filter(process__in=case.processes.all())
        .select_related("owner")
        .order_by("created", "pk")
    )
