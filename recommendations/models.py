"""Voter contact and voter recommendations (domain.md §2; NQLT 72/2025 as amended by NQLT
100/2025).

Three records run in flows (`workflows.models.WorkflowCase`): a meeting between deputies and
voters, an aggregated item (what many voters raised, merged), and each agency's part of an item
(its own 60-day answer clock). Sessions and opinions have state machines of their own but no
flow: a session follows the calendar, an opinion is sorted on the meeting's page.

State is owned by the FSM fields; the transitions below are pure (guards and in-memory
changes); `recommendations.services` runs each in one transaction with one history row.
"""

from django.conf import settings
from django.db import models
from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from units.history import audit_history
from units.models import Unit
from units.search import fold
from workflows.models import WorkflowCase

from .choices import (
    AnswerState,
    Body,
    Field,
    InformedHow,
    ItemState,
    Medium,
    MeetingForm,
    MeetingKind,
    MeetingState,
    OpinionState,
    Outcome,
    RaisedBy,
    Scope,
    SessionKind,
    SessionState,
    Verdict,
)

M, OP, IT, A = MeetingState, OpinionState, ItemState, AnswerState


class Session(ConcurrentTransitionMixin, models.Model):
    """A session (kỳ họp) of the National Assembly or a People's Council, as the organising
    MTTQ committee follows it: its dates give the report deadlines of Art. 37–38."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("organising committee")
    )
    delegation = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("deputies' delegation"),
        help_text=_("The NA delegation or the People's Council standing committee."),
    )
    body = models.CharField(_("body"), max_length=24, choices=Body.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=SessionKind.choices)
    term = models.PositiveSmallIntegerField(_("term"))
    number = models.PositiveSmallIntegerField(_("session number"))
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_session",
        verbose_name=_("previous session"),
        help_text=_("Items carried over from it are supervised again in this session."),
    )
    state = FSMField(
        _("state"), default=SessionState.SCHEDULED, choices=SessionState.choices, protected=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = audit_history()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-opens_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="recommendations_session_closes_after_opening",
            ),
            models.UniqueConstraint(
                fields=["unit", "body", "term", "number"], name="recommendations_session_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("recommendations:session-detail", args=[self.pk])

    @transition(field=state, source=SessionState.SCHEDULED, target=SessionState.OPEN)
    def open(self) -> None:
        pass

    @transition(field=state, source=SessionState.OPEN, target=SessionState.CLOSED)
    def close(self) -> None:
        pass


class Meeting(ConcurrentTransitionMixin, WorkflowCase):
    """A meeting between deputies and voters (NQLT 72 Art. 18–36)."""

    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("session")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("organising committee")
    )
    code = models.CharField(_("reference"), max_length=24, unique=True)
    kind = models.CharField(_("meeting kind"), max_length=24, choices=MeetingKind.choices)
    form = models.CharField(_("form"), max_length=16, choices=MeetingForm.choices)
    medium = models.CharField(
        _("medium"), max_length=16, choices=Medium.choices, default=Medium.IN_PERSON
    )
    place = models.CharField(_("place"), max_length=255, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    outside_province = models.BooleanField(
        _("NA deputy outside their own province"),
        default=False,
        help_text=_("Notice must then be given 20 working days before (Art. 31.2)."),
    )
    chair = models.CharField(_("chair"), max_length=150, blank=True)
    organisers = models.CharField(_("organising committee"), max_length=255, blank=True)
    voters_attending = models.PositiveIntegerField(_("voters attending"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    answered_on_spot = models.TextField(_("answered at the meeting"), blank=True)
    announced_on = models.DateField(_("announced on"), null=True, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    minutes_on = models.DateField(_("minutes recorded on"), null=True, blank=True)
    stop_reason = models.TextField(_("reason for cancelling or postponing"), blank=True)
    state = FSMField(_("state"), default=M.PLANNED, choices=M.choices, protected=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = audit_history()

    class Meta:
        verbose_name = _("voter meeting")
        verbose_name_plural = _("voter meetings")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("recommendations:meeting-detail", args=[self.pk])

    @property
    def meeting_day(self):
        from django.utils import timezone

        return timezone.localtime(self.starts_at).date()

    @transition(field=state, source=M.PLANNED, target=M.ANNOUNCED)
    def announce(self) -> None:
        pass

    @transition(field=state, source=M.ANNOUNCED, target=M.HELD)
    def hold(self) -> None:
        pass

    @transition(field=state, source=M.HELD, target=M.MINUTES_RECORDED)
    def record_minutes(self) -> None:
        pass

    @transition(field=state, source=M.MINUTES_RECORDED, target=M.CLOSED)
    def close(self) -> None:
        pass

    @transition(field=state, source=[M.PLANNED, M.ANNOUNCED, M.POSTPONED], target=M.CANCELLED)
    def cancel(self) -> None:
        pass

    @transition(field=state, source=[M.PLANNED, M.ANNOUNCED], target=M.POSTPONED)
    def postpone(self) -> None:
        pass

    @transition(field=state, source=M.POSTPONED, target=M.PLANNED)
    def reschedule(self) -> None:
        pass


class MeetingDeputy(models.Model):
    """A deputy expected at a meeting, and whether they came (the minutes' attendance)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="deputies")
    deputy = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField(_("present"), null=True, blank=True)

    history = audit_history()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "deputy"], name="recommendations_meetingdeputy_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}/{self.deputy_id}"


class Opinion(ConcurrentTransitionMixin, models.Model):
    """One opinion raised at a meeting (one row of the minutes' table)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="opinions", verbose_name=_("meeting")
    )
    # The session, repeated so the aggregation workspace reads a session's opinions on one index.
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="opinions")
    number = models.PositiveIntegerField(_("no."))
    raised_by = models.CharField(
        _("raised by"), max_length=8, choices=RaisedBy.choices, default=RaisedBy.VOTER
    )
    voter_name = models.CharField(_("voter's name"), max_length=150, blank=True)
    voter_address = models.CharField(_("voter's address"), max_length=255, blank=True)
    voters = models.PositiveIntegerField(
        _("number of voters"), default=1, help_text=_("How many voters raised it.")
    )
    protect_identity = models.BooleanField(
        _("the voter asks not to be named"),
        default=False,
        help_text=_("Their name and address are then shown only to those given access."),
    )
    field = models.CharField(_("field"), max_length=16, choices=Field.choices)
    content = models.TextField(_("content"))
    answer_at_meeting = models.TextField(_("answer given at the meeting"), blank=True)
    state = FSMField(_("state"), default=OP.CAPTURED, choices=OP.choices, protected=True)
    # The petition it became (Art. 37.4), by the kernel's case reference: petitions are another
    # kind, which this app does not import.
    petition_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    petition_id = models.PositiveBigIntegerField(null=True, blank=True)
    # A row's fingerprint in the spreadsheet it came from: importing the same file again finds
    # the rows it already holds and changes nothing.
    import_key = models.CharField(max_length=64, blank=True, default="")
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    history = audit_history(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        ordering = ["meeting_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"], name="recommendations_opinion_number"
            ),
            models.UniqueConstraint(
                fields=["session", "import_key"],
                condition=~models.Q(import_key=""),
                name="recommendations_opinion_import_key",
            ),
        ]
        indexes = [models.Index(fields=["session", "state"], name="opinion_session_state")]

    def __str__(self) -> str:
        # Not the voter: admin pages, audit labels and logs print models with str().
        return _("opinion %(meeting)s/%(number)s") % {
            "meeting": self.meeting_id,
            "number": self.number,
        }

    def save(self, *args, **kwargs):
        self.search_text = fold(self.content)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#opinion-{self.pk}"

    def get_source_label(self) -> str:
        """How a petition made from this opinion names where it was raised (never a person)."""
        return _("Opinion %(number)s at voter meeting %(meeting)s") % {
            "number": self.number,
            "meeting": self.meeting.code,
        }

    @transition(field=state, source=OP.CAPTURED, target=OP.ANSWERED_AT_MEETING)
    def mark_answered(self) -> None:
        pass

    @transition(field=state, source=OP.CAPTURED, target=OP.TO_AGGREGATE)
    def send_to_aggregate(self) -> None:
        pass

    @transition(field=state, source=[OP.CAPTURED, OP.TO_AGGREGATE], target=OP.CONVERTED_TO_PETITION)
    def convert_to_petition(self) -> None:
        pass

    @transition(field=state, source=[OP.ANSWERED_AT_MEETING, OP.TO_AGGREGATE], target=OP.CAPTURED)
    def reopen(self) -> None:
        pass


class Item(ConcurrentTransitionMixin, WorkflowCase):
    """An aggregated item (tổng hợp): opinions of many meetings merged into one
    recommendation, routed to one or more agencies (Art. 37, 49–54)."""

    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="items", verbose_name=_("session")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("committee")
    )
    code = models.CharField(_("reference"), max_length=24, unique=True)
    title = models.CharField(_("title"), max_length=255)
    content = models.TextField(_("merged wording"))
    scope = models.CharField(_("scope"), max_length=8, choices=Scope.choices, blank=True)
    field = models.CharField(_("field"), max_length=16, choices=Field.choices)
    opinions = models.ManyToManyField(
        Opinion, through="ItemSource", related_name="items", verbose_name=_("opinions")
    )
    carried_from = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carried_into",
        verbose_name=_("carried over from"),
    )
    informed_how = models.CharField(
        _("how the voters were told"), max_length=16, choices=InformedHow.choices, blank=True
    )
    informed_on = models.DateField(_("voters told on"), null=True, blank=True)
    informed_note = models.TextField(_("note on telling the voters"), blank=True)
    public_text = models.TextField(_("text to publish"), blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    posted_until = models.DateField(_("posted until"), null=True, blank=True)
    withdrawn_on = models.DateField(_("publication withdrawn on"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason the publication was withdrawn"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    verdict = models.CharField(_("assessment"), max_length=16, choices=Verdict.choices, blank=True)
    assessment_note = models.TextField(_("assessment note"), blank=True)
    state = FSMField(_("state"), default=IT.DRAFTED, choices=IT.choices, protected=True)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    history = audit_history(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("voter recommendation")
        verbose_name_plural = _("voter recommendations")
        ordering = ["session_id", "code"]
        indexes = [models.Index(fields=["session", "state"], name="item_session_state")]

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.code} {self.title} {self.content}")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("recommendations:item-detail", args=[self.pk])

    def voter_count(self) -> int:
        return self.opinions.aggregate(n=Sum("voters"))["n"] or 0

    @transition(field=state, source=IT.DRAFTED, target=IT.CLASSIFIED)
    def classify(self) -> None:
        pass

    @transition(field=state, source=IT.CLASSIFIED, target=IT.REPORT_SENT)
    def send_report(self) -> None:
        pass

    @transition(field=state, source=IT.REPORT_SENT, target=IT.AWAITING_ANSWER)
    def await_answers(self) -> None:
        pass

    @transition(field=state, source=IT.AWAITING_ANSWER, target=IT.ANSWERED)
    def answers_in(self) -> None:
        pass

    @transition(field=state, source=IT.ANSWERED, target=IT.VOTERS_INFORMED)
    def inform_voters(self) -> None:
        pass

    @transition(field=state, source=IT.VOTERS_INFORMED, target=IT.PUBLISHED)
    def publish(self) -> None:
        pass

    @transition(field=state, source=IT.PUBLISHED, target=IT.ASSESSED)
    def assess(self) -> None:
        pass

    @transition(field=state, source=IT.ASSESSED, target=IT.CLOSED)
    def close(self) -> None:
        pass

    @transition(field=state, source=IT.ASSESSED, target=IT.CARRIED_OVER)
    def carry_over(self) -> None:
        pass


class ItemSource(models.Model):
    """One opinion merged into an item: the item keeps its source meetings and voter counts."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="sources")
    opinion = models.ForeignKey(Opinion, on_delete=models.PROTECT, related_name="sources")

    history = audit_history()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "opinion"], name="recommendations_source")
        ]

    def __str__(self) -> str:
        return f"{self.item_id}←{self.opinion_id}"


def answer_upload_to(instance, filename: str) -> str:
    return f"recommendations/answers/{instance.item_id}/{filename}"


class AgencyAnswer(ConcurrentTransitionMixin, WorkflowCase):
    """An agency's part of an item: its own answer clock, 60 days from receipt (Art. 49.1)."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    # The committee that routed it (the item's): every case names the unit it belongs to.
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("committee")
    )
    agency = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    received_on = models.DateField(_("received on"), null=True, blank=True)
    answer_due = models.DateField(_("answer due"), null=True, blank=True)
    state = FSMField(_("state"), default=A.ROUTED, choices=A.choices, protected=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    content = models.TextField(_("answer"), blank=True)
    roadmap = models.TextField(_("roadmap"), blank=True)
    promised_on = models.DateField(_("promised by"), null=True, blank=True)
    document_number = models.CharField(_("document number"), max_length=64, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    document = models.FileField(_("document"), upload_to=answer_upload_to, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    on_paper = models.BooleanField(_("recorded from a paper answer"), default=False)
    followed_up_on = models.DateField(_("followed up on"), null=True, blank=True)
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = audit_history()

    class Meta:
        verbose_name = _("agency answer")
        verbose_name_plural = _("agency answers")
        ordering = ["item_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "agency"], name="recommendations_answer")
        ]

    def __str__(self) -> str:
        return f"{self.item.code} · {self.agency.name}"

    def get_absolute_url(self) -> str:
        return reverse("recommendations:item-detail", args=[self.item_id])

    @transition(field=state, source=A.ROUTED, target=A.AWAITING)
    def send(self) -> None:
        pass

    @transition(field=state, source=A.AWAITING, target=A.ANSWERED)
    def record(self) -> None:
        pass


class VoterIdentityView(models.Model):
    """One showing of a protected voter's name to someone given access (the identity module
    records each)."""

    case_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+"
    )
    case_id = models.PositiveBigIntegerField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    where = models.CharField(max_length=120)
    viewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["case_type", "case_id"], name="voteridentityview_case")]

    def __str__(self) -> str:
        return f"{self.case_type_id}/{self.case_id} · {self.user_id}"
