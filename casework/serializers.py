"""Shapes of petitions in the REST API, and the bodies its writes accept.

The serializers only read and validate: creating a petition and every action on it go through
`workflows.actions`, which completes the flow's task in the same transaction."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases import identity
from units.choices import UnitKind
from units.converters import MAX_ID
from units.models import Unit

from .choices import (
    AnswerOutcome,
    Channel,
    Complexity,
    Field,
    Instance,
    NotifyChannel,
    PetitionKind,
    PetitionState,
)
from .validators import ID_NUMBER_INPUT_MAX_LENGTH, id_number_or_blank


def _enum(choices, component_name: str) -> type[serializers.ChoiceField]:
    """A choice field whose values are a schema component of their own: "kind" and "channel"
    name different choice sets on units, petitions and notifications."""

    @extend_schema_field({"type": "string", "enum": list(choices.values)}, component_name)
    class EnumField(serializers.ChoiceField):
        def __init__(self, **kwargs):
            super().__init__(choices=choices.choices, **kwargs)

    EnumField.__name__ = EnumField.__qualname__ = component_name.replace("Enum", "Field")
    return EnumField


StateField = _enum(PetitionState, "PetitionStateEnum")
KindField = _enum(PetitionKind, "PetitionKindEnum")
FieldField = _enum(Field, "PetitionFieldEnum")
ChannelField = _enum(Channel, "PetitionChannelEnum")
ComplexityField = _enum(Complexity, "ComplexityEnum")
InstanceField = _enum(Instance, "InstanceEnum")
OutcomeField = _enum(AnswerOutcome, "AnswerOutcomeEnum")
NotifyChannelField = _enum(NotifyChannel, "NotifyChannelEnum")

# Petitions ------------------------------------------------------------------------------


def _shield(petition) -> identity.Shield:
    """The shield the view attached to the petition (`identity.shield_many`); without one the
    petition is read as by someone without a grant: forgetting fails closed."""
    shown = getattr(petition, "shown", None)
    return shown if isinstance(shown, identity.Shield) else identity.shield_for_outsiders(petition)


class ShownTextField(serializers.CharField):
    """A free text of the petition, read through its identity shield."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return _shield(instance).text(super().get_attribute(instance))


class UnitRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ReferralSummarySerializer(serializers.Serializer):
    slip_number = serializers.CharField()
    agency = serializers.CharField(source="agency.name")
    sent_on = serializers.DateField(allow_null=True)
    answer_due = serializers.DateField(allow_null=True)


class DisclosureSummarySerializer(serializers.Serializer):
    summary = serializers.CharField()
    published_at = serializers.DateTimeField()


class SignerSerializer(serializers.Serializer):
    """A `cases.identity.PersonView`: a protected identity arrives already redacted."""

    full_name = serializers.CharField()
    id_number = serializers.CharField()
    phone = serializers.CharField()
    address = serializers.CharField()
    email = serializers.CharField()
    is_primary = serializers.BooleanField()
    redacted = serializers.BooleanField()


class PetitionSerializer(serializers.Serializer):
    """A petition as lists show it: no signers, so a list never touches an identity."""

    id = serializers.IntegerField()
    tracking_code = serializers.CharField()
    unit = UnitRefSerializer()
    state = StateField()
    state_display = serializers.CharField(source="get_state_display")
    kind = KindField()
    kind_display = serializers.CharField(source="get_kind_display")
    field = FieldField()
    field_display = serializers.CharField(source="get_field_display")
    channel = ChannelField()
    channel_display = serializers.CharField(source="get_channel_display")
    title = ShownTextField()
    content = ShownTextField()
    request = ShownTextField()
    identity_protected = serializers.BooleanField()
    received_on = serializers.DateField()
    classify_due = serializers.DateField(allow_null=True)
    answer_due = serializers.DateField(allow_null=True)
    is_group = serializers.BooleanField()
    signer_count = serializers.IntegerField()
    current_referral = serializers.SerializerMethodField()
    disclosure = serializers.SerializerMethodField()

    @extend_schema_field(ReferralSummarySerializer(allow_null=True))
    def get_current_referral(self, petition):
        # The viewset prefetches referrals with their agency: picking the latest in Python
        # keeps a page of petitions at a fixed number of queries.
        referrals = list(petition.referrals.all())
        if not referrals:
            return None
        return ReferralSummarySerializer(max(referrals, key=lambda r: r.pk)).data

    @extend_schema_field(DisclosureSummarySerializer(allow_null=True))
    def get_disclosure(self, petition):
        # Only a published summary is public; a draft awaiting approval or a withdrawn summary
        # is not shown.
        disclosure = getattr(petition, "disclosure", None)
        if disclosure is None or not disclosure.is_public:
            return None
        return {
            "summary": _shield(petition).text(disclosure.summary),
            "published_at": DisclosureSummarySerializer(disclosure).data["published_at"],
        }


class PetitionDetailSerializer(PetitionSerializer):
    signers = serializers.SerializerMethodField()

    @extend_schema_field(SignerSerializer(many=True))
    def get_signers(self, petition):
        # Showing a protected identity is recorded by the shield.
        return SignerSerializer(_shield(petition).people(), many=True).data


class PetitionReceiptSerializer(PetitionSerializer):
    secret = serializers.CharField(
        help_text=_("One-time secret for the citizen's receipt; only its hash is stored.")
    )


class SignerInputSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=150)
    id_number = serializers.CharField(
        max_length=ID_NUMBER_INPUT_MAX_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("12 digits (CCCD) or 9 (old CMND); spaces or dots between digits are allowed"),
    )
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")

    def validate_id_number(self, value: str) -> str:
        # The reception form's check, so both accept and store the same number.
        try:
            return id_number_or_blank(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error


class PetitionCreateSerializer(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    channel = ChannelField()
    kind = KindField()
    title = serializers.CharField(max_length=255)
    content = serializers.CharField()
    request = serializers.CharField(required=False, allow_blank=True, default="")
    letter_date = serializers.DateField(required=False, allow_null=True, default=None)
    received_on = serializers.DateField()
    signers = SignerInputSerializer(many=True, allow_empty=False)
    duplicate_of = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=MAX_ID,
        help_text=_("ID of an earlier petition"),
    )
    protect_identity = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_(
            "The petitioner asked for their identity to be kept confidential "
            "(always so for a denunciation)"
        ),
    )


# Query parameters of the list ------------------------------------------------------------


class PetitionQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False, default="", help_text=_("Words of the code, subject or content")
    )
    state = StateField(required=False, allow_blank=True)
    kind = KindField(required=False, allow_blank=True)
    field = FieldField(required=False, allow_blank=True)
    unit = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=MAX_ID
    )
    overdue = serializers.BooleanField(required=False, default=False)
    open = serializers.BooleanField(required=False, default=False)


# History and tasks ----------------------------------------------------------------------


class HistoryRowSerializer(serializers.Serializer):
    """One audit row. Carries field names only, never values: a denouncer's identity cannot
    travel through it."""

    record = serializers.CharField(help_text=_("Which record changed: petition, referral, …"))
    record_display = serializers.CharField()
    object_id = serializers.IntegerField()
    change = serializers.ChoiceField(choices=["created", "changed", "deleted"])
    date = serializers.DateTimeField()
    user = serializers.CharField(allow_null=True)
    reason = serializers.CharField(allow_null=True)
    state = serializers.CharField(allow_null=True)
    state_display = serializers.CharField(allow_null=True)
    changed_fields = serializers.ListField(child=serializers.CharField())


class TaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField()
    owner = serializers.CharField(allow_null=True)
    unit = serializers.CharField(allow_null=True)
    role = serializers.CharField(allow_null=True)
    created = serializers.DateTimeField()
    finished = serializers.DateTimeField(allow_null=True)
    due = serializers.DateField(allow_null=True)
    actions = serializers.ListField(child=serializers.CharField())


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


# Action bodies: one small serializer per action, declared with it in casework.actions ---


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text=_("Kept in the case history."))


class ClassifySerializer(ReasonSerializer):
    kind = KindField()
    field = FieldField()
    processable = serializers.BooleanField()
    complexity = ComplexityField(required=False)
    instance = InstanceField(required=False)
    remote_area = serializers.BooleanField(required=False)
    several_places = serializers.BooleanField(required=False)


class ReferSerializer(ReasonSerializer):
    agency = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.filter(
            kind__in=(UnitKind.AGENCY, UnitKind.INSPECTION_BOARD), is_active=True
        )
    )
    note = serializers.CharField(required=False, allow_blank=True)


class EscalateToSuperiorSerializer(ReasonSerializer):
    note = serializers.CharField(required=False, allow_blank=True)


class RecordAnswerSerializer(ReasonSerializer):
    document_number = serializers.CharField(max_length=60)
    document_date = serializers.DateField()
    summary = serializers.CharField()
    outcome = OutcomeField()


class ExtendSerializer(ReasonSerializer):
    decision_number = serializers.CharField(max_length=60)
    days = serializers.IntegerField(min_value=1, max_value=90)


class DecisionSerializer(ReasonSerializer):
    decision_number = serializers.CharField(max_length=60)


class NotifyPetitionerSerializer(ReasonSerializer):
    on = serializers.DateField()
    channel = NotifyChannelField()


class SubmitDisclosureSerializer(ReasonSerializer):
    summary = serializers.CharField()


class SplitPartSerializer(serializers.Serializer):
    kind = KindField()
    title = serializers.CharField(max_length=255)
    content = serializers.CharField()


class SplitSerializer(ReasonSerializer):
    parts = SplitPartSerializer(many=True, min_length=2)
