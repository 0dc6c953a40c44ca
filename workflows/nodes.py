"""The human task of every case kind's flow, and the deadline clocks its timers run on."""

import datetime as dt
from collections.abc import Callable, Sequence

from django.utils.translation import gettext_lazy
from viewflow.workflow import nodes

from units.models import Unit

from .announce import announce
from .models import TaskRoute

TASK_ARRIVED = "task_arrived"


class Clock:
    """When a deadline timer fires, computed from the case alone: `at(case)` is a moment, or
    None while the clock stands still (a suspended deadline). viewflow calls the clock with
    the activation when the timer is scheduled; `workflows.timers.reschedule` calls `at` when
    an extension or a suspension moves the deadline."""

    def __init__(self, at: Callable[..., dt.datetime | None]) -> None:
        self.at = at

    def __call__(self, activation) -> dt.datetime | None:
        return self.at(activation.process.artifact)


class UnitTask(nodes.View):
    """A human task that waits in a unit's queue for someone holding `role` there.

    The node is the one authority on who may act (`roles_for`), and it announces itself: when
    the task is created it is routed to its queue and the people who hold the role there are
    told (`announce`, a notification kind or a function of the case giving one, or None for a
    step the same person goes straight on with). `actions` and `side_actions` are the kind's
    `workflows.acting.Action` declarations; a side action does not complete the task.

    Our own screens and API complete it through `workflows.acting`; viewflow's task views are
    not mounted, so the node needs no view.
    """

    def __init__(
        self,
        *,
        title: str,
        role: str,
        actions: Sequence,
        side_actions: Sequence = (),
        unit: Callable[..., Unit] | None = None,
        due: Callable[..., object] | None = None,
        extra_roles: tuple[tuple[str, Callable[..., Unit]], ...] = (),
        announce: str | Callable[..., str | None] | None = TASK_ARRIVED,
        citizen_title: str = "",
    ) -> None:
        super().__init__(view=None)
        # `title` is an English msgid (gettext_noop): notifications store it untranslated and
        # render it in each recipient's language.
        self.step_msgid = title
        self.task_title = gettext_lazy(title)
        # What the step means to the citizen who looks their case up, in plain words.
        self.citizen_title = citizen_title
        self.role = role
        self.actions = tuple(actions)
        self.side_actions = tuple(side_actions)
        self._unit = unit or (lambda case: case.unit)
        self._due = due or (lambda case: None)
        self.extra_roles = extra_roles
        self._announce = announce
        self.clocks: list[Clock] = []
        self.onCreate(self._route)

    def OnTimeout(self, delay, then, interrupting=True, title=None):
        # Kept in order: viewflow names the boundaries `<task>__timeout`, `<task>__timeout_2`…
        # in the order they are attached, which is how `timers.reschedule` finds each clock.
        if isinstance(delay, Clock):
            self.clocks.append(delay)
        return super().OnTimeout(delay, then, interrupting=interrupting, title=title)

    def all_actions(self) -> tuple:
        return self.actions + self.side_actions

    def action(self, name: str):
        return next((a for a in self.all_actions() if a.name == name), None)

    def unit_for(self, case) -> Unit:
        return self._unit(case)

    def due_for(self, case):
        return self._due(case)

    def roles_for(self, case) -> list[tuple[str, Unit]]:
        """Who may complete the task: the queue's role, plus any stand-ins (a case officer
        recording an agency's paper answer)."""
        return [(self.role, self.unit_for(case))] + [
            (role, unit_of(case)) for role, unit_of in self.extra_roles
        ]

    def _route(self, activation) -> None:
        case = activation.process.artifact
        unit, due = self.unit_for(case), self.due_for(case)
        TaskRoute.objects.create(
            task=activation.task, case=case, unit=unit, role=self.role, due=due
        )
        kind = self._announce(case) if callable(self._announce) else self._announce
        if kind:
            announce(
                case, unit=unit, roles=(self.role,), kind=kind, step=self.step_msgid, deadline=due
            )
