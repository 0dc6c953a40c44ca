"""Voter contact over REST (`/api/v1/voter-sessions/`, `voter-meetings/`, `voter-opinions/`,
`voter-items/`, `voter-answers/`).

Reads are narrowed to what the caller may see (a record they may not see is a 404); every step
of a flow goes through `POST …/{id}/actions/{action}/` (`workflows.api`). Voters' names are
accepted when opinions are recorded but never returned: the API serves agencies and deputies'
offices, who need what was raised, not who raised it.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from cases import identity
from cases.errors import DomainError
from units.models import User
from workflows import acting
from workflows.api import CaseActionsMixin, refusal

from . import selectors, services
from .kind import visible_answers, visible_items, visible_meetings
from .models import AgencyAnswer, Item, Meeting, Opinion, Session
from .services import OpinionRow


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Session
        fields = [
            "id",
            "unit",
            "delegation",
            "body",
            "kind",
            "term",
            "number",
            "title",
            "opens_on",
            "closes_on",
            "previous",
            "state",
        ]
        read_only_fields = ["state"]


class StepSerializer(serializers.Serializer):
    name = serializers.CharField(source="flow_task.name")
    title = serializers.SerializerMethodField()
    due = serializers.DateField(source="route.due")
    unit = serializers.IntegerField(source="route.unit_id")

    def get_title(self, task) -> str:
        return str(task.flow_task.task_title)


class CaseSerializer(serializers.ModelSerializer):
    open_steps = serializers.SerializerMethodField()

    def get_open_steps(self, case) -> list:
        return StepSerializer(acting.open_tasks(case), many=True).data


class MeetingSerializer(CaseSerializer):
    deputies = serializers.PrimaryKeyRelatedField(
        many=True, queryset=User.objects.all(), write_only=True
    )

    class Meta:
        model = Meeting
        fields = [
            "id",
            "session",
            "unit",
            "code",
            "kind",
            "form",
            "medium",
            "place",
            "online_link",
            "starts_at",
            "outside_province",
            "chair",
            "organisers",
            "deputies",
            "state",
            "voters_attending",
            "announced_on",
            "held_on",
            "minutes_on",
            "open_steps",
        ]
        read_only_fields = [
            "code",
            "state",
            "voters_attending",
            "announced_on",
            "held_on",
            "minutes_on",
        ]


class OpinionSerializer(serializers.ModelSerializer):
    content = serializers.SerializerMethodField()

    class Meta:
        model = Opinion
        fields = [
            "id",
            "meeting",
            "session",
            "number",
            "raised_by",
            "voters",
            "field",
            "content",
            "answer_at_meeting",
            "state",
            "protect_identity",
        ]

    def get_content(self, opinion) -> str:
        return identity.shield_for_outsiders(opinion.meeting, where="api").text(opinion.content)


class OpinionRowSerializer(serializers.Serializer):
    content = serializers.CharField()
    field = serializers.CharField()
    raised_by = serializers.CharField(required=False, default="voter")
    voters = serializers.IntegerField(required=False, default=1)
    voter_name = serializers.CharField(required=False, allow_blank=True, default="")
    voter_address = serializers.CharField(required=False, allow_blank=True, default="")
    protect_identity = serializers.BooleanField(required=False, default=False)
    answer_at_meeting = serializers.CharField(required=False, allow_blank=True, default="")


class AnsweredBody(serializers.Serializer):
    answer = serializers.CharField()


class OpinionsBody(serializers.Serializer):
    meeting = serializers.IntegerField()
    rows = OpinionRowSerializer(many=True)


class ItemSerializer(CaseSerializer):
    voter_count = serializers.IntegerField(read_only=True)
    opinions = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    content = serializers.SerializerMethodField()

    class Meta:
        model = Item
        fields = [
            "id",
            "session",
            "code",
            "title",
            "content",
            "scope",
            "field",
            "state",
            "voter_count",
            "opinions",
            "carried_from",
            "informed_how",
            "informed_on",
            "published_on",
            "posted_until",
            "outcome",
            "verdict",
            "open_steps",
        ]

    def get_content(self, item) -> str:
        return identity.shield_for_outsiders(item, where="api").text(item.content)


class ReasonBody(serializers.Serializer):
    reason = serializers.CharField()


class ItemDraftBody(serializers.Serializer):
    session = serializers.IntegerField()
    opinions = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    title = serializers.CharField(max_length=255)
    content = serializers.CharField()


class AnswerSerializer(CaseSerializer):
    class Meta:
        model = AgencyAnswer
        fields = [
            "id",
            "item",
            "agency",
            "state",
            "received_on",
            "answer_due",
            "answered_on",
            "outcome",
            "content",
            "roadmap",
            "promised_on",
            "document_number",
            "document_date",
            "on_paper",
            "followed_up_on",
            "escalated_on",
            "open_steps",
        ]


def _created(serializer_class, record) -> Response:
    return Response(serializer_class(record).data, status=status.HTTP_201_CREATED)


class SessionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = SessionSerializer

    def get_queryset(self):
        return selectors.session_list(user=self.request.user).order_by("-opens_on")

    def create(self, request, *args, **kwargs):
        body = SessionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            session = services.session_create(actor=request.user, **body.validated_data)
        except DomainError as error:
            return refusal(error)
        return _created(SessionSerializer, session)

    def _change(self, request, service):
        try:
            session = service(session=self.get_object(), actor=request.user)
        except DomainError as error:
            return refusal(error)
        return Response(SessionSerializer(session).data)

    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        return self._change(request, services.session_open)

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._change(request, services.session_close)


class MeetingViewSet(
    CaseActionsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = MeetingSerializer
    filterset_fields = ["session", "state"]

    def get_queryset(self):
        return visible_meetings(self.request.user).order_by("starts_at")

    def create(self, request, *args, **kwargs):
        body = MeetingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        session = selectors.session_get(user=request.user, pk=data.pop("session").pk)
        if session is None:
            return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
        try:
            meeting = services.meeting_plan(actor=request.user, session=session, **data)
        except DomainError as error:
            return refusal(error)
        return _created(MeetingSerializer, meeting)


class OpinionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = OpinionSerializer
    filterset_fields = ["meeting", "session", "state"]

    def get_queryset(self):
        meetings = visible_meetings(self.request.user)
        return Opinion.objects.filter(meeting__in=meetings).select_related("meeting")

    @extend_schema(request=OpinionsBody, responses={201: OpinionSerializer(many=True)})
    def create(self, request, *args, **kwargs):
        """Records rows of opinions raised at a meeting, all or none."""
        body = OpinionsBody(data=request.data)
        body.is_valid(raise_exception=True)
        meeting = get_object_or_404(
            visible_meetings(request.user), pk=body.validated_data["meeting"]
        )
        rows = [OpinionRow(**row) for row in body.validated_data["rows"]]
        try:
            created = services.opinions_capture(meeting=meeting, actor=request.user, rows=rows)
        except DomainError as error:
            return refusal(error)
        return Response(OpinionSerializer(created, many=True).data, status=201)

    def _sort(self, request, service, **data):
        opinion = self.get_object()
        try:
            service(opinion=opinion, actor=request.user, **data)
        except DomainError as error:
            return refusal(error)
        return Response(OpinionSerializer(Opinion.objects.get(pk=opinion.pk)).data)

    @action(detail=True, methods=["post"])
    def aggregate(self, request, pk=None):
        return self._sort(request, services.opinion_to_aggregate)

    @extend_schema(request=AnsweredBody, responses={200: OpinionSerializer})
    @action(detail=True, methods=["post"])
    def answered(self, request, pk=None):
        body = AnsweredBody(data=request.data)
        body.is_valid(raise_exception=True)
        return self._sort(request, services.opinion_mark_answered, **body.validated_data)

    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._sort(request, services.opinion_reopen)


class ItemViewSet(
    CaseActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = ItemSerializer
    filterset_fields = ["session", "state", "scope", "field"]

    def get_queryset(self):
        return visible_items(self.request.user).order_by("code")

    @extend_schema(request=ItemDraftBody, responses={201: ItemSerializer})
    def create(self, request, *args, **kwargs):
        """Merges opinions of a session into a new item."""
        body = ItemDraftBody(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        session = selectors.session_get(user=request.user, pk=data["session"])
        if session is None:
            return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
        opinions = Opinion.objects.filter(session=session, pk__in=data["opinions"])
        try:
            item = services.item_draft(
                actor=request.user,
                session=session,
                opinions=opinions,
                title=data["title"],
                content=data["content"],
            )
        except DomainError as error:
            return refusal(error)
        return _created(ItemSerializer, item)

    @extend_schema(request=ReasonBody, responses={200: ItemSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """A leader withdraws the published answers, with the reason."""
        body = ReasonBody(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            item = services.item_withdraw_publication(
                item=self.get_object(), actor=request.user, **body.validated_data
            )
        except DomainError as error:
            return refusal(error)
        return Response(ItemSerializer(item).data)


class AnswerViewSet(
    CaseActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = AnswerSerializer
    filterset_fields = ["item", "agency", "state"]

    def get_queryset(self):
        return visible_answers(self.request.user).select_related("item", "agency").order_by("pk")
