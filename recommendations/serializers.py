"""The API bodies of the voter-contact actions (the same keyword arguments as the forms)."""

from rest_framework import serializers

from units.choices import UnitKind
from units.models import Unit, User

from .choices import Field, InformedHow, Outcome, Scope, Verdict


class EmptyBody(serializers.Serializer):
    pass


class ReasonBody(serializers.Serializer):
    reason = serializers.CharField()


class NoteBody(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class HoldBody(serializers.Serializer):
    voters_attending = serializers.IntegerField(min_value=1)
    deputies_present = serializers.PrimaryKeyRelatedField(many=True, queryset=User.objects.all())


class RescheduleBody(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class MinutesBody(serializers.Serializer):
    minutes = serializers.CharField()
    answered_on_spot = serializers.CharField(required=False, allow_blank=True, default="")


class EditBody(serializers.Serializer):
    title = serializers.CharField(max_length=255)
    content = serializers.CharField()


class ClassifyBody(serializers.Serializer):
    scope = serializers.ChoiceField(choices=Scope.choices)
    field = serializers.ChoiceField(choices=Field.choices)
    agencies = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Unit.objects.filter(kind=UnitKind.AGENCY)
    )


class InformBody(serializers.Serializer):
    how = serializers.ChoiceField(choices=InformedHow.choices)
    on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PublicTextBody(serializers.Serializer):
    public_text = serializers.CharField()


class AssessBody(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AnswerBody(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    content = serializers.CharField()
    roadmap = serializers.CharField(required=False, allow_blank=True, default="")
    promised_on = serializers.DateField(required=False, allow_null=True, default=None)
    document_number = serializers.CharField(required=False, allow_blank=True, default="")
    document_date = serializers.DateField(required=False, allow_null=True, default=None)
