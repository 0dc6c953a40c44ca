"""The boards' REST API: boards (and the changes to them: members, elections, recognition,
establishment…), People's Inspection Board cases and investment supervision rounds (their
steps at `…/{id}/actions/{action}/`, the kernel's `CaseActionsMixin`). Reads are narrowed to
what the caller may see; no response carries a requester's name."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from cases.errors import DomainError
from workflows.api import CaseActionsMixin, refusal

from . import services
from .access import visible_boards
from .choices import CaseSource, ElectionKind, MemberRole, MemberSource
from .kind import visible_inspections, visible_rounds
from .models import PlanItem
from .serializers import BoardSerializer, InspectionCaseSerializer, InvestmentRoundSerializer


class MemberBody(serializers.Serializer):
    full_name = serializers.CharField(max_length=150)
    village = serializers.CharField(required=False, allow_blank=True, default="")
    role = serializers.ChoiceField(choices=MemberRole.choices, default=MemberRole.MEMBER)
    # Named apart from a case's `source` (where it came from): the schema's enums stay distinct.
    comes_from = serializers.ChoiceField(
        choices=MemberSource.choices, default=MemberSource.RESIDENT, source="source"
    )
    lives_here = serializers.BooleanField(default=True)
    commune_official = serializers.BooleanField(default=False)
    village_staff = serializers.BooleanField(default=False)


class ElectionBody(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ElectionKind.choices)
    held_on = serializers.DateField()
    where = serializers.CharField(required=False, allow_blank=True, default="")


class RecogniseBody(serializers.Serializer):
    term_starts = serializers.DateField()
    term_ends = serializers.DateField(required=False, allow_null=True, default=None)
    notice_to = serializers.CharField()


class NoticeBody(serializers.Serializer):
    notice_to = serializers.CharField()


class ReasonBody(serializers.Serializer):
    reason = serializers.CharField()


class EmptyBody(serializers.Serializer):
    pass


class CaseOpenBody(serializers.Serializer):
    source = serializers.ChoiceField(choices=CaseSource.choices, default=CaseSource.PLAN)
    plan_item = serializers.PrimaryKeyRelatedField(
        queryset=PlanItem.objects.all(), required=False, allow_null=True, default=None
    )
    subject = serializers.CharField(required=False, allow_blank=True, default="")
    supervised_body = serializers.CharField(required=False, allow_blank=True, default="")
    starts_on = serializers.DateField()
    requester_name = serializers.CharField(required=False, allow_blank=True, default="")
    requester_address = serializers.CharField(required=False, allow_blank=True, default="")
    requester_phone = serializers.CharField(required=False, allow_blank=True, default="")
    protect_identity = serializers.BooleanField(default=False)


class RoundOpenBody(serializers.Serializer):
    subject = serializers.CharField()
    starts_on = serializers.DateField()


# A board's changes: (service, body, keyword the service takes the board by).
BOARD_CHANGES = {
    "members": (services.member_add, MemberBody),
    "elections": (services.election_record, ElectionBody),
    "recognise": (services.board_recognise, RecogniseBody),
    "elect": (services.board_elect, EmptyBody),
    "establish": (services.board_establish, EmptyBody),
    "notify-composition": (services.board_notify_composition, NoticeBody),
    "activate": (services.board_activate, EmptyBody),
    "end": (services.board_end, ReasonBody),
}


class BoardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = BoardSerializer
    filterset_fields = ["kind", "state", "commune"]

    def get_queryset(self):
        return visible_boards(self.request.user).order_by("pk")

    @extend_schema(request=MemberBody, responses={200: BoardSerializer})
    @action(detail=True, methods=["post"], url_path=r"(?P<change>[a-z-]+)")
    def change(self, request, pk=None, change=None):
        """A change to the board: `members`, `elections`, `recognise`, `elect`, `establish`,
        `notify-composition`, `activate`, `end` (each the body of its service)."""
        if change not in BOARD_CHANGES:
            return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
        board = self.get_object()
        service, body_class = BOARD_CHANGES[change]
        body = body_class(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            service(actor=request.user, board=board, **body.validated_data)
        except DomainError as error:
            return refusal(error)
        board.refresh_from_db()
        return Response(BoardSerializer(board).data)


class OpensOnABoard:
    """`POST …/open/{board}/`: a board's members open a case (or plan a round) of the board;
    `open_body` is the body, `open_service` the service."""

    open_body: type
    open_service = None

    def open_on(self, request, board_id):
        board = visible_boards(request.user).filter(pk=board_id).first()
        if board is None:
            return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
        body = self.open_body(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            case = self.open_service(actor=request.user, board=board, **body.validated_data)
        except DomainError as error:
            return refusal(error)
        shown = self.get_queryset().get(pk=case.pk)
        return Response(self.get_serializer(shown).data, status=status.HTTP_201_CREATED)


class InspectionCaseViewSet(
    OpensOnABoard,
    CaseActionsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = InspectionCaseSerializer
    filterset_fields = ["board", "state", "source"]
    open_body = CaseOpenBody
    open_service = staticmethod(services.case_open)

    def get_queryset(self):
        return visible_inspections(self.request.user).order_by("pk")

    @extend_schema(request=CaseOpenBody, responses={201: InspectionCaseSerializer})
    @action(detail=False, methods=["post"], url_path=r"open/(?P<board_id>[0-9]+)")
    def open(self, request, board_id=None):
        """Opens a case of the board, from its plan or a citizen's request."""
        return self.open_on(request, board_id)


class InvestmentRoundViewSet(
    OpensOnABoard,
    CaseActionsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = InvestmentRoundSerializer
    filterset_fields = ["board", "state", "project"]
    open_body = RoundOpenBody
    open_service = staticmethod(services.round_open)

    def get_queryset(self):
        return visible_rounds(self.request.user).prefetch_related("checklist").order_by("pk")

    @extend_schema(request=RoundOpenBody, responses={201: InvestmentRoundSerializer})
    @action(detail=False, methods=["post"], url_path=r"open/(?P<board_id>[0-9]+)")
    def open(self, request, board_id=None):
        """Plans a supervision round of the project's board."""
        return self.open_on(request, board_id)
