"""The API bodies of the board cases' actions (the same keyword arguments as the forms) and the
read serializers of boards and cases. No serializer carries a requester's name: the API shows
whether a requester asked for protection, never who they are."""

from rest_framework import serializers

from units.choices import UnitKind
from units.models import Unit

from .choices import Answerer, Checklist, Conformity
from .models import Board, InspectionCase, InvestmentRound, Member


class NoteBody(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonBody(serializers.Serializer):
    reason = serializers.CharField()


class PlanSentBody(serializers.Serializer):
    plan_sent_on = serializers.DateField()
    sent_to = serializers.CharField()


class InvestorNoticeBody(serializers.Serializer):
    notice_sent_on = serializers.DateField()


class StartBody(serializers.Serializer):
    early_reason = serializers.CharField(required=False, allow_blank=True, default="")


class FindingsBody(serializers.Serializer):
    findings = serializers.CharField()


class RecommendationBody(serializers.Serializer):
    recommendation = serializers.CharField()
    suspension_requested = serializers.BooleanField(required=False, default=False)


class SendBody(serializers.Serializer):
    answerer = serializers.ChoiceField(choices=Answerer.choices, default=Answerer.UBND)
    answering_agency = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.filter(kind=UnitKind.AGENCY), required=False, allow_null=True
    )
    sent_on = serializers.DateField(required=False, allow_null=True, default=None)


class ResponseBody(serializers.Serializer):
    response = serializers.CharField()
    responded_on = serializers.DateField(required=False, allow_null=True, default=None)


class ToldBody(serializers.Serializer):
    told_how = serializers.CharField(max_length=255)


class InformedBody(serializers.Serializer):
    informed_how = serializers.CharField(max_length=255)


class ReportBody(serializers.Serializer):
    report_note = serializers.CharField()


class ChecklistBody(serializers.Serializer):
    item = serializers.ChoiceField(choices=Checklist.choices)
    conformity = serializers.ChoiceField(choices=Conformity.choices)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class EvidenceBody(serializers.Serializer):
    file = serializers.FileField()
    caption = serializers.CharField(required=False, allow_blank=True, default="")
    item = serializers.ChoiceField(choices=Checklist.choices, required=False, allow_blank=True)


class ByElectionBody(serializers.Serializer):
    held_on = serializers.DateField()
    full_name = serializers.CharField(max_length=150)
    village = serializers.CharField(required=False, allow_blank=True, default="")
    minutes = serializers.CharField(required=False, allow_blank=True, default="")


# Reading ----------------------------------------------------------------------------------


class MemberSerializer(serializers.ModelSerializer):
    comes_from = serializers.CharField(source="source", read_only=True)

    class Meta:
        model = Member
        fields = [
            "id",
            "full_name",
            "village",
            "role",
            "comes_from",
            "term_starts",
            "term_ends",
            "left_on",
        ]


class BoardSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="unit.name")
    members = serializers.SerializerMethodField()

    class Meta:
        model = Board
        fields = [
            "id",
            "name",
            "kind",
            "state",
            "commune",
            "project",
            "villages",
            "term_starts",
            "term_ends",
            "recognised_on",
            "established_on",
            "members",
        ]

    def get_members(self, board) -> list:
        return MemberSerializer(board.current_members(), many=True).data


CASE_FIELDS = [
    "id",
    "code",
    "board",
    "subject",
    "state",
    "starts_on",
    "findings",
    "recommendation",
    "certified_on",
    "doc_number",
    "sent_on",
    "answerer",
    "answering_agency",
    "answer_due",
    "response",
    "responded_on",
    "reported_on",
    "closed_on",
]


class InspectionCaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = InspectionCase
        fields = [
            *CASE_FIELDS,
            "source",
            "supervised_body",
            "plan_item",
            "plan_sent_on",
            "protect_identity",
            "requester_told_on",
        ]


class ChecklistEntrySerializer(serializers.Serializer):
    item = serializers.CharField()
    label = serializers.CharField(source="get_item_display")
    conformity = serializers.CharField()
    notes = serializers.CharField()


class InvestmentRoundSerializer(serializers.ModelSerializer):
    checklist = ChecklistEntrySerializer(many=True, read_only=True)

    class Meta:
        model = InvestmentRound
        fields = [
            *CASE_FIELDS,
            "project",
            "notice_sent_on",
            "suspension_requested",
            "residents_informed_on",
            "checklist",
        ]
