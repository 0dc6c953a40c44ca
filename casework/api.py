"""Petitions over REST (`/api/v1/petitions/`).

Reads go through `casework.selectors`, so a petition the caller may not see is a 404; every
write goes through `workflows.acting`, which runs the service and completes the flow's task in
one transaction. Domain refusals come back as `{"detail": message}` in the caller's language.
"""

from itertools import chain

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from cases import identity
from cases.errors import DomainError
from cases.timeline import histories_of
from units.middleware import request_language
from workflows import acting
from workflows.api import CaseActionsMixin, refusal
from workflows.nodes import UnitTask
from workflows.selectors import OPEN, case_tasks

from . import reception
from .choices import PetitionState
from .flows import PetitionFlow
from .models import (
    Petition,
    Referral,
)
from .selectors import petition_get, petition_list
from .serializers import (
    DetailSerializer,
    HistoryRowSerializer,
    PetitionCreateSerializer,
    PetitionDetailSerializer,
    PetitionQuerySerializer,
    PetitionReceiptSerializer,
    PetitionSerializer,
    TaskSerializer,
)
from .services.intake import SignerData
from .timeline import IDENTITY_MODELS

ERRORS = {
    status.HTTP_400_BAD_REQUEST: OpenApiResponse(DetailSerializer, "Refused by a domain rule"),
    status.HTTP_403_FORBIDDEN: OpenApiResponse(DetailSerializer, "The caller lacks the role"),
    status.HTTP_404_NOT_FOUND: OpenApiResponse(DetailSerializer, "No such petition or action"),
}

ACTIONS = acting.actions_of(PetitionFlow)
ACTION_BODY = PolymorphicProxySerializer(
    component_name="PetitionActionBody",
    serializers=list(dict.fromkeys(a.body for a in ACTIONS.values())),
    resource_type_field_name=None,
)


@extend_schema_view(
    list=extend_schema(parameters=[PetitionQuerySerializer]),
    retrieve=extend_schema(responses={200: PetitionDetailSerializer, 404: ERRORS[404]}),
)
class PetitionViewSet(
    CaseActionsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Petitions the caller may see. Agency officials see the ones referred to their agency,
    with a denouncer's identity redacted unless a leader allowed them."""

    # Only for the schema generator (path parameter types); reads use the selectors.
    queryset = Petition.objects.none()
    serializer_class = PetitionSerializer
    # At most 19 digits: a 64-bit id (units.converters); a longer number is a JSON 404.
    lookup_value_regex = r"[0-9]{1,19}"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Token authentication happens after the language middleware ran with an anonymous
        # user: answer in the language the authenticated user chose.
        language = request_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language

    def get_serializer(self, *args, **kwargs):
        # Every petition leaves through its identity shield: a page of them with one query for
        # the grants, one alone as the detail.
        if args and isinstance(args[0], list | tuple):
            identity.shield_many(self.request.user, args[0], where="api list")
        elif args and isinstance(args[0], Petition):
            args[0].shown = identity.shield(self.request.user, args[0], where="api")
        return super().get_serializer(*args, **kwargs)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return PetitionDetailSerializer
        return PetitionSerializer

    def get_queryset(self):
        params = PetitionQuerySerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        wanted = params.validated_data
        petitions = petition_list(
            user=self.request.user,
            term=wanted["q"],
            state=wanted.get("state", ""),
            kind=wanted.get("kind", ""),
            field=wanted.get("field", ""),
            unit_id=wanted["unit"],
            overdue=wanted["overdue"],
            open_only=wanted["open"],
        )
        return petitions.select_related("disclosure").prefetch_related(
            Prefetch("referrals", queryset=Referral.objects.select_related("agency"))
        )

    def get_object(self) -> Petition:
        petition = petition_get(user=self.request.user, pk=int(self.kwargs["pk"]))
        if petition is None:
            raise NotFound(_("No petition with this number is visible to you."))
        return petition

    # Create ------------------------------------------------------------------------------

    @extend_schema(
        summary="Register a petition at reception and start its flow",
        description=(
            "Send an `Idempotency-Key` header (any unique string up to 64 characters) to make "
            "a retry safe: a second request with the same key registers nothing and answers "
            "200 with the petition the first one registered, without the secret."
        ),
        request=PetitionCreateSerializer,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=False,
                description="Unique per registration; a retry reuses it",
            )
        ],
        responses={
            201: PetitionReceiptSerializer,
            200: OpenApiResponse(PetitionReceiptSerializer, "Already registered with this key"),
            400: ERRORS[400],
            403: ERRORS[403],
        },
    )
    def create(self, request):
        body = PetitionCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        duplicate_id = data.pop("duplicate_of")
        if duplicate_id is not None:
            data["duplicate_of"] = petition_get(user=request.user, pk=duplicate_id)
            if data["duplicate_of"] is None:
                raise ValidationError({"duplicate_of": [_("No such petition is visible to you.")]})
        data["signers"] = [SignerData(**signer) for signer in data["signers"]]
        key = request.headers.get("Idempotency-Key", "").strip()
        if len(key) > 64:
            raise ValidationError({"Idempotency-Key": [_("At most 64 characters.")]})
        try:
            receipt = reception.petition_start(
                actor=request.user, registration_key=key or None, **data
            )
        except DomainError as error:
            return refusal(error)
        petition = petition_get(user=request.user, pk=receipt.petition.pk) or receipt.petition
        petition.shown = identity.shield(request.user, petition, where="api receipt")
        payload = {**PetitionSerializer(petition).data, "secret": receipt.secret}
        code = status.HTTP_200_OK if receipt.repeated else status.HTTP_201_CREATED
        return Response(payload, status=code)

    # Actions -----------------------------------------------------------------------------

    @extend_schema(
        summary="Do one action of the petition's current step",
        description=(
            "The body holds the action's fields (see PetitionActionBody). 403: the caller lacks "
            "the role; 409: the case is not at the step of this action; 400: a domain rule "
            'refused it. Each refusal is {"detail": message} in the caller\'s language.'
        ),
        request=ACTION_BODY,
        parameters=[
            OpenApiParameter(
                "action_name",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                enum=sorted(ACTIONS),
                description="One of the actions of the petition flow",
            )
        ],
        responses={
            200: PetitionSerializer,
            **ERRORS,
            409: OpenApiResponse(DetailSerializer, "The case is not at this action's step"),
        },
    )
    @action(detail=True, methods=["post"], url_path=r"actions/(?P<action_name>[a-z_]+)")
    def act(self, request, pk=None, action_name=None, format=None):
        return self.run_action(request, action_name)

    def acted(self, request, petition) -> Response:
        petition = petition_get(user=request.user, pk=petition.pk)
        if petition is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        petition.shown = identity.shield(request.user, petition, where="api")
        return Response(PetitionSerializer(petition).data)

    # Reads hanging off one petition --------------------------------------------------------

    @extend_schema(
        summary="The case's audit trail: field names, never values",
        responses={200: HistoryRowSerializer(many=True), 404: ERRORS[404]},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None, format=None):
        petition = self.get_object()
        rows = history_rows(petition=petition, user=request.user)
        return Response(HistoryRowSerializer(rows, many=True).data)

    @extend_schema(
        summary="Open and finished tasks of every run of the petition's flow",
        responses={200: TaskSerializer(many=True), 404: ERRORS[404]},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def tasks(self, request, pk=None, format=None):
        petition = self.get_object()
        tasks = case_tasks(petition).select_related("route__unit")
        rows = [_task_row(task) for task in tasks if isinstance(task.flow_task, UnitTask)]
        return Response(TaskSerializer(rows, many=True).data)


def _task_row(task) -> dict:
    node = task.flow_task
    route = getattr(task, "route", None)
    is_open = task.status in OPEN
    return {
        "id": task.pk,
        "title": str(node.task_title),
        "status": task.status,
        "status_display": str(task.get_status_display()),
        "owner": task.owner.get_full_name() if task.owner_id else None,
        "unit": route.unit.name if route else None,
        "role": route.role if route else None,
        "created": task.created,
        "finished": task.finished,
        "due": route.due if route else None,
        "actions": [a.name for a in node.all_actions()] if is_open else [],
    }


# History ---------------------------------------------------------------------------------

CHANGE = {"+": "created", "~": "changed", "-": "deleted"}


def _history_sources(petition: Petition, *, with_identity: bool):
    """The audit rows of the petition and of the records hanging off it, model by model: the
    case timeline's tables (`cases.timeline`), less the identity tables unless the caller may
    see who the people are."""
    return [
        (model, rows)
        for model, rows in histories_of(petition)
        if with_identity or model not in IDENTITY_MODELS
    ]


def _tracked_fields(model) -> list:
    return [f for f in model.history.model._meta.fields if not f.name.startswith("history_")]


def _rows_of(model, records) -> list[dict]:
    fields = _tracked_fields(model)
    previous: dict[int, object] = {}
    rows = []
    for record in records.select_related("history_user").order_by("history_date", "history_id"):
        before = previous.get(record.id)
        if before is None:
            changed = [f.name for f in fields if f.name != "id" and getattr(record, f.attname)]
        else:
            changed = [
                f.name for f in fields if getattr(record, f.attname) != getattr(before, f.attname)
            ]
        previous[record.id] = record
        is_petition = model is Petition
        rows.append(
            {
                "record": model._meta.model_name,
                "record_display": str(model._meta.verbose_name),
                "object_id": record.id,
                "change": CHANGE.get(record.history_type, "changed"),
                "date": record.history_date,
                "user": record.history_user.get_full_name() if record.history_user else None,
                "reason": record.history_change_reason,
                "state": record.state if is_petition else None,
                "state_display": (str(PetitionState(record.state).label) if is_petition else None),
                "changed_fields": changed,
            }
        )
    return rows


def history_rows(*, petition: Petition, user) -> list[dict]:
    """The case's audit trail for `user`: field names, never values, and for a denunciation
    no trace of the signers unless the user may see who they are."""
    shown = identity.shield(user, petition, where="api history")
    rows = list(
        chain.from_iterable(
            _rows_of(model, records)
            for model, records in _history_sources(petition, with_identity=shown.visible)
        )
    )
    for row in rows:
        row["reason"] = shown.text(row["reason"]) or None
    rows.sort(key=lambda row: row["date"])
    return rows
