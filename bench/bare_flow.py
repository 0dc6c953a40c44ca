"""A bare viewflow flow with the petition lifecycle's steps and none of the project's layers:
viewflow's own `Process` and `Task` models, a `StartHandle` and six human `View` nodes (no view,
like `workflows.nodes.UnitTask`) in a chain, completed programmatically the way
`workflows.actions` completes a task. No FSM, no history, no outbox or notifications, no
permissions, no task routes, no process lock (viewflow's default `no_lock`).

Used by bench/lifecycle_throughput.py; importable only with `bench.settings` (the `bench` app).
"""

from django.db import transaction
from viewflow import this
from viewflow.workflow import flow, nodes
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

STEPS = ("receive", "classify", "refer", "sign", "answer", "notify", "close")


class BareFlow(flow.Flow):
    start = flow.StartHandle(this.begin).Next(this.classify)
    classify = nodes.View(view=None).Next(this.refer)
    refer = nodes.View(view=None).Next(this.sign)
    sign = nodes.View(view=None).Next(this.answer)
    answer = nodes.View(view=None).Next(this.notify)
    notify = nodes.View(view=None).Next(this.close)
    close = nodes.View(view=None).Next(this.end)
    end = flow.End()

    def begin(self, activation):
        return activation.process


def receive():
    """The start step: a process and its first task, in one transaction."""
    with transaction.atomic():
        return BareFlow.start.run()


def complete(process_pk: int, user) -> None:
    """One step: find the process's open human task, assign it to `user`, start and execute it
    (the next node's task is created by execute), in one transaction."""
    with transaction.atomic():
        task = Task.objects.get(process_id=process_pk, status=STATUS.NEW, flow_task_type="HUMAN")
        activation = task.flow_task.activation_class(task)
        task.owner = user
        task.status = STATUS.ASSIGNED
        activation.start(None)
        activation.execute()


def lifecycle(user, on_step=None) -> int:
    """The seven steps of one case; returns the process id."""
    if on_step:
        on_step(STEPS[0])
    process = receive()
    for step in STEPS[1:]:
        if on_step:
            on_step(step)
        complete(process.pk, user)
    return process.pk
