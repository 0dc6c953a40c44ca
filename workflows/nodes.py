from collections.abc import Callable

from django.utils.translation import gettext_lazy
from viewflow.workflow import nodes

from units.models import Unit

from .models import TaskRoute


class UnitTask(nodes.View):
    """A human task that waits in a unit's queue for someone holding `role` there.

    Our own screens and API complete it through `workflows.actions`; viewflow's task views are
    not mounted, so the node needs no view.
    """

    def __init__(
        self,
        *,
        title: str,
        role: str,
        actions: tuple[str, ...],
        side_actions: tuple[str, ...] = (),
        unit: Callable[..., Unit] | None = None,
        due: Callable[..., object] | None = None,
        extra_roles: tuple[tuple[str, Callable[..., Unit]], ...] = (),
    ) -> None:
        super().__init__(view=None)
        # `title` is an English msgid (gettext_noop): notifications store it untranslated and
        # render it in each recipient's language.
        self.step_msgid = title
        self.task_title = gettext_lazy(title)
        self.role = role
        self.actions = actions
        self.side_actions = side_actions
        self._unit = unit or (lambda petition: petition.unit)
        self._due = due or (lambda petition: None)
        self.extra_roles = extra_roles

    def _resolve(self, instance) -> None:
        super()._resolve(instance)
        # Bound here, on the flow's own copy of the node, not on the class attribute.
        self._on_create = self._route

    def unit_for(self, petition) -> Unit:
        return self._unit(petition)

    def roles_for(self, petition) -> list[tuple[str, Unit]]:
        """Who may complete the task: the queue's role, plus any stand-ins (a case officer
        recording an agency's paper answer)."""
        return [(self.role, self.unit_for(petition))] + [
            (role, unit_of(petition)) for role, unit_of in self.extra_roles
        ]

    def _route(self, activation) -> None:
        petition = activation.process.petition
        TaskRoute.objects.create(
            task=activation.task,
            petition=petition,
            unit=self.unit_for(petition),
            role=self.role,
            due=self._due(petition),
        )
