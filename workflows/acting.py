"""The one way anyone acts on a case of any kind: start, act, reopen, take, assign.

An action completes the open task it belongs to, as the acting user, in the same transaction
as the service that changes the case; a state changed anywhere else would leave the flow
waiting at a step the case has left. The task's node is the one authority on who may act:
services do not check roles again.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from cases.errors import DomainError, NotAllowed, StepClosed
from cases.files import files_removed_on_failure
from cases.registry import kind_of
from units.choices import Role
from units.models import User
from units.permissions import has_role

from . import timers
from .announce import tell
from .nodes import UnitTask
from .selectors import OPEN


@dataclass(frozen=True)
class Action:
    """One action of a kind, declared once: its name (in URLs and the API), its label (the
    button), the one service it calls, the form of the case page and the body of the API
    (both pass their cleaned data to the service untouched), and whether it completes the
    task (a side action, such as extending a deadline, leaves the step open)."""

    name: str
    label: str
    service: Callable[..., object]
    form: type | None = None
    body: type | None = None
    completes_task: bool = True


# The flow's steps and actions ----------------------------------------------------------


def steps(flow_class) -> list[UnitTask]:
    return [node for node in flow_class.instance.nodes() if isinstance(node, UnitTask)]


def actions_of(flow_class) -> dict[str, Action]:
    """Every action of a flow by name; an action on several steps is one declaration."""
    found: dict[str, Action] = {}
    for node in steps(flow_class):
        for action in node.all_actions():
            found.setdefault(action.name, action)
    return found


def action_of(case, name: str) -> Action | None:
    return actions_of(kind_of(case).flow).get(name)


def active_process(case):
    return case.processes.filter(status=PROCESS.NEW).order_by("-pk").first()


def open_tasks(case):
    process = active_process(case)
    if process is None:
        return Task.objects.none()
    return Task.objects.filter(
        process=process, status__in=OPEN, flow_task_type="HUMAN"
    ).select_related("owner", "route")


def may_act(user: User, case, node) -> bool:
    return any(has_role(user, unit, (role,)) for role, unit in node.roles_for(case))


def leads(user: User, case) -> bool:
    return has_role(user, case.unit, (Role.UNIT_LEADER,))


# Acting --------------------------------------------------------------------------------


def act(*, case, action: str, actor: User, **data):
    """Runs `action` on the case as `actor` and completes the task it belongs to."""
    spec = action_of(case, action)
    if spec is None:
        raise DomainError(_("Unknown action: %s") % action)
    process = active_process(case)
    if process is None:
        raise StepClosed(_("This case has no open step: it is finished."))
    try:
        with files_removed_on_failure(), process.flow_class.lock(process.pk):
            return _act_locked(case, process, spec, actor, data)
    except FlowLockFailed as error:
        raise StepClosed(
            _("Someone else is working on this case right now. Try again in a moment.")
        ) from error


def _open_task_for(case, spec: Action) -> Task:
    task = next((t for t in open_tasks(case) if t.flow_task.action(spec.name) is not None), None)
    if task is None:
        raise StepClosed(
            _(
                "This case is no longer at the step for “%(action)s”. "
                "Reload the page to see where it is now."
            )
            % {"action": spec.label}
        )
    return task


def _act_locked(case, process, spec: Action, actor: User, data: dict):
    task = _open_task_for(case, spec)
    case.refresh_from_db()
    node = task.flow_task
    if not may_act(actor, case, node):
        raise NotAllowed(_("You may not do this step on this case."))
    if task.owner_id and task.owner_id != actor.pk and not leads(actor, case):
        raise NotAllowed(
            _("This task is assigned to %(name)s.") % {"name": task.owner.get_full_name()}
        )
    result = spec.service(**{case_argument(case): case}, actor=actor, **data)
    if spec.completes_task:
        activation = node.activation_class(task)
        task.owner = actor
        task.status = STATUS.ASSIGNED
        activation.start(None)
        activation.execute()
    else:
        timers.reschedule(process)
    return result


def case_argument(case) -> str:
    """Services name their case after its model (`petition=`), as the kind's code reads."""
    return type(case)._meta.model_name


# Starting and reopening ----------------------------------------------------------------


def start(*, case):
    """Starts the kind's flow for a case just registered, in the caller's transaction; the
    first step routes and announces itself."""
    return kind_of(case).flow.start.run(case=case)


@transaction.atomic
def reopen(*, case, actor: User, reason: str):
    """A finished case reopens in a new run of the flow; the case page joins both runs."""
    kind = kind_of(case)
    case = type(case).objects.select_for_update().get(pk=case.pk)
    if kind.reopen is None or case.state not in kind.final_states or active_process(case):
        raise StepClosed(_("Only a finished case can be reopened."))
    kind.reopen(**{case_argument(case): case}, actor=actor, reason=reason)
    kind.flow.reopen.run(case=case)
    return case


# Taking and assigning tasks ------------------------------------------------------------


@transaction.atomic
def task_take(*, task: Task, actor: User) -> Task:
    task = Task.objects.select_for_update().get(pk=task.pk)
    case = task.route.case
    if task.status != STATUS.NEW:
        raise StepClosed(_("Someone has already taken this task."))
    if not may_act(actor, case, task.flow_task):
        raise NotAllowed(_("You may not do this step on this case."))
    _give(task, actor)
    return task


@transaction.atomic
def task_assign(*, task: Task, actor: User, assignee: User) -> Task:
    """A unit leader hands a queued task to one of the people who may do it."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    route = task.route
    case = route.case
    if not has_role(actor, route.unit, (Role.UNIT_LEADER,)) and not leads(actor, case):
        raise NotAllowed(_("Only a leader of the unit assigns tasks."))
    if task.status not in OPEN:
        raise StepClosed(_("This task is already finished."))
    if not may_act(assignee, case, task.flow_task):
        raise DomainError(
            _("%(name)s does not hold the role this step needs.")
            % {"name": assignee.get_full_name()}
        )
    _give(task, assignee)
    tell(
        case,
        user_ids=[assignee.pk],
        kind="task_assigned",
        step=task.flow_task.step_msgid,
        deadline=route.due,
        unit=route.unit,
    )
    return task


def _give(task: Task, user: User) -> None:
    task.owner = user
    task.status = STATUS.ASSIGNED
    task.assigned = timezone.now()
    task.save(update_fields=["owner", "status", "assigned"])
