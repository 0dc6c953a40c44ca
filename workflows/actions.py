"""The only caller of petition transitions. An action completes the open task it belongs to,
as the acting user, in the same transaction as the service that changes the petition; a state
changed anywhere else would leave the flow waiting at a step the case has left."""

from dataclasses import dataclass
from types import SimpleNamespace

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.flow.nodes import TimerBoundary
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from casework import services
from casework.choices import FINAL_STATES
from casework.events import case_label, tell_roles
from casework.models import Petition, RegistrationKey
from casework.services.common import files_removed_on_failure
from casework.services.intake import Receipt
from notifications.services import notify
from units.choices import Role
from units.errors import DomainError, NotAllowed
from units.models import User
from units.permissions import has_role

from .errors import StepClosed
from .flows import PetitionFlow
from .models import PetitionProcess

OPEN = (STATUS.NEW, STATUS.ASSIGNED)


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    service: object
    completes_task: bool = True


ACTIONS = {
    a.name: a
    for a in (
        Action("classify", gettext_lazy("Classify"), services.petition_classify),
        Action("refuse", gettext_lazy("Refuse at reception"), services.petition_refuse),
        Action("refer", gettext_lazy("Refer to an agency"), services.petition_refer),
        Action("guide", gettext_lazy("Guide the petitioner"), services.petition_guide),
        Action("return", gettext_lazy("Return to the sender"), services.petition_return),
        Action("archive", gettext_lazy("Archive"), services.petition_archive),
        Action("split", gettext_lazy("Split mixed content"), services.petition_split),
        Action(
            "mark_duplicate", gettext_lazy("Link as a duplicate"), services.petition_mark_duplicate
        ),
        Action(
            "send_referral", gettext_lazy("Sign and send the slip"), services.petition_send_referral
        ),
        Action("record_answer", gettext_lazy("Record the answer"), services.petition_record_answer),
        Action("extend", gettext_lazy("Extend the deadline"), services.petition_extend, False),
        Action("suspend", gettext_lazy("Suspend the deadline"), services.petition_suspend, False),
        Action("resume", gettext_lazy("Lift the suspension"), services.petition_resume, False),
        Action(
            "notify_petitioner",
            gettext_lazy("Record that the petitioner was told"),
            services.petition_notify_petitioner,
        ),
        Action(
            "request_again",
            gettext_lazy("Answer unsatisfactory: ask again"),
            services.petition_request_again,
        ),
        Action(
            "escalate_to_superior",
            gettext_lazy("Answer unsatisfactory: refer to the superior"),
            services.petition_escalate_to_superior,
        ),
        Action(
            "submit_disclosure",
            gettext_lazy("Submit the public summary"),
            services.petition_submit_disclosure,
        ),
        Action(
            "approve_disclosure",
            gettext_lazy("Approve and publish"),
            services.petition_approve_disclosure,
        ),
        Action(
            "reject_disclosure",
            gettext_lazy("Send the summary back"),
            services.petition_reject_disclosure,
        ),
        Action("close", gettext_lazy("Close the case"), services.petition_close),
    )
}


def active_process(petition: Petition) -> PetitionProcess | None:
    return petition.processes.filter(status=PROCESS.NEW).order_by("-pk").first()


def _nodes_with(action: str):
    return [
        node
        for node in PetitionFlow.instance.nodes()
        if action in getattr(node, "actions", ()) + getattr(node, "side_actions", ())
    ]


def open_tasks(petition: Petition):
    process = active_process(petition)
    if process is None:
        return Task.objects.none()
    return Task.objects.filter(
        process=process, status__in=OPEN, flow_task_type="HUMAN"
    ).select_related("owner", "route")


def may_act(user: User, petition: Petition, node) -> bool:
    return any(has_role(user, unit, (role,)) for role, unit in node.roles_for(petition))


def _open_task_for(petition: Petition, action: str) -> Task:
    nodes = _nodes_with(action)
    task = next((t for t in open_tasks(petition) if t.flow_task in nodes), None)
    if task is None:
        raise StepClosed(
            _(
                "This case is no longer at the step for “%(action)s”. "
                "Reload the page to see where it is now."
            )
            % {"action": ACTIONS[action].label}
        )
    return task


def petition_act(*, petition: Petition, action: str, actor: User, **data):
    """Runs `action` on the petition as `actor` and completes the task it belongs to."""
    spec = ACTIONS.get(action)
    if spec is None:
        raise DomainError(_("Unknown action: %s") % action)
    process = active_process(petition)
    if process is None:
        raise StepClosed(_("This case has no open step: it is finished."))
    try:
        with files_removed_on_failure(), PetitionFlow.lock(process.pk):
            return _act_locked(petition, spec, actor, data)
    except FlowLockFailed as error:
        raise StepClosed(
            _("Someone else is working on this case right now. Try again in a moment.")
        ) from error


def _act_locked(petition: Petition, spec: Action, actor: User, data: dict):
    task = _open_task_for(petition, spec.name)
    petition.refresh_from_db()
    node = task.flow_task
    if not may_act(actor, petition, node):
        raise NotAllowed(_("You may not do this step on this case."))
    if task.owner_id and task.owner_id != actor.pk and not _leads(actor, petition):
        raise NotAllowed(
            _("This task is assigned to %(name)s.") % {"name": task.owner.get_full_name()}
        )
    result = spec.service(petition=petition, actor=actor, **data)
    if spec.completes_task:
        activation = node.activation_class(task)
        task.owner = actor
        task.status = STATUS.ASSIGNED
        activation.start(None)
        activation.execute()
    else:
        reschedule_answer_timers(petition)
    return result


def _leads(user: User, petition: Petition) -> bool:
    return has_role(user, petition.unit, (Role.UNIT_LEADER,))


def answer_boundaries():
    return [
        node
        for node in PetitionFlow.instance.nodes()
        if isinstance(node, TimerBoundary) and node._attached_to is PetitionFlow.answer
    ]


def reschedule_answer_timers(petition: Petition) -> None:
    """Extensions and suspensions move the clock: pending timers follow the new deadline, and
    stand still (no due moment) while the deadline is suspended."""
    process = active_process(petition)
    holder = SimpleNamespace(process=SimpleNamespace(petition=petition))
    for node in answer_boundaries():
        for task in Task.objects.filter(process=process, flow_task=node, status=STATUS.SCHEDULED):
            task.scheduled = None if petition.suspended_since else node._delay(holder)
            task.save(update_fields=["scheduled"])


# Starting and reopening ----------------------------------------------------------------


def petition_start(*, actor: User, registration_key: str | None = None, **receipt_data):
    """Registers a petition at reception and starts its flow, in one transaction. With a
    registration key, a second submission of the same registration returns the first one's
    petition (`Receipt.repeated`) instead of registering it again."""
    with files_removed_on_failure(), transaction.atomic():
        if registration_key:
            earlier = _claim_registration(registration_key, actor)
            if earlier is not None:
                return Receipt(petition=earlier, secret="", repeated=True)
        receipt = _start(actor, receipt_data)
        if registration_key:
            RegistrationKey.objects.filter(key=registration_key).update(petition=receipt.petition)
        return receipt


def _claim_registration(key: str, actor: User) -> Petition | None:
    """Claims the key, or returns the petition the submission that claimed it registered. The
    unique index is the lock: a second submission at the same moment waits on it until the
    first commits (then finds its petition) or rolls back (then claims the key itself)."""
    try:
        # A savepoint, so that losing the race leaves the outer transaction usable.
        with transaction.atomic():
            RegistrationKey.objects.create(key=key, user=actor)
    except IntegrityError:
        earlier = RegistrationKey.objects.filter(key=key, user=actor).first()
        if earlier is None or earlier.petition_id is None:
            raise DomainError(
                _("This registration was already submitted. Reload the form and try again.")
            ) from None
        return earlier.petition
    return None


def _start(actor: User, receipt_data: dict):
    receipt = services.petition_receive(actor=actor, **receipt_data)
    PetitionFlow.start.run(petition=receipt.petition)
    tell_roles(
        receipt.petition,
        unit=receipt.petition.unit,
        roles=(Role.CASE_OFFICER,),
        kind="task_arrived",
        step=PetitionFlow.classify.step_msgid,
        deadline=receipt.petition.classify_due,
    )
    return receipt


@transaction.atomic
def petition_reopen(*, petition: Petition, actor: User, reason: str) -> Petition:
    """A finished case reopens in a new run of the flow; the case page joins both runs."""
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if petition.state not in FINAL_STATES or active_process(petition) is not None:
        raise StepClosed(_("Only a finished case can be reopened."))
    services.petition_reopen(petition=petition, actor=actor, reason=reason)
    PetitionFlow.reopen.run(petition=petition)
    return petition


# Taking and assigning tasks ------------------------------------------------------------


@transaction.atomic
def task_take(*, task: Task, actor: User) -> Task:
    task = Task.objects.select_for_update().get(pk=task.pk)
    petition = task.process.petitionprocess.petition
    if task.status != STATUS.NEW:
        raise StepClosed(_("Someone has already taken this task."))
    if not may_act(actor, petition, task.flow_task):
        raise NotAllowed(_("You may not do this step on this case."))
    task.owner = actor
    task.status = STATUS.ASSIGNED
    task.assigned = timezone.now()
    task.save(update_fields=["owner", "status", "assigned"])
    return task


@transaction.atomic
def task_assign(*, task: Task, actor: User, assignee: User) -> Task:
    """A unit leader hands a queued task to one of the people who may do it."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    petition = task.process.petitionprocess.petition
    route = task.route
    if not has_role(actor, route.unit, (Role.UNIT_LEADER,)) and not _leads(actor, petition):
        raise NotAllowed(_("Only a leader of the unit assigns tasks."))
    if task.status not in OPEN:
        raise StepClosed(_("This task is already finished."))
    if not may_act(assignee, petition, task.flow_task):
        raise DomainError(
            _("%(name)s does not hold the role this step needs.")
            % {"name": assignee.get_full_name()}
        )
    task.owner = assignee
    task.status = STATUS.ASSIGNED
    task.assigned = timezone.now()
    task.save(update_fields=["owner", "status", "assigned"])
    notify(
        kind="task_assigned",
        user_ids=[assignee.pk],
        case_label=case_label(petition),
        step=task.flow_task.step_msgid,
        url=petition.get_absolute_url(),
        deadline=route.due,
        unit_name=route.unit.name,
    )
    return task
