"""A case's open steps as one user sees them: which they may act on, and each action's form.
Every kind's case page shows these (`workflows/_open_steps.html`)."""

from dataclasses import dataclass, field

from units.models import User

from . import acting


@dataclass
class OpenStep:
    task: object
    node: object
    title: str
    forms: list = field(default_factory=list)
    may_take: bool = False
    blocked_by_owner: bool = False


def action_form(action, case, *args, **kwargs):
    """The form of `action`, prefixed with its name so several sit on one page; it gets the
    case by its model's name (`petition=`, `meeting=`), as the services do."""
    return action.form(*args, prefix=action.name, **{acting.case_argument(case): case}, **kwargs)


def case_action_url(case, action) -> str:
    from django.urls import reverse

    from cases.registry import kind_of

    return reverse("workflows:case-action", args=[kind_of(case).name, case.pk, action.name])


def open_steps(
    user: User, case, tasks=None, *, bound: dict | None = None, url_for=None
) -> list[OpenStep]:
    """`step.forms` holds (action, form, the URL the form posts to): the kernel's action page
    unless the kind has its own (`url_for(case, action)`); `bound` are forms sent back with
    their errors, by action name."""
    bound = bound or {}
    url_for = url_for or case_action_url
    leads = acting.leads(user, case)
    steps = []
    for task in acting.open_tasks(case) if tasks is None else tasks:
        node = task.flow_task
        step = OpenStep(task=task, node=node, title=str(getattr(node, "task_title", node.name)))
        if acting.may_act(user, case, node):
            # A task someone else has taken is theirs; only a leader may act over them.
            step.blocked_by_owner = bool(task.owner_id and task.owner_id != user.pk and not leads)
            step.may_take = task.owner_id is None
            if not step.blocked_by_owner:
                for action in node.all_actions():
                    form = bound.get(action.name) or action_form(action, case)
                    step.forms.append((action, form, url_for(case, action)))
        steps.append(step)
    return steps
