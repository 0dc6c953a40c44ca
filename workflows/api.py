"""The REST side of acting, for every kind: `POST …/{id}/actions/{action}/` validates the
action's body and runs it through `workflows.acting`; refusals map once (`cases.errors`)."""

from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from cases.errors import DomainError, StepClosed, status_of

from . import acting


def refusal(error: DomainError) -> Response:
    return Response({"detail": str(error)}, status=status_of(error))


class CaseActionsMixin:
    """For a viewset of a case kind: `get_object()` gives a case the caller may see, and the
    response is the case read back (`acted`). A kind documents its own actions by overriding
    `act` with its schema and calling `run_action`."""

    @action(detail=True, methods=["post"], url_path=r"actions/(?P<action_name>[a-z_]+)")
    def act(self, request, pk=None, action_name=None, format=None):
        return self.run_action(request, action_name)

    def acted(self, request, case) -> Response:
        """The case after the action, as the caller may still see it: the actor may have
        handed it out of their sight (rare), then 204."""
        case = self.get_queryset().filter(pk=case.pk).first()
        if case is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(self.get_serializer(case).data)

    def run_action(self, request, action_name):
        case = self.get_object()
        spec = acting.action_of(case, action_name)
        if spec is None:
            raise NotFound(_("Unknown action: %s") % action_name)
        body = spec.body(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            acting.act(case=case, action=action_name, actor=request.user, **body.validated_data)
        except DomainError as error:
            return refusal(error)
        except ConcurrentTransition:
            # Someone saved the case between our read and our write.
            return refusal(StepClosed(_("The case changed meanwhile. Reload it and try again.")))
        return self.acted(request, case)
