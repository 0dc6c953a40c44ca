"""The sweep that fires due deadline timers.

It is viewflow's `fire_due_timers` (viewflow.workflow.timers) with one change: before firing a
timer, a runner claims the case with `SELECT … FOR UPDATE SKIP LOCKED` and passes over cases
another runner holds. viewflow's own sweep has every runner walk the same list in the same
order and wait on the leader's NOWAIT lock (retrying with sleeps) only to find the timer
already fired, so a second runner added nothing (bench/README.md, deadline backlog). Firing
itself is unchanged: the task's activation, under viewflow's process lock, re-checks that the
timer is still due, so a timer never fires twice.
"""

import logging

from django.db import transaction
from django.utils import timezone
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import STATUS

logger = logging.getLogger(__name__)


def _due() -> list[tuple[int, int]]:
    return list(
        Task.objects.filter(
            flow_task_type="TIMER", status=STATUS.SCHEDULED, scheduled__lte=timezone.now()
        )
        .order_by("scheduled")
        .values_list("pk", "process_id")
    )


def _fire(task_pk: int, process_pk: int) -> bool:
    with transaction.atomic():
        claimed = Process.objects.select_for_update(skip_locked=True).filter(pk=process_pk)
        if not claimed.exists():
            return False  # another runner is working on this case
        task = Task.objects.get(pk=task_pk)
        with task.activation() as activation:
            start = getattr(activation, "start", None)
            if start is None:
                logger.warning("Timer task %s references a missing node, skipped", task_pk)
                return False
            if not start.can_proceed():
                return False
            activation.start()
            activation.execute()
            return True


def fire_due_timers() -> int:
    fired = 0
    for task_pk, process_pk in _due():
        try:
            fired += _fire(task_pk, process_pk)
        except FlowLockFailed:
            logger.info("Timer task %s is locked by another runner, skipped", task_pk)
        except Exception:  # one broken case must not stop the sweep
            logger.exception("Timer task %s failed to fire", task_pk)
    return fired


def timer_nodes(flow_class) -> list[tuple[object, object]]:
    """Every (timer boundary node, clock) of a flow. viewflow names the boundaries of a task
    `<task>__timeout`, `<task>__timeout_2`, … in the order `.OnTimeout` attached them (its
    documented auto-naming), and `UnitTask` keeps its clocks in that same order."""
    from .nodes import UnitTask

    found = []
    for node in flow_class.instance.nodes():
        if not isinstance(node, UnitTask):
            continue
        for index, clock in enumerate(node.clocks, start=1):
            name = f"{node.name}__timeout" + (f"_{index}" if index > 1 else "")
            boundary = getattr(flow_class, name, None)
            if boundary is not None:
                found.append((boundary, clock))
    return found


def reschedule(process) -> int:
    """Extensions and suspensions move a deadline: the run's pending timers follow the new
    moment, and stand still (no due moment) while the deadline is suspended."""
    if process is None:
        return 0
    case = process.artifact
    moved = 0
    for boundary, clock in timer_nodes(process.flow_class):
        for task in Task.objects.filter(
            process=process, flow_task=boundary, status=STATUS.SCHEDULED
        ):
            task.scheduled = clock.at(case)
            task.save(update_fields=["scheduled"])
            moved += 1
    return moved
